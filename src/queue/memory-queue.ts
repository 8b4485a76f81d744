// The in-process runner used when no REDIS_URL is set: same processors, retries and dead letters as BullMQ.
// Jobs live in memory only; the database rows a job points at are the durable record, and sweepers
// re-schedule what a restart dropped.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { withTimeout } from '../with-timeout.js';
import {
  checkJobId,
  retryDelayMs,
  type AnyProcessor,
  type EnqueueOptions,
  type JobDefinition,
  type JobQueue,
  type QueueDepth,
  type QueueHooks,
} from './job.js';
import { runAttempt } from './run-attempt.js';

interface PendingJob {
  id: string;
  data: unknown;
  attempt: number;
  runAt: number;
}

export class MemoryQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private readonly pending = new Map<string, PendingJob[]>();
  private readonly active = new Map<string, number>();
  private readonly keys = new Set<string>();
  private readonly processors = new Map<string, AnyProcessor>();
  private readonly running = new Set<Promise<void>>();
  /** Start times within the current window, per rate-limited queue. */
  private readonly starts = new Map<string, number[]>();
  private readonly wakeups = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  private closed = false;

  constructor(
    private readonly options: { concurrency: number; hooks: QueueHooks; log: Logger },
  ) {}

  async enqueue<T>(job: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) throw new AppError('queue.closed', 'the queue is shutting down', { status: 503 });
    job.schema.parse(data);
    const id = options.jobId ?? randomUUID();
    checkJobId(id);
    const key = `${job.name}/${id}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    // A JSON round trip, as on Redis: a processor never shares objects with its producer.
    const copy: unknown = JSON.parse(JSON.stringify(data));
    this.push(job.name, { id, data: copy, attempt: 1, runAt: Date.now() + (options.delayMs ?? 0) });
  }

  start(processors: readonly AnyProcessor[]): void {
    for (const processor of processors) {
      this.processors.set(processor.job.name, processor);
      this.wake(processor.job.name, 0);
    }
  }

  async depth(): Promise<QueueDepth[]> {
    const now = Date.now();
    const names = new Set([...this.pending.keys(), ...this.processors.keys()]);
    return [...names].map((queue) => {
      const jobs = this.pending.get(queue) ?? [];
      const delayed = jobs.filter((job) => job.runAt > now).length;
      return { queue, waiting: jobs.length - delayed, active: this.active.get(queue) ?? 0, delayed };
    });
  }

  async ping(): Promise<void> {}

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const { timer } of this.wakeups.values()) clearTimeout(timer);
    this.wakeups.clear();
    const finished = await withTimeout(Promise.allSettled([...this.running]), timeoutMs, 'running jobs').then(
      () => true,
      () => false,
    );
    const dropped = [...this.pending.values()].reduce((sum, jobs) => sum + jobs.length, 0);
    if (!finished || dropped > 0) {
      this.options.log.warn({ stillRunning: this.running.size, dropped }, 'in-process queue closed with unfinished jobs');
    }
  }

  private push(queue: string, job: PendingJob): void {
    const jobs = this.pending.get(queue) ?? [];
    jobs.push(job);
    this.pending.set(queue, jobs);
    this.wake(queue, job.runAt - Date.now());
  }

  /** Makes sure the queue is drained by the time its next job is due (one timer per queue: the earliest). */
  private wake(queue: string, delayMs: number): void {
    if (this.closed) return;
    const due = Date.now() + Math.max(0, delayMs);
    const current = this.wakeups.get(queue);
    if (current !== undefined && current.due <= due) return;
    if (current !== undefined) clearTimeout(current.timer);
    const timer = setTimeout(() => {
      this.wakeups.delete(queue);
      this.drain(queue);
    }, due - Date.now());
    this.wakeups.set(queue, { timer, due });
  }

  private drain(queue: string): void {
    const processor = this.processors.get(queue);
    if (this.closed || processor === undefined) return;
    const limit = processor.job.concurrency ?? this.options.concurrency;
    const jobs = this.pending.get(queue) ?? [];
    while ((this.active.get(queue) ?? 0) < limit) {
      const now = Date.now();
      const index = jobs.findIndex((job) => job.runAt <= now);
      if (index === -1) {
        // Timers may fire a little before Date.now() reaches runAt: look again when the earliest is due.
        if (jobs.length > 0) this.wake(queue, Math.min(...jobs.map((job) => job.runAt)) - now);
        return;
      }
      const waitMs = this.rateLimitWait(processor, now);
      if (waitMs > 0) {
        this.wake(queue, waitMs);
        return;
      }
      const [job] = jobs.splice(index, 1);
      if (job !== undefined) this.run(processor, job);
    }
  }

  /** 0 when the queue's rate limit allows a start now (and records it), else how long until it does. */
  private rateLimitWait(processor: AnyProcessor, now: number): number {
    const limit = processor.rateLimit;
    if (limit === undefined) return 0;
    const recent = (this.starts.get(processor.job.name) ?? []).filter((at) => at > now - limit.durationMs);
    this.starts.set(processor.job.name, recent);
    if (recent.length >= limit.max) return recent[0]! + limit.durationMs - now;
    recent.push(now);
    return 0;
  }

  private run(processor: AnyProcessor, job: PendingJob): void {
    const queue = processor.job.name;
    this.active.set(queue, (this.active.get(queue) ?? 0) + 1);
    const task = (async () => {
      const result = await runAttempt(processor, job.data, { jobId: job.id, attempt: job.attempt }, this.options.hooks, this.options.log);
      if (result.kind === 'retry' && !this.closed) {
        const delay = retryDelayMs(processor.job, job.attempt);
        this.push(queue, { ...job, attempt: job.attempt + 1, runAt: Date.now() + delay });
      } else {
        this.keys.delete(`${queue}/${job.id}`);
      }
    })();
    this.running.add(task);
    void task.finally(() => {
      this.running.delete(task);
      this.active.set(queue, (this.active.get(queue) ?? 1) - 1);
      this.drain(queue);
    });
  }
}
