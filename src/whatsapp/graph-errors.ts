// What a Graph API error means for the sender: retry later, never retry, switch to a template, or stop.

export type SendFailureKind = 'retry' | 'permanent' | 'reengage' | 'blocked';

/** Throttling and transient server errors: back off and try again. */
const retryCodes = new Set([
  1, // API unknown
  2, // API service (temporary)
  4, // app-level rate limit
  80007, // WABA rate limit
  130429, // throughput of the number exceeded
  131000, // something went wrong (Meta: "retry")
  131016, // service unavailable
  131056, // too many messages to one recipient (pair rate limit)
  131057, // account in maintenance (throughput upgrade)
  133004, // server temporarily unavailable
]);
/** Spam rate limit and policy blocks: sending more makes it worse. */
const blockedCodes = new Set([131048, 368]);
const REENGAGEMENT_REQUIRED = 131047;

export function classifyGraphError(httpStatus: number, code: number | null): SendFailureKind {
  if (code !== null) {
    if (code === REENGAGEMENT_REQUIRED) return 'reengage';
    if (blockedCodes.has(code)) return 'blocked';
    if (retryCodes.has(code)) return 'retry';
  }
  if (httpStatus === 429 || httpStatus >= 500) return 'retry';
  return 'permanent';
}
