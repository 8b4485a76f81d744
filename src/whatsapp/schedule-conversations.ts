// After a batch of deliveries is stored: one job for the conversations of every sender with a new message.
import type { Logger } from 'pino';
import { CONTACTS_PER_JOB, conversationsJob, conversationsJobId } from '../conversation/conversation-job.js';
import type { JobQueue } from '../queue/job.js';
import type { StoredDelivery } from './store-webhook-events.js';

/**
 * Never throws: the inbox rows are durable, so a queue that cannot take the job (Redis away) is logged and
 * the sweeper schedules those contacts once it can. Returns how many contacts were scheduled.
 */
export async function scheduleConversations(queue: JobQueue, stored: readonly StoredDelivery[], log: Pick<Logger, 'warn'>): Promise<number> {
  const wamids: string[] = [];
  const contactIds = new Set<number>();
  for (const delivery of stored) {
    for (const { contactId, wamid } of delivery.newMessages) {
      wamids.push(wamid);
      contactIds.add(contactId);
    }
  }
  if (contactIds.size === 0) return 0;
  const ids = [...contactIds];
  const key = conversationsJobId(wamids);
  const jobs: Promise<void>[] = [];
  for (let start = 0; start < ids.length; start += CONTACTS_PER_JOB) {
    const part = ids.slice(start, start + CONTACTS_PER_JOB);
    jobs.push(queue.enqueue(conversationsJob, { contactIds: part }, { jobId: `${key}-${start / CONTACTS_PER_JOB}` }));
  }
  const outcomes = await Promise.allSettled(jobs);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) log.warn({ err: failed.reason, contacts: ids.length }, 'could not schedule conversations; the sweeper will');
  return ids.length;
}
