// X-Hub-Signature-256 over a delivery's exact bytes, the way whatsapp-api-js's verifyRequestSignature
// computes it (non-ASCII characters escaped as \uXXXX first, as Meta does before signing), but with
// node:crypto's synchronous HMAC. The library goes through WebCrypto, whose every call is a thread-pool
// job: on a 2-core machine that cost 20-45 µs of the event loop per delivery (a fifth of the whole
// webhook path at 4,000 deliveries/s), against 3-5 µs here. A test holds the two equal on every fixture.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The library's escape: everything outside NUL..'~' becomes \uXXXX (UTF-16 code units, lowercase hex). */
function escapeNonAscii(text: string): string {
  return text.replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Bytes all within NUL..'~' are their own escaped form: Meta's bodies are, so they hash as they are. */
function isPlainAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i]! > 0x7e) return false;
  return true;
}

export type SignatureVerifier = (rawBody: Buffer, header: string | undefined) => boolean;

export function createSignatureVerifier(appSecret: string): SignatureVerifier {
  if (appSecret === '') throw new Error('an app secret is required to verify webhook signatures');
  return (rawBody, header) => {
    if (header === undefined || !header.startsWith(PREFIX)) return false;
    const hex = header.slice(PREFIX.length);
    if (!HEX_DIGEST.test(hex)) return false;
    const hmac = createHmac('sha256', appSecret);
    hmac.update(isPlainAscii(rawBody) ? rawBody : Buffer.from(escapeNonAscii(rawBody.toString('utf8')), 'utf8'));
    return timingSafeEqual(hmac.digest(), Buffer.from(hex, 'hex'));
  };
}
