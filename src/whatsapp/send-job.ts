import { z } from 'zod';
import { defineJob } from '../queue/job.js';

/** "Send outbox row N": the row is the record; the job only points at it. */
export const sendJob = defineJob({
  name: 'whatsapp.send',
  schema: z.object({ outboxId: z.number().int().positive() }),
  attempts: 8,
  backoffMs: 1000,
});
