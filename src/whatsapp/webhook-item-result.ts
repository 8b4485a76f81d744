// The outcome of turning one part of a webhook body into an event: the value, or why it was refused.
import type { z } from 'zod';

export type ItemResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function accepted<T>(value: T): ItemResult<T> {
  return { ok: true, value };
}

export function refused<T>(reason: string): ItemResult<T> {
  return { ok: false, reason };
}

/** A one-line reason from a zod error: `text.body: Invalid input: expected string, received undefined`. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path
      .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
      .join('');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
