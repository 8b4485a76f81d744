// The one error type: a stable code, an HTTP status where it applies, and the cause.

export type Severity = 'expected' | 'unexpected';

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly severity: Severity;

  constructor(code: string, message: string, options: { status?: number; severity?: Severity; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.severity = options.severity ?? (this.status >= 500 ? 'unexpected' : 'expected');
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
