// Error text that is safe to log or store: a failed query's parameters (message text, names,
// numbers) never come along, and phone-number-shaped digits are scrubbed.
import { scrubText } from './scrub.js';

interface QueryError {
  query: string;
  params: unknown[];
  cause?: unknown;
}

function isQueryError(error: unknown): error is Error & QueryError {
  return error instanceof Error && typeof (error as Partial<QueryError>).query === 'string' && Array.isArray((error as Partial<QueryError>).params);
}

/** The SQLSTATE of a database error, looking through wrappers (drizzle wraps the driver's error). */
export function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function safeErrorMessage(error: unknown): string {
  if (isQueryError(error)) {
    const state = sqlState(error);
    const cause = error.cause instanceof Error ? `: ${scrubText(error.cause.message)}` : '';
    return `query failed${state ? ` (${state})` : ''}: ${error.query.slice(0, 300)}${cause}`;
  }
  return scrubText(error instanceof Error ? error.message : String(error));
}
