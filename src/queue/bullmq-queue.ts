// The BullMQ driver, used when REDIS_URL is set. Queue names live under a Redis Cluster hash tag prefix.
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { withTimeout } from '../with-timeout.js';
import {
  checkJobId,
  type AnyProcessor,
  type EnqueueOptions,
  type JobDefinition,
  type JobQueue,
  type QueueDepth,
  type QueueHooks,
} from './job.js';
import { runAttempt } from './run-attempt.js';

export const DEFAULT_QUEUE_PREFIX = '{partimer}';
const ENQUEUE_TIMEOUT_MS = 2000;

/** Resolves once the connection is ready or has ended, or after ms. */
function settled(connection: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.off('ready', done);
      connection.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    connection.once('ready', done);
    connection.once('end', done);
  });
}

export class BullmqQueue implements JobQueue {
  readonly kind = 'redis' as const;
  /** Fails fast: a producer (a web request) never waits for a Redis that is away. */
  readonly producerConnection: Redis;
  private readonly workerConnection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private closing = false;

  constructor(
    url: string,
    private readonly options: { concurrency: number; hooks: QueueHooks; log: Logger; prefix?: string },
  ) {
    // Auto-pipelining: the jobs a batch of webhook deliveries schedules in one tick leave in one write.
    this.producerConnection = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, enableAutoPipelining: true });
    this.workerConnection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const connection of [this.producerConnection, this.workerConnection]) {
      // ioredis reconnects by itself; the error is reported by health checks, not by crashing.
      connection.on('error', (error: Error) => options.log.debug({ err: error }, 'redis connection error'));
    }
  }

  private get prefix(): string {
    return this.options.prefix ?? DEFAULT_QUEUE_PREFIX;
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: this.producerConnection, prefix: this.prefix });
      queue.on('error', (error: Error) => this.options.log.debug({ err: error }, 'bullmq queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<T>(job: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closing) throw new AppError('queue.closed', 'the queue is shutting down', { status: 503 });
    job.schema.parse(data);
    const jobId = options.jobId ?? randomUUID();
    checkJobId(jobId);
    // Fail fast while Redis is away: the caller has a durable row and a sweeper to fall back on.
    if (!['ready', 'connect', 'connecting'].includes(this.producerConnection.status)) {
      throw new AppError('queue.unavailable', `redis is ${this.producerConnection.status}`, { status: 503 });
    }
    await withTimeout(
      this.queue(job.name).add(job.name, data, {
        jobId,
        delay: options.delayMs,
        attempts: job.attempts,
        backoff: { type: 'exponential', delay: job.backoffMs },
        // The dead-letter table is the record of failures, so Redis keeps neither outcome and an id can come back.
        removeOnComplete: true,
        removeOnFail: true,
      }),
      ENQUEUE_TIMEOUT_MS,
      `enqueue on ${job.name}`,
    );
  }

  start(processors: readonly AnyProcessor[]): void {
    for (const processor of processors) {
      const name = processor.job.name;
      this.queue(name);
      const worker = new Worker(
        name,
        async (job) => {
          const result = await runAttempt(
            processor,
            job.data,
            { jobId: job.id ?? 'unknown', attempt: job.attemptsMade + 1 },
            this.options.hooks,
            this.options.log,
          );
          if (result.kind === 'retry') throw result.error;
          if (result.kind === 'dead') throw new UnrecoverableError(result.error.message);
        },
        {
          connection: this.workerConnection,
          prefix: this.prefix,
          concurrency: processor.job.concurrency ?? this.options.concurrency,
          // BullMQ keeps the limiter in Redis: it holds across every worker process of the queue.
          limiter: processor.rateLimit ? { max: processor.rateLimit.max, duration: processor.rateLimit.durationMs } : undefined,
        },
      );
      worker.on('error', (error: Error) => this.options.log.warn({ err: error }, 'bullmq worker error'));
      this.workers.push(worker);
    }
  }

  async depth(): Promise<QueueDepth[]> {
    return Promise.all(
      [...this.queues.entries()].map(async ([queue, q]) => {
        const counts = await q.getJobCounts('wait', 'active', 'delayed', 'prioritized');
        return {
          queue,
          waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
        };
      }),
    );
  }

  async ping(): Promise<void> {
    const connection = this.producerConnection;
    // The producer does not queue commands while (re)connecting, so wait for the connection first.
    if (connection.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          connection.off('ready', onReady);
          reject(new Error(`redis is not connected (${connection.status})`));
        }, ENQUEUE_TIMEOUT_MS);
        connection.once('ready', onReady);
      });
    }
    await withTimeout(connection.ping(), ENQUEUE_TIMEOUT_MS, 'redis ping');
  }

  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    // Closing a worker or queue that is still connecting leaves BullMQ's own connect promises to
    // reject with no one listening: let them come up first (bounded; a dead Redis just times out).
    await Promise.all(
      [...this.workers, ...this.queues.values()].map((item) =>
        withTimeout(item.waitUntilReady(), 2000, 'bullmq ready').catch(() => undefined),
      ),
    );
    await Promise.all(
      this.workers.map(async (worker) => {
        try {
          await withTimeout(worker.close(), timeoutMs, 'worker close');
        } catch {
          this.options.log.warn({ queue: worker.name }, 'jobs still running at the shutdown deadline; forcing close');
          await worker.close(true).catch(() => undefined);
        }
      }),
    );
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    for (const connection of [this.producerConnection, this.workerConnection]) {
      // Cutting a connection mid-handshake rejects promises inside ioredis and BullMQ that no one
      // awaits: let a connection that is on its way up finish first (bounded).
      if (['connecting', 'connect'].includes(connection.status)) await settled(connection, 2000);
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }
}
