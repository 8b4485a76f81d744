// Scrubbing of free text before it reaches a log line or a stored error.

// International or national phone numbers: 9 to 15 digits, grouped by spaces, dots, dashes or brackets.
// (Nine, not fewer, so that dates such as 2026-12-04 stay readable.)
const phonePattern = /\+?\(?\d(?:[\s.()-]{0,2}\d){8,14}/g;

/** Replaces anything shaped like a phone number in free text. */
export function scrubText(text: string): string {
  return text.replace(phonePattern, '[redacted-number]');
}
