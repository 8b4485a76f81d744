import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/database.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { listDeadLetters } from '../../src/queue/dead-letters-repo.js';
import { defineJob, PermanentJobError, processor } from '../../src/queue/job.js';
import { queueBackends, testRedisUrl } from '../helpers/backends.js';
import { testConfig } from '../helpers/test-config.js';
import { openTestDatabase } from '../helpers/test-database.js';

const BACKOFF_MS = 40;

function uniqueName(label: string): string {
  return `test.${label}-${randomBytes(4).toString('hex')}`;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.each(queueBackends)('queue on %s', (backend) => {
  let database: Database;
  let deps: Deps;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.close();
  });
  afterEach(async () => {
    await deps.queue.close(5000);
  });

  function makeDeps(): Deps {
    const env: Record<string, string> = backend === 'redis' ? { REDIS_URL: testRedisUrl! } : {};
    deps = createDeps(testConfig(env), { database, queuePrefix: `{partimer-test-${randomBytes(4).toString('hex')}}` });
    return deps;
  }

  it('when a job is enqueued, then its processor runs it with the parsed data', async () => {
    const job = defineJob({ name: uniqueName('run'), schema: z.object({ contactId: z.string() }), attempts: 3, backoffMs: BACKOFF_MS });
    const seen = deferred<{ data: unknown; attempt: number }>();
    const { queue } = makeDeps();
    queue.start([processor(job, async (data, context) => seen.resolve({ data, attempt: context.attempt }))]);
    await queue.enqueue(job, { contactId: 'c-1' });
    expect(await seen.promise).toEqual({ data: { contactId: 'c-1' }, attempt: 1 });
  });

  it('when a job fails twice, then it is retried with a doubling backoff and completes', async () => {
    const job = defineJob({ name: uniqueName('retry'), schema: z.object({ n: z.number() }), attempts: 4, backoffMs: BACKOFF_MS });
    const attempts: number[] = [];
    const done = deferred();
    const { queue, metrics } = makeDeps();
    queue.start([
      processor(job, async (_data, context) => {
        attempts.push(performance.now());
        if (context.attempt < 3) throw new Error(`transient failure ${context.attempt}`);
        done.resolve();
      }),
    ]);
    await queue.enqueue(job, { n: 1 });
    await done.promise;
    expect(attempts).toHaveLength(3);
    const [first, second, third] = attempts as [number, number, number];
    // Lower bounds only: the first retry waits at least the backoff, the second at least twice it.
    expect(second - first).toBeGreaterThanOrEqual(BACKOFF_MS - 5);
    expect(third - second).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 5);
    const outcomes = await metrics.jobOutcomes.get();
    const count = (outcome: string) => outcomes.values.find((v) => v.labels.queue === job.name && v.labels.outcome === outcome)?.value;
    expect(count('retried')).toBe(2);
    // The processor resolved just before returning; the outcome is counted right after.
    await vi.waitFor(async () => {
      const latest = await metrics.jobOutcomes.get();
      expect(latest.values.find((v) => v.labels.queue === job.name && v.labels.outcome === 'completed')?.value).toBe(1);
    });
    expect(await listDeadLetters(database.db, job.name)).toEqual([]);
  });

  it('when a job fails on every attempt, then it is dead-lettered with its data, attempts and error', async () => {
    const job = defineJob({ name: uniqueName('dead'), schema: z.object({ inboxId: z.number() }), attempts: 3, backoffMs: BACKOFF_MS });
    let tries = 0;
    const { queue } = makeDeps();
    queue.start([
      processor(job, async () => {
        tries += 1;
        throw new Error('Meta answered 500');
      }),
    ]);
    await queue.enqueue(job, { inboxId: 7 }, { jobId: 'inbox-7' });
    await vi.waitFor(async () => expect(await listDeadLetters(database.db, job.name)).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const [letter] = await listDeadLetters(database.db, job.name);
    expect(letter).toMatchObject({ queue: job.name, jobId: 'inbox-7', data: { inboxId: 7 }, attempts: 3, error: 'Meta answered 500' });
    expect(tries).toBe(3);
  });

  it('when a processor says the failure is permanent, then it is dead-lettered without retries', async () => {
    const job = defineJob({ name: uniqueName('permanent'), schema: z.object({ id: z.string() }), attempts: 5, backoffMs: BACKOFF_MS });
    let tries = 0;
    const { queue } = makeDeps();
    queue.start([
      processor(job, async () => {
        tries += 1;
        throw new PermanentJobError('recipient is not a WhatsApp user');
      }),
    ]);
    await queue.enqueue(job, { id: 'x' });
    await vi.waitFor(async () => expect(await listDeadLetters(database.db, job.name)).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(tries).toBe(1);
    expect((await listDeadLetters(database.db, job.name))[0]).toMatchObject({ attempts: 1, error: 'recipient is not a WhatsApp user' });
  });

  it('when the same job id is enqueued again while it waits, then it runs once', async () => {
    const job = defineJob({ name: uniqueName('dedupe'), schema: z.object({ id: z.string() }), attempts: 1, backoffMs: BACKOFF_MS });
    const runs: string[] = [];
    const second = deferred();
    const { queue } = makeDeps();
    await queue.enqueue(job, { id: 'first' }, { jobId: 'wa-abc' });
    await queue.enqueue(job, { id: 'duplicate' }, { jobId: 'wa-abc' });
    await queue.enqueue(job, { id: 'other' }, { jobId: 'wa-def' });
    queue.start([
      processor(job, async (data) => {
        runs.push(data.id);
        if (runs.length === 2) second.resolve();
      }),
    ]);
    await second.promise;
    expect(runs.sort()).toEqual(['first', 'other']);
    const depth = await queue.depth();
    expect(depth.find((d) => d.queue === job.name)).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('when job data or a job id breaks the rules, then enqueue refuses it and nothing is queued', async () => {
    const job = defineJob({ name: uniqueName('invalid'), schema: z.object({ id: z.string() }), attempts: 1, backoffMs: BACKOFF_MS });
    const { queue } = makeDeps();
    await expect(queue.enqueue(job, { id: 42 } as unknown as { id: string })).rejects.toThrow(/expected string/i);
    await expect(queue.enqueue(job, { id: 'a' }, { jobId: 'wa:1' })).rejects.toThrow(/bad job id/);
    await expect(queue.enqueue(job, { id: 'a' }, { jobId: '12345' })).rejects.toThrow(/bad job id/);
    const depth = (await queue.depth()).find((d) => d.queue === job.name);
    expect((depth?.waiting ?? 0) + (depth?.delayed ?? 0)).toBe(0);
  });
});
