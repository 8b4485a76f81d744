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

/**
 * The business key of "a new message from this contact": a wamid embeds the user's phone number, and
 * Redis keeps job ids in clear, so the id carries a digest of it, never the wamid itself.
 */
export function conversationJobId(contactId: number, wamid: string): string {
  return `wa-${contactId}-${createHash('sha256').update(wamid).digest('hex').slice(0, 24)}`;
}
