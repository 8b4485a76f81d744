// What a background job is: a named queue, a schema for its data (ids only), and its retry policy.
import type { Logger } from 'pino';
import type { z } from 'zod';

export interface JobDefinition<T> {
  /** Also the queue's name: letters, digits, dots and dashes. */
  name: string;
  schema: z.ZodType<T>;
  /** Total tries, the first included. */
  attempts: number;
  /** Delay before the first retry; each later retry waits twice as long as the one before. */
  backoffMs: number;
  /** Jobs of this kind run at once in one process; defaults to the queue's configured concurrency. */
  concurrency?: number;
}

export function defineJob<S extends z.ZodType>(definition: {
  name: string;
  schema: S;
  attempts: number;
  backoffMs: number;
  concurrency?: number;
}): JobDefinition<z.infer<S>> {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(definition.name)) throw new Error(`bad job name "${definition.name}"`);
  if (definition.attempts < 1) throw new Error(`job ${definition.name} needs at least one attempt`);
  return definition as JobDefinition<z.infer<S>>;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  log: Logger;
}

/** At most `max` jobs of a queue start per `durationMs`, across every worker of the service. */
export interface RateLimit {
  max: number;
  durationMs: number;
}

export interface Processor<T = never> {
  job: JobDefinition<T>;
  process(data: T, context: JobContext): Promise<void>;
  rateLimit?: RateLimit;
}

/** Pairs a job with the function that does it; the same processor runs on either driver. */
export function processor<T>(
  job: JobDefinition<T>,
  process: (data: T, context: JobContext) => Promise<void>,
  options: { rateLimit?: RateLimit } = {},
): Processor<T> {
  return { job, process, ...options };
}

export type AnyProcessor = Processor<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Thrown by a processor when trying again cannot help: the job is dead-lettered at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export interface EnqueueOptions {
  /** A business key (`wa-<wamid>`): while a job with this id waits or runs, adding it again does nothing. */
  jobId?: string;
  delayMs?: number;
}

export interface QueueDepth {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
}

export type JobOutcome = 'completed' | 'retried' | 'dead_lettered';

export interface DeadLetter {
  queue: string;
  jobId: string;
  data: unknown;
  attempts: number;
  error: string;
}

/** What a queue tells the rest of the service; deps.ts wires these to metrics and the dead-letter table. */
export interface QueueHooks {
  onOutcome(queue: string, outcome: JobOutcome): void;
  onDeadLetter(letter: DeadLetter): Promise<void>;
}

export interface JobQueue {
  readonly kind: 'memory' | 'redis';
  enqueue<T>(job: JobDefinition<T>, data: T, options?: EnqueueOptions): Promise<void>;
  /** Starts consuming the queues of these processors in this process. */
  start(processors: readonly AnyProcessor[]): void;
  depth(): Promise<QueueDepth[]>;
  /** Resolves when the backing store answers (always, in memory). */
  ping(): Promise<void>;
  /** Stops taking jobs, waits up to timeoutMs for running ones, then releases connections. */
  close(timeoutMs: number): Promise<void>;
}

/** BullMQ's rules for custom ids, kept on both drivers so a key that works in memory works on Redis. */
export function checkJobId(jobId: string): void {
  if (jobId.includes(':') || /^\d+$/.test(jobId) || jobId.length === 0 || jobId.length > 200) {
    throw new Error(`bad job id "${jobId}": no ":", not all digits, 1-200 characters`);
  }
}

export function retryDelayMs(job: JobDefinition<unknown>, failedAttempt: number): number {
  return job.backoffMs * 2 ** (failedAttempt - 1);
}
