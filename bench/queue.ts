// Job throughput of the two queue drivers, measured in the same run: the in-process runner is the baseline.
// Run: npm run bench            (in-process only)
//      REDIS_URL=redis://127.0.0.1:6379 npm run bench   (adds BullMQ and its ratio to the baseline)
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { openDatabase } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { defineJob, processor } from '../src/queue/job.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const ROUNDS = 3;

async function measure(redisUrl: string | undefined, database: ReturnType<typeof openDatabase>): Promise<number> {
  const config = loadConfig({ LOG_LEVEL: 'silent', QUEUE_CONCURRENCY: '16', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
  const prefix = `{partimer-bench-${randomBytes(4).toString('hex')}}`;
  const deps = createDeps(config, { database, queuePrefix: prefix });
  const job = defineJob({ name: 'bench.noop', schema: z.object({ i: z.number() }), attempts: 1, backoffMs: 10 });
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  deps.queue.start([
    processor(job, async () => {
      done += 1;
      if (done === JOBS) finish();
    }),
  ]);
  if (redisUrl) await deps.queue.ping();
  const started = performance.now();
  for (let i = 0; i < JOBS; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, JOBS - i) }, (_, k) => deps.queue.enqueue(job, { i: i + k })));
  }
  await all;
  const seconds = (performance.now() - started) / 1000;
  await deps.queue.close(5000);
  if (redisUrl) {
    // Leave the Redis as we found it.
    const cleaner = new Redis(redisUrl);
    const keys = await cleaner.keys(`${prefix}*`);
    if (keys.length > 0) await cleaner.del(...keys);
    cleaner.disconnect();
  }
  return JOBS / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const database = openDatabase({ kind: 'pglite', dataDir: null });
await database.migrate();
const redisUrl = process.env.REDIS_URL?.trim() || undefined;
const results: { driver: string; jobsPerSecond: number }[] = [];
for (const [driver, url] of [['in-process', undefined], ...(redisUrl ? [['bullmq', redisUrl]] : [])] as [string, string | undefined][]) {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) rounds.push(await measure(url, database));
  results.push({ driver, jobsPerSecond: median(rounds) });
}
const baseline = results[0]!.jobsPerSecond;
console.log(`queue throughput, ${JOBS} no-op jobs, median of ${ROUNDS} rounds`);
for (const { driver, jobsPerSecond } of results) {
  console.log(`${driver.padEnd(12)} ${jobsPerSecond.toFixed(0).padStart(8)} jobs/s   ratio to in-process ${(jobsPerSecond / baseline).toFixed(3)}`);
}
if (!redisUrl) console.log('(set REDIS_URL to measure BullMQ in the same run)');
await database.close();
