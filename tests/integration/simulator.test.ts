import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { SANDBOX_WHATSAPP } from '../../src/config.js';
import { contacts, inbox, outbox } from '../../src/db/schema.js';
import { createDeps, type Deps } from '../../src/deps.js';
import type { OutboundMessageInput } from '../../src/whatsapp/outbound-message.js';
import { buildWebhookBody, makeWamid, signBody, toMetaWireJson, type WebhookDelivery } from '../../src/web/simulator-payload.js';
import { simulatorRoutes } from '../../src/web/simulator-routes.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';
import { openTestDatabase } from '../helpers/test-database.js';

const appSecret = 'simulator-test-secret';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/whatsapp/${name}`, import.meta.url), 'utf8');
}

/** The delivery a fixture describes, read back from the fixture itself. */
function deliveryOf(raw: string, message: WebhookDelivery['message']): WebhookDelivery {
  const body = JSON.parse(raw);
  const value = body.entry[0].changes[0].value;
  return {
    wabaId: body.entry[0].id,
    phoneNumberId: value.metadata.phone_number_id,
    displayPhoneNumber: value.metadata.display_phone_number,
    waId: value.contacts[0].wa_id,
    name: value.contacts[0].profile.name,
    wamid: value.messages[0].id,
    sentAt: new Date(Number(value.messages[0].timestamp) * 1000),
    message,
  };
}

describe('simulator payload', () => {
  it('when a text message is built with a fixture values, then its wire bytes are the fixture', () => {
    const raw = fixture('msg-text.json');
    const body = buildWebhookBody(deliveryOf(raw, { type: 'text', text: 'Does it come in another color?' }));
    expect(toMetaWireJson(body)).toBe(raw);
  });

  it('when a button reply with a context is built, then its wire bytes are the fixture', () => {
    const raw = fixture('msg-interactive-button-reply.json');
    const contextWamid = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCQjY5Qjg2RjMzREM4NDYzQUMA';
    const body = buildWebhookBody(deliveryOf(raw, { type: 'button_reply', id: 'cancel-button', title: 'Cancel', contextWamid }));
    expect(toMetaWireJson(body)).toBe(raw);
  });

  it("when a template's quick reply is tapped, then its wire bytes are Meta's button message fixture", () => {
    const raw = fixture('msg-button-template-quick-reply.json');
    const contextWamid = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI2MjFEMTZDQTY0NEQ4ODI5N0UA';
    const body = buildWebhookBody(deliveryOf(raw, { type: 'quick_reply', payload: 'Unsubscribe', text: 'Unsubscribe', contextWamid }));
    expect(toMetaWireJson(body)).toBe(raw);
  });

  it('when a list reply with a description is built, then its wire bytes are the fixture', () => {
    const raw = fixture('msg-interactive-list-reply.json');
    const message = {
      type: 'list_reply',
      id: 'priority_express',
      title: 'Priority Mail Express',
      description: 'Next Day to 2 Days',
      contextWamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBIzOTk5MjBDNUFENDQ1MTcxODgA',
    } as const;
    expect(toMetaWireJson(buildWebhookBody(deliveryOf(raw, message)))).toBe(raw);
  });

  it('when a location pin is built, then it has the fixture structure', () => {
    const raw = fixture('msg-location-pin.json');
    const body = buildWebhookBody(deliveryOf(raw, { type: 'location', latitude: 38.7222524, longitude: -9.1393366 }));
    expect(body).toEqual(JSON.parse(raw));
  });

  it('when the text and name are not ASCII, then they are escaped exactly as Meta escapes them', () => {
    const raw = fixture('msg-text-emoji-accents.json');
    const text = JSON.parse(raw).entry[0].changes[0].value.messages[0].text.body as string;
    const wire = toMetaWireJson(buildWebhookBody(deliveryOf(raw, { type: 'text', text })));
    expect(wire).toBe(raw);
    expect(wire).toMatch(/^[\x20-\x7e]+$/);
    expect(wire).toContain('Jos\\u00e9 Mu\\u00f1oz');
    expect(wire).toContain('9h\\/10h? \\ud83d\\ude4f');
  });

  it('when the body is signed, then whatsapp-api-js verifies those bytes and rejects them re-serialised', async () => {
    const raw = fixture('msg-text-emoji-accents.json');
    const signature = signBody(raw, appSecret);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    const verifier = new WhatsAppAPI({ token: 'x', appSecret, v: 'v24.0' });
    expect(await verifier.verifyRequestSignature(raw, signature)).toBe(true);
    expect(await verifier.verifyRequestSignature(JSON.stringify(JSON.parse(raw)), signature)).toBe(false);
    expect(await verifier.verifyRequestSignature(raw, signBody(raw, 'another-secret'))).toBe(false);
  });

  it('when a wamid is made, then it has the layout of Meta ids and embeds the user and client id', () => {
    expect(makeWamid('16505551234', '3a60bf472e0202baca8f')).toBe('wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTYwQkY0NzJFMDIwMkJBQ0E4RgA=');
  });
});

describe('simulator messages route', () => {
  let database: Database;
  let t: TestApp;
  let wrongSecretDeps: Deps;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    wrongSecretDeps = createDeps(testConfig(), { database });
    // app.ts mounts the simulator outside production; a second copy signing with the wrong secret, under a prefix,
    // shows what the page gets when the real ingest refuses a delivery.
    t = await startTestApp(database, {}, (app) => {
      const { phoneNumberId, displayPhoneNumber } = SANDBOX_WHATSAPP;
      void app.register(simulatorRoutes(wrongSecretDeps, { appSecret: 'not-the-secret', phoneNumberId, displayPhoneNumber }), {
        prefix: '/wrong-secret',
      });
    });
  });
  afterAll(async () => {
    await t?.close();
    await wrongSecretDeps?.queue.close(1000);
    await database?.close();
  });

  async function inboxRow(wamid: string) {
    const [row] = await database.db.select().from(inbox).where(eq(inbox.wamid, wamid));
    return row;
  }

  it('when a persona sends a text with accents and a slash, then the real ingest verifies it and stores it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/simulator/api/messages',
      payload: { waId: '34612345678', name: 'María Pérez', message: { type: 'text', text: 'Hola, ¿9h/10h? 👋' } },
    });
    expect(response.statusCode).toBe(200);
    const { wamid, ingestStatus } = response.json();
    expect(ingestStatus).toBe(200);
    expect(wamid).toMatch(/^wamid\.[A-Za-z0-9+/]+=*$/);

    const row = await inboxRow(wamid);
    expect(row?.phoneNumberId).toBe(t.deps.config.whatsapp.phoneNumberId);
    expect(row?.message).toMatchObject({
      kind: 'message',
      wamid,
      sender: { waId: '34612345678', profileName: 'María Pérez' },
      content: { type: 'text', body: 'Hola, ¿9h/10h? 👋' },
    });
  });

  it('when a persona taps a reply button, then the stored message is a button reply to that bot message', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/simulator/api/messages',
      payload: {
        waId: '34699111222',
        name: 'Bar Sol',
        message: { type: 'button_reply', id: 'welcome/role/employer', title: 'Quiero contratar', contextWamid: 'wamid.sandbox.abc' },
      },
    });
    expect(response.statusCode).toBe(200);
    const row = await inboxRow(response.json().wamid);
    expect(row?.message).toMatchObject({
      content: { type: 'button_reply', id: 'welcome/role/employer', title: 'Quiero contratar' },
      context: { replyToWamid: 'wamid.sandbox.abc' },
    });
  });

  it('when a persona sends a location and a list reply, then both are stored as such', async () => {
    const send = (message: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/simulator/api/messages', payload: { waId: '34655000333', name: 'Luis', message } });
    const location = await send({ type: 'location', latitude: 40.434, longitude: -3.7036, name: 'Madrid Chamberi' });
    const list = await send({ type: 'list_reply', id: 'worker_onboarding/skill/item/waiter', title: 'Camarero / Camarera', description: 'Tables' });
    expect((await inboxRow(location.json().wamid))?.message).toMatchObject({
      content: { type: 'location', latitude: 40.434, longitude: -3.7036, name: 'Madrid Chamberi' },
    });
    expect((await inboxRow(list.json().wamid))?.message).toMatchObject({
      content: { type: 'list_reply', id: 'worker_onboarding/skill/item/waiter', title: 'Camarero / Camarera', description: 'Tables' },
    });
  });

  it('when two messages are sent at once, then each gets its own wamid', async () => {
    const send = () =>
      t.app.inject({ method: 'POST', url: '/simulator/api/messages', payload: { waId: '34612345678', name: 'Maria', message: { type: 'text', text: 'hi' } } });
    const [first, second] = await Promise.all([send(), send()]);
    expect(first.json().wamid).not.toBe(second.json().wamid);
  });

  it('when ingest does not answer 200, then the simulator answers 502 with the error shape', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/wrong-secret/simulator/api/messages',
      payload: { waId: '34612345678', name: 'Maria', message: { type: 'text', text: 'hi' } },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ error: { code: 'simulator.ingest_failed', message: 'The webhook ingest answered 401' } });
  });

  it('when the body is not a valid simulated message, then the answer is a 400', async () => {
    for (const payload of [
      { waId: '+34612345678', name: 'Maria', message: { type: 'text', text: 'hi' } },
      { waId: '3461', name: 'Maria', message: { type: 'text', text: 'hi' } },
      { waId: '34612345678', name: '', message: { type: 'text', text: 'hi' } },
      { waId: '34612345678', name: 'Maria', message: { type: 'image', id: 'x' } },
      { waId: '34612345678', name: 'Maria', message: { type: 'location', latitude: 91, longitude: 0 } },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/simulator/api/messages', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('bad_request');
    }
  });
});

interface SseEvent {
  event: string;
  id: string | undefined;
  data: unknown;
}

/** Reads a text/event-stream response one event at a time (comments and retry lines are skipped). */
async function openStream(baseUrl: string, waId: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/simulator/api/stream?waId=${waId}`, { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function next(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
        const data = field('data');
        if (data !== undefined) return { event: field('event') ?? 'message', id: field('id'), data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
  }
  return { response, next, close: () => controller.abort() };
}

describe('simulator page and stream', () => {
  let database: Database;
  let t: TestApp;
  let baseUrl: string;
  let nextWaId = 34_600_000_001;
  const { phoneNumberId, displayPhoneNumber } = SANDBOX_WHATSAPP;

  async function insertContact(contactNumberId: string = phoneNumberId) {
    const waId = String(nextWaId++);
    const [row] = await database.db.insert(contacts).values({ phoneNumberId: contactNumberId, waId }).returning({ id: contacts.id });
    return { id: row!.id, waId };
  }

  async function insertOutbox(contactId: number, message: OutboundMessageInput, status: (typeof outbox.$inferInsert)['status']) {
    const [row] = await database.db
      .insert(outbox)
      .values({ phoneNumberId, contactId, message, status, wamid: `wamid.out-${contactId}-${Math.random()}` })
      .returning({ id: outbox.id, wamid: outbox.wamid });
    return row!;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    // The sandbox app as app.ts builds it mounts the simulator with the sandbox number.
    t = await startTestApp(database);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('when the page is opened, then it loads its script and style from the allowed asset list only', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/simulator' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/simulator/assets/simulator.js" defer></script>');
    expect(page.body).toContain('href="/simulator/assets/simulator.css"');
    expect(page.body).toContain(`data-display-number="${displayPhoneNumber}"`);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)|\son[a-z]+=|https?:\/\//);

    const script = await t.app.inject({ method: 'GET', url: '/simulator/assets/simulator.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    const style = await t.app.inject({ method: 'GET', url: '/simulator/assets/simulator.css' });
    expect(style.headers['content-type']).toMatch(/^text\/css/);

    for (const url of ['/simulator/assets/index.html', '/simulator/assets/..%2F..%2Fsimulator-routes.ts', '/simulator/assets/constructor']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('when the waId is not 8 to 15 digits, then the stream answers 400', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/simulator/api/stream?waId=12ab' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('when a stream opens, then it sends the sent rows in id order and then the rows sent after it opened', async () => {
    const maria = await insertContact();
    const other = await insertContact();
    const elsewhere = await insertContact('999999999999');
    const hello = await insertOutbox(maria.id, { type: 'text', text: 'Welcome!\n*Find work*?' }, 'sent');
    await insertOutbox(maria.id, { type: 'text', text: 'not sent yet' }, 'pending');
    await insertOutbox(other.id, { type: 'text', text: 'for someone else' }, 'sent');
    const buttons = await insertOutbox(
      maria.id,
      { type: 'buttons', body: 'Looking for work?', buttons: [{ id: 'w', title: 'Find work' }] },
      'delivered',
    );
    await insertOutbox(maria.id, { type: 'text', text: 'failed' }, 'failed');
    const receipt = await insertOutbox(maria.id, { type: 'read_receipt', wamid: 'wamid.from-maria' }, 'sent');
    // The same number on another business number is another contact.
    await database.db.insert(outbox).values({ phoneNumberId: '999999999999', contactId: elsewhere.id, message: { type: 'text', text: 'x' }, status: 'sent' });

    const stream = await openStream(baseUrl, maria.waId);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.response.headers.get('cache-control')).toBe('no-cache, no-transform');

      const first = await stream.next();
      expect(first).toEqual({
        event: 'message',
        id: String(hello.id),
        data: {
          id: hello.id,
          message: { type: 'text', text: 'Welcome!\n*Find work*?' },
          status: 'sent',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          wamid: hello.wamid,
        },
      });
      const second = await stream.next();
      expect(second).toMatchObject({ event: 'message', data: { id: buttons.id, status: 'delivered', message: { type: 'buttons' } } });
      expect(await stream.next()).toEqual({ event: 'read', id: String(receipt.id), data: { wamid: 'wamid.from-maria' } });

      const later = await insertOutbox(maria.id, { type: 'template', name: 'job_offer', language: 'en', params: ['Cafe Sol'] }, 'read');
      expect(await stream.next()).toMatchObject({
        event: 'message',
        data: { id: later.id, status: 'read', message: { type: 'template', name: 'job_offer', params: ['Cafe Sol'] } },
      });
    } finally {
      stream.close();
    }
  });

  it('when the contact writes for the first time after the stream opened, then its replies still arrive', async () => {
    const waId = String(nextWaId++);
    const stream = await openStream(baseUrl, waId);
    try {
      const [contact] = await database.db.insert(contacts).values({ phoneNumberId, waId }).returning({ id: contacts.id });
      const reply = await insertOutbox(contact!.id, { type: 'text', text: 'Welcome to Partimer' }, 'sent');
      expect(await stream.next()).toMatchObject({ event: 'message', data: { id: reply.id, message: { text: 'Welcome to Partimer' } } });
    } finally {
      stream.close();
    }
  });

  it('when an EventSource reconnects with Last-Event-ID, then only later rows are sent', async () => {
    const luis = await insertContact();
    const seen = await insertOutbox(luis.id, { type: 'text', text: 'seen' }, 'sent');
    const unseen = await insertOutbox(luis.id, { type: 'text', text: 'unseen' }, 'sent');
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/simulator/api/stream?waId=${luis.waId}`, {
      headers: { 'last-event-id': String(seen.id) },
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"unseen"')) text += (await reader.read()).value ?? '';
    controller.abort();
    expect(text).not.toContain('"seen"');
    expect(text).toContain(`id: ${unseen.id}\n`);
  });

  it('when the app closes with a stream open, then the stream ends and the close completes', async () => {
    const own = await startTestApp(database);
    const url = await own.app.listen({ port: 0, host: '127.0.0.1' });
    const contact = await insertContact();
    await insertOutbox(contact.id, { type: 'text', text: 'hello' }, 'sent');
    const stream = await openStream(url, contact.waId);
    await stream.next();
    await own.close();
    await expect(stream.next()).rejects.toThrow('the stream ended');
  });
});
