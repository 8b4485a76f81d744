// One try of one job, the same on both drivers: parse, run, and decide between done, retry and dead letter.
import type { Logger } from 'pino';
import { safeErrorMessage } from '../observability/safe-error.js';
import { PermanentJobError, type AnyProcessor, type QueueHooks } from './job.js';

export type AttemptResult = { kind: 'completed' } | { kind: 'retry'; error: Error } | { kind: 'dead'; error: Error };

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export async function runAttempt(
  processor: AnyProcessor,
  rawData: unknown,
  meta: { jobId: string; attempt: number },
  hooks: QueueHooks,
  log: Logger,
): Promise<AttemptResult> {
  const { job } = processor;
  const jobLog = log.child({ queue: job.name, jobId: meta.jobId, attempt: meta.attempt });
  let failure: Error;
  let permanent: boolean;
  const parsed = job.schema.safeParse(rawData);
  if (!parsed.success) {
    failure = new PermanentJobError(`job data does not match ${job.name}'s schema: ${parsed.error.message}`);
    permanent = true;
  } else {
    try {
      await processor.process(parsed.data, { jobId: meta.jobId, attempt: meta.attempt, maxAttempts: job.attempts, log: jobLog });
      hooks.onOutcome(job.name, 'completed');
      return { kind: 'completed' };
    } catch (error) {
      failure = asError(error);
      permanent = failure instanceof PermanentJobError;
    }
  }

  if (!permanent && meta.attempt < job.attempts) {
    jobLog.warn({ err: failure }, 'job failed; will retry');
    hooks.onOutcome(job.name, 'retried');
    return { kind: 'retry', error: failure };
  }

  jobLog.error({ err: failure }, 'job failed for the last time; dead-lettered');
  hooks.onOutcome(job.name, 'dead_lettered');
  try {
    await hooks.onDeadLetter({
      queue: job.name,
      jobId: meta.jobId,
      data: rawData,
      attempts: meta.attempt,
      error: safeErrorMessage(failure),
    });
  } catch (error) {
    jobLog.error({ err: asError(error) }, 'could not record the dead letter');
  }
  return { kind: 'dead', error: failure };
}
