// Signed Meta deliveries for tests: fixture files as their exact bytes, or made-up text messages in Meta's wire form.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SANDBOX_WHATSAPP } from '../../src/config.js';
import { buildWebhookBody, makeWamid, signBody, toMetaWireJson } from '../../src/web/simulator-payload.js';

export const APP_SECRET = SANDBOX_WHATSAPP.appSecret;
export const PHONE_NUMBER_ID = SANDBOX_WHATSAPP.phoneNumberId;

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/whatsapp/${name}`, import.meta.url));
}

export function postSigned(app: FastifyInstance, bytes: Buffer | string, secret: string = APP_SECRET) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, secret) },
    payload: bytes,
  });
}

/** A text message from waId to the sandbox number, as Meta would deliver it. */
export function textDelivery(options: { waId: string; text: string; sentAt?: Date; wamid?: string; name?: string; phoneNumberId?: string }) {
  const wamid = options.wamid ?? makeWamid(options.waId, randomBytes(8).toString('hex'));
  const body = buildWebhookBody({
    phoneNumberId: options.phoneNumberId ?? PHONE_NUMBER_ID,
    displayPhoneNumber: SANDBOX_WHATSAPP.displayPhoneNumber,
    waId: options.waId,
    name: options.name ?? 'Test User',
    wamid,
    sentAt: options.sentAt ?? new Date(),
    message: { type: 'text', text: options.text },
  });
  return { wamid, bytes: Buffer.from(toMetaWireJson(body)) };
}

/** Several deliveries' messages merged into one POST (one change, several messages). */
export function mergeDeliveries(parts: Buffer[]): Buffer {
  const bodies = parts.map((part) => JSON.parse(part.toString()) as { entry: { changes: { value: { messages: unknown[]; contacts: unknown[] } }[] }[] });
  const first = bodies[0]!;
  const value = first.entry[0]!.changes[0]!.value;
  for (const other of bodies.slice(1)) {
    const otherValue = other.entry[0]!.changes[0]!.value;
    value.messages.push(...otherValue.messages);
    value.contacts.push(...otherValue.contacts);
  }
  return Buffer.from(toMetaWireJson(first));
}
