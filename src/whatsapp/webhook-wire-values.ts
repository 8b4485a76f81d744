// Conversions of Meta's wire values shared by messages, statuses and errors.
import type { MetaError } from './inbound-event.js';
import type { WireError } from './webhook-schema.js';

/** Meta's unix seconds (already checked by unixSecondsSchema) as an ISO string. */
export function isoFromUnixSeconds(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

export function toMetaError(error: WireError): MetaError {
  return { code: error.code, title: error.title, message: error.message, details: error.error_data?.details };
}
