// The service as main.ts runs it, plus one slow job enqueued at start, so a test can signal it mid-job.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob, processor } from '../../src/queue/job.js';
import { createProcessors } from '../../src/queue/processors.js';
import { run } from '../../src/run.js';

const slowJob = defineJob({
  name: process.env.SLOW_JOB_NAME ?? 'test.slow',
  schema: z.object({ ms: z.number() }),
  attempts: 1,
  backoffMs: 10,
});

const slow = processor(slowJob, async ({ ms }) => {
  console.log('job started');
  await sleep(ms);
  console.log('job finished');
});

const service = await run((deps) => [...createProcessors(deps), slow]);
await service.deps.queue.enqueue(slowJob, { ms: Number(process.env.SLOW_JOB_MS ?? 1500) });
