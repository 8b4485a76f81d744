import { z } from 'zod';
import { defineJob } from '../queue/job.js';

/** "Send outbox row N": the row is the record; the job only points at it. */
export const sendJob = defineJob({
  name: 'whatsapp.send',
  /** receipt: a read receipt, which takes the short path (no order, window or pace to keep). */
  schema: z.object({ outboxId: z.number().int().positive(), receipt: z.boolean().optional() }),
  attempts: 8,
  backoffMs: 1000,
});
