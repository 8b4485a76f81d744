// pino with the redaction every log line goes through: secrets, phone numbers and message bodies never leave.
import { pino, type DestinationStream, type Logger } from 'pino';
import { safeErrorMessage } from './safe-error.js';
import { scrubText } from './scrub.js';

export { scrubText };

/** Keys whose values are never logged, at the top level and one level down. */
const sensitiveKeys = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'access_token',
  'password',
  'secret',
  'apiKey',
  'phone',
  'phoneNumber',
  'phone_number',
  'wa_id',
  'from',
  'to',
  'body',
  'text',
  'caption',
  'fullName',
  'full_name',
  'email',
  // Meta's message ids embed the user's number.
  'wamid',
];

const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...sensitiveKeys.flatMap((key) => [key, `*.${key}`]),
];

/** Keeps the path (scrubbed) and the names of query parameters, never their values. */
export function scrubUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = scrubText(queryStart === -1 ? url : url.slice(0, queryStart));
  if (queryStart === -1) return path;
  const names = [...new URLSearchParams(url.slice(queryStart + 1)).keys()];
  return names.length === 0 ? path : `${path}?${names.map((n) => `${encodeURIComponent(n)}=[redacted]`).join('&')}`;
}

interface RequestLike {
  method: string;
  url: string;
  id: string;
  routeOptions?: { url?: string };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (req: RequestLike) =>
          typeof req.url === 'string'
            ? { method: req.method, url: scrubUrl(req.url), route: req.routeOptions?.url }
            : req,
        err: (err: Error) => {
          const serialized = pino.stdSerializers.err(err);
          serialized.message = safeErrorMessage(err);
          // A query error carries its parameters (message text, names): drop them wherever they sit.
          delete (serialized as Record<string, unknown>).params;
          delete (serialized as Record<string, unknown>).cause;
          // The stack's first lines repeat the raw message: keep only the frames.
          if (serialized.stack) {
            const frames = serialized.stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
            serialized.stack = [`${err.name}: ${serialized.message}`, ...frames.map(scrubText)].join('\n');
          }
          return serialized;
        },
      },
      hooks: {
        // Free-text arguments are scrubbed too, so a number pasted into a message string is caught.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}
