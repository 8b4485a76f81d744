import { z } from 'zod';
import { defineJob } from '../queue/job.js';

/** "Process the unprocessed inbox rows of contact X": carries the id only, never message text. */
export const conversationJob = defineJob({
  name: 'conversation',
  schema: z.object({ contactId: z.number().int().positive() }),
  attempts: 6,
  backoffMs: 500,
});
