import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineJob } from '../queue/job.js';

/** "Process the unprocessed inbox rows of contact X": carries the id only, never message text. */
export const conversationJob = defineJob({
  name: 'conversation',
  schema: z.object({ contactId: z.number().int().positive() }),
  attempts: 6,
  backoffMs: 500,
  // Jobs running at once share a transaction (see process-conversation.ts): more of them, fewer statements each.
  concurrency: 32,
});

/** The most contacts one conversations job carries (a webhook batch or a sweep). */
export const CONTACTS_PER_JOB = 500;

/**
 * The same for several contacts at once: what a batch of webhook deliveries schedules, one job for all of
 * their senders instead of one each (a queue add costs the webhook path more than storing a message).
 * A contact whose turn fails gets a conversation job of its own, with its own retries.
 */
export const conversationsJob = defineJob({
  name: 'conversations',
  schema: z.object({ contactIds: z.array(z.number().int().positive()).min(1).max(CONTACTS_PER_JOB) }),
  attempts: 6,
  backoffMs: 500,
  concurrency: 8,
});

/**
 * The business key of "new messages from these contacts": a wamid embeds the user's phone number, and
 * Redis keeps job ids in clear, so the id carries a digest of the messages, never a wamid itself.
 */
export function conversationsJobId(wamids: readonly string[]): string {
  const digest = createHash('sha256');
  for (const wamid of wamids) digest.update(wamid).update('\n');
  return `wa-${digest.digest('hex').slice(0, 32)}`;
}
