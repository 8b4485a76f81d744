import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { describe, expect, it } from 'vitest';
import { createSignatureVerifier } from '../../src/whatsapp/verify-signature.js';

const SECRET = 'verify-signature-test-secret';
const fixturesDir = new URL('../fixtures/whatsapp/', import.meta.url);
const fixtures = readdirSync(fixturesDir).filter((name) => name.endsWith('.json'));
const bytesOf = (name: string) => readFileSync(new URL(name, fixturesDir));

const sign = (bytes: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
const library = new WhatsAppAPI({ token: 'unused', appSecret: SECRET, v: 'v24.0' });
const verify = createSignatureVerifier(SECRET);

/** Both verifiers' answers for one body and header: they must always agree. */
async function both(bytes: Buffer, header: string) {
  return { ours: verify(bytes, header), library: await library.verifyRequestSignature(bytes.toString('utf8'), header) };
}

describe('webhook signature verification', () => {
  it('when the fixtures are read, then there are Meta bodies to check against (and the Unicode one is escaped ASCII)', () => {
    expect(fixtures.length).toBeGreaterThan(40);
    expect(bytesOf('msg-text-emoji-accents.json').every((byte) => byte < 0x80)).toBe(true);
  });

  it.each(fixtures)('when %s is signed over its exact bytes, then ours and the library both accept it', async (name) => {
    const bytes = bytesOf(name);
    expect(await both(bytes, sign(bytes))).toEqual({ ours: true, library: true });
  });

  it.each(fixtures)('when %s is re-serialised (indented) after signing, then ours and the library both refuse it', async (name) => {
    const bytes = bytesOf(name);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2));
    expect(await both(reserialised, sign(bytes))).toEqual({ ours: false, library: false });
  });

  it.each(['msg-text-emoji-accents.json', 'msg-image.json', 'msg-document.json'])(
    'when %s is re-serialised compactly (its escapes turned into UTF-8 and "/"), then both refuse it',
    async (name) => {
      const bytes = bytesOf(name);
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8'))));
      expect(reserialised.equals(bytes)).toBe(false);
      expect(await both(reserialised, sign(bytes))).toEqual({ ours: false, library: false });
    },
  );

  it('when a body arrives as raw UTF-8 and was signed over its escaped form (as Meta signs), then both accept it', async () => {
    const raw = Buffer.from('{"text":"Olá 👍 ñ"}', 'utf8');
    const escaped = '{"text":"Ol\\u00e1 \\ud83d\\udc4d \\u00f1"}';
    expect(await both(raw, sign(escaped))).toEqual({ ours: true, library: true });
    // Signed over the UTF-8 bytes instead: not how Meta signs, and both refuse it.
    expect(await both(raw, sign(raw))).toEqual({ ours: false, library: false });
  });

  it('when a body holds DEL (0x7f), then it is escaped like any non-printable-ASCII character, as the library does', async () => {
    const raw = Buffer.from('{"text":"a\u007fb"}', 'utf8');
    expect(await both(raw, sign('{"text":"a\\u007fb"}'))).toEqual({ ours: true, library: true });
  });

  it('when a body is not valid UTF-8, then both decode it the same way and agree', async () => {
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const header = sign(raw.toString('utf8').replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
    expect(await both(raw, header)).toEqual({ ours: true, library: true });
  });

  it('when the signature is made with another secret, then both refuse it', async () => {
    const bytes = bytesOf('msg-text.json');
    expect(await both(bytes, sign(bytes, 'another-secret'))).toEqual({ ours: false, library: false });
  });

  it('when the hex digest is upper case, then both accept it', async () => {
    const bytes = bytesOf('msg-text.json');
    const header = `sha256=${sign(bytes).slice('sha256='.length).toUpperCase()}`;
    expect(await both(bytes, header)).toEqual({ ours: true, library: true });
  });

  it.each([
    ['no sha256= prefix', (digest: string) => digest],
    ['the sha1 scheme', (digest: string) => `sha1=${digest}`],
    ['a digest one byte short', (digest: string) => `sha256=${digest.slice(0, -2)}`],
    ['a digest with a non-hex character', (digest: string) => `sha256=${digest.slice(0, -1)}g`],
    ['an empty digest', () => 'sha256='],
  ])('when the header has %s, then ours refuses it', (_case, header) => {
    const bytes = bytesOf('msg-text.json');
    const digest = createHmac('sha256', SECRET).update(bytes).digest('hex');
    expect(verify(bytes, header(digest))).toBe(false);
  });

  it('when the header is missing, then ours refuses the body', () => {
    expect(verify(bytesOf('msg-text.json'), undefined)).toBe(false);
  });

  it('when no app secret is given, then making a verifier fails at once', () => {
    expect(() => createSignatureVerifier('')).toThrow(/app secret/);
  });
});
