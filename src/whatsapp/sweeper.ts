// The safety net under the queue: whatever a lost job, a Redis outage or a crash left behind is scheduled
// again from the database rows, and old inbox rows are pruned (kept 35 days: the replay defence needs 30).
import { and, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { conversationJob } from '../conversation/conversation-job.js';
import type { Db } from '../db/database.js';
import { inbox, outbox } from '../db/schema.js';
import { every } from '../every.js';
import type { JobQueue } from '../queue/job.js';
import { sendJob } from './send-job.js';
import { isReceipt, releaseStaleClaims } from './send-outbox.js';

const SETTLE_MS = 10_000;
const STALE_CLAIM_MS = 60_000;
export const INBOX_RETENTION_DAYS = 35;
const LIMIT = 500;

export interface SweeperDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
}

export interface SweepResult {
  conversations: number;
  sends: number;
  released: number;
  pruned: number;
}

export async function sweep(deps: SweeperDeps): Promise<SweepResult> {
  const now = deps.clock.now().getTime();
  const settled = new Date(now - SETTLE_MS);
  const tick = Math.floor(now / SETTLE_MS);

  const waiting = await deps.db
    .selectDistinct({ contactId: inbox.contactId })
    .from(inbox)
    .where(and(isNull(inbox.processedAt), lt(inbox.receivedAt, settled)))
    .limit(LIMIT);
  for (const { contactId } of waiting) {
    await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `sweep-conv-${contactId}-${tick}` });
  }

  const released = await releaseStaleClaims(deps.db, new Date(now - STALE_CLAIM_MS), deps.log);
  const heads = await deps.db
    .select({ id: sql<number>`min(${outbox.id})`.mapWith(Number) })
    .from(outbox)
    .where(
      and(
        sql`${outbox.status} = 'pending'`,
        lt(outbox.createdAt, settled),
        sql`not ${isReceipt(outbox.message)}`,
        // A row waiting out a backoff, a pace or a pause has its own job due then.
        sql`(${outbox.nextAttemptAt} is null or ${outbox.nextAttemptAt} <= ${new Date(now).toISOString()}::timestamptz)`,
      ),
    )
    .groupBy(outbox.contactId)
    .limit(LIMIT);
  for (const { id } of heads) await deps.queue.enqueue(sendJob, { outboxId: id }, { jobId: `sweep-out-${id}-${tick}` });
  const receipts = await deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(sql`${outbox.status} = 'pending'`, lt(outbox.createdAt, settled), isReceipt(outbox.message)))
    .limit(LIMIT);
  for (const { id } of receipts) await deps.queue.enqueue(sendJob, { outboxId: id, receipt: true }, { jobId: `sweep-out-${id}-${tick}` });

  const pruned = await deps.db
    .delete(inbox)
    .where(and(isNotNull(inbox.processedAt), lt(inbox.receivedAt, new Date(now - INBOX_RETENTION_DAYS * 86_400_000))))
    .returning({ wamid: inbox.wamid });

  const result = { conversations: waiting.length, sends: heads.length + receipts.length, released: released.length, pruned: pruned.length };
  if (result.conversations + result.sends + result.released + result.pruned > 0) deps.log.info(result, 'sweeper scheduled leftovers');
  return result;
}

/** Runs sweep() every intervalMs until stop() (which waits for a sweep in progress); a failed sweep is retried next time. */
export function startSweeper(deps: SweeperDeps, intervalMs = 15_000): () => Promise<void> {
  return every(intervalMs, () => sweep(deps), (error) => deps.log.warn({ err: error }, 'sweep failed; next interval retries'));
}
