import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { contacts, conversations, inbox, outbox } from '../../src/db/schema.js';
import { databaseBackends } from '../helpers/backends.js';
import { CHOICE_HINT, notFoundFor, replyText, seedAtSkillStep, WELCOME } from '../helpers/conversation-seed.js';
import { fixtureBytes, postSigned, textDelivery, APP_SECRET } from '../helpers/meta-webhook.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { signBody } from '../../src/web/simulator-payload.js';

describe.each(databaseBackends)('WhatsApp webhook on %s', (backend) => {
  let database: Database;
  let t: TestService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    t = await startTestService(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const countInbox = async (wamids: string[]) =>
    (await database.db.select({ wamid: inbox.wamid }).from(inbox)).filter((row) => wamids.includes(row.wamid)).length;

  describe('verification handshake', () => {
    it('when the verify token matches, then the challenge comes back as plain text', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=partimer-sandbox-verify-token&hub.challenge=1158201444',
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toBe('1158201444');
      expect(t.logs.lines().join('\n')).not.toContain('partimer-sandbox-verify-token');
    });

    it('when the verify token is wrong or the mode is not subscribe, then 403', async () => {
      const wrong = await t.app.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1' });
      const mode = await t.app.inject({
        method: 'GET',
        url: '/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=partimer-sandbox-verify-token&hub.challenge=1',
      });
      const none = await t.app.inject({ method: 'GET', url: '/webhooks/whatsapp' });
      for (const response of [wrong, mode, none]) {
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ error: { code: 'whatsapp.bad_verify_token', message: 'Verification failed' } });
      }
      expect(t.logs.lines().join('\n')).not.toContain('verify_token=guess');
    });
  });

  describe('signatures', () => {
    // The accented, emoji-laden fixture: its escapes are exactly what a re-serialisation would change.
    const bytes = fixtureBytes('msg-text-emoji-accents.json');
    const wamid = (JSON.parse(bytes.toString()) as { entry: { changes: { value: { messages: { id: string }[] } }[] }[] }).entry[0]!
      .changes[0]!.value.messages[0]!.id;

    it('when the signature is missing, then 401 and nothing is stored', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json' }, payload: bytes });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'whatsapp.bad_signature', message: 'Missing or invalid X-Hub-Signature-256' } });
      expect(await countInbox([wamid])).toBe(0);
    });

    it('when the signature is made with another secret, then 401 and nothing is stored', async () => {
      expect((await postSigned(t.app, bytes, 'not-the-app-secret')).statusCode).toBe(401);
      expect(await countInbox([wamid])).toBe(0);
    });

    it('when the signature is right but over re-serialised JSON, then 401 and nothing is stored', async () => {
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(bytes.toString())));
      expect(reserialised.equals(bytes)).toBe(false);
      const response = await t.app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, APP_SECRET) },
        payload: reserialised,
      });
      expect(response.statusCode).toBe(401);
      expect(await countInbox([wamid])).toBe(0);
    });

    it('when the signature is right over the exact bytes, then 200 and the message is stored with its text intact', async () => {
      const response = await postSigned(t.app, bytes);
      expect(response.statusCode).toBe(200);
      const [row] = await database.db.select().from(inbox).where(eq(inbox.wamid, wamid));
      const original = JSON.parse(bytes.toString()) as { entry: { changes: { value: { messages: { text: { body: string } }[] } }[] }[] };
      expect(row?.message).toMatchObject({ content: { type: 'text', body: original.entry[0]!.changes[0]!.value.messages[0]!.text.body } });
    });
  });

  it.each([
    'field-account-update-violation.json',
    'field-message-template-status-update-approved.json',
    'field-phone-number-quality-update.json',
    'field-user-preferences.json',
    'errors-value-level-130429.json',
  ])('when a well-signed delivery of a shape we do not handle (%s) arrives, then 200', async (file) => {
    const response = await postSigned(t.app, fixtureBytes(file));
    expect(response.statusCode).toBe(200);
  });

  it('when a well-signed body is not even JSON, then 200 and a log line', async () => {
    const response = await postSigned(t.app, Buffer.from('{"object": "whatsapp_business_account", entry'));
    expect(response.statusCode).toBe(200);
    expect(t.logs.records().some((record) => record.msg === 'signed WhatsApp webhook is not JSON; ignored')).toBe(true);
  });

  it('when several entries and changes come in one delivery, then every message is stored', async () => {
    for (const file of ['batch-multiple-entries.json', 'batch-multiple-changes.json', 'batch-messages-one-change.json']) {
      const body = JSON.parse(fixtureBytes(file).toString()) as { entry: { changes: { value: { messages?: { id: string }[] } }[] }[] };
      const wamids = body.entry.flatMap((e) => e.changes.flatMap((c) => (c.value.messages ?? []).map((m) => m.id)));
      expect(wamids.length).toBeGreaterThan(1);
      expect((await postSigned(t.app, fixtureBytes(file))).statusCode).toBe(200);
      expect(await countInbox(wamids)).toBe(wamids.length);
    }
  });

  it('when the same delivery is posted 5 times at once, then each message is stored and answered once', async () => {
    const waId = '15551230101';
    // At the skill step the reply quotes the message, and the state counts the answers it took.
    const contactId = await seedAtSkillStep(database.db, { waId });
    const { wamid, bytes } = textDelivery({ waId, text: 'hello five times' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postSigned(t.app, bytes)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    await vi.waitFor(
      async () => {
        const [row] = await database.db.select().from(inbox).where(eq(inbox.wamid, wamid));
        expect(row?.processedAt).not.toBeNull();
      },
      { timeout: 15_000, interval: 25 },
    );
    const replies = await database.db.select().from(outbox).where(eq(outbox.causedBy, wamid)).orderBy(asc(outbox.id));
    expect(replies.map((r) => (r.message as { type: string }).type)).toEqual(['read_receipt', 'list']);
    expect(replies[1]!.message).toMatchObject({ body: expect.stringMatching(notFoundFor('hello five times')) });
    expect(await countInbox([wamid])).toBe(1);
    // Handled once: one misunderstood answer, not five.
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.contactId, contactId));
    expect(conversation?.state).toMatchObject({ flow: { name: 'worker_onboarding', step: 'skill', tries: 1 } });
  });

  it('when 60 deliveries from 20 people arrive at once, then each is stored once and each person is one contact', async () => {
    const people = Array.from({ length: 20 }, (_, i) => `1555124${String(i).padStart(4, '0')}`);
    const deliveries = Array.from({ length: 60 }, (_, i) => textDelivery({ waId: people[i % 20]!, text: `burst ${i}`, sentAt: new Date(Date.now() - 60_000 + i * 1000) }));
    const responses = await Promise.all(deliveries.map((d) => postSigned(t.app, d.bytes)));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const wamids = deliveries.map((d) => d.wamid);
    expect(await countInbox(wamids)).toBe(60);
    const rows = await database.db.select().from(contacts).where(inArray(contacts.waId, people));
    expect(rows).toHaveLength(20);
    await vi.waitFor(
      async () => {
        const done = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
        expect(done.filter((r) => r.processedAt !== null)).toHaveLength(60);
      },
      { timeout: 20_000, interval: 50 },
    );
    const replies = (await database.db.select().from(outbox).where(inArray(outbox.causedBy, wamids))).filter(
      (r) => (r.message as { type: string }).type !== 'read_receipt',
    );
    // One reply per message...
    expect(replies).toHaveLength(60);
    expect(new Set(replies.map((r) => r.causedBy)).size).toBe(60);
    // ...each from the person's one conversation: whichever message came first was welcomed, the
    // other two answered the welcome question (a lost or second conversation would welcome again).
    const rowsById = new Map(rows.map((row) => [row.id, row.waId]));
    for (const person of people) {
      const texts = replies.filter((r) => rowsById.get(r.contactId) === person).map((r) => replyText(r.message) ?? '');
      expect(texts).toHaveLength(3);
      expect(texts.filter((text) => WELCOME.test(text))).toHaveLength(1);
      expect(texts.filter((text) => CHOICE_HINT.test(text))).toHaveLength(2);
    }
  });

  it('when a user with a username sends without a phone number, then the contact is keyed by the business-scoped id', async () => {
    expect((await postSigned(t.app, fixtureBytes('bsuid-msg-text-username-no-phone.json'))).statusCode).toBe(200);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.userId, 'US.13491208655302741918'));
    expect(contact).toMatchObject({ waId: null, userId: 'US.13491208655302741918' });
  });

  it('when a number changes, then the new number carries on the old contact', async () => {
    const body = JSON.parse(fixtureBytes('msg-system-user-changed-number.json').toString()) as {
      entry: { changes: { value: { messages: { from: string; system: { wa_id: string } }[] } }[] }[];
    };
    const message = body.entry[0]!.changes[0]!.value.messages[0]!;
    // The user wrote before from the old number.
    await postSigned(t.app, textDelivery({ waId: message.from, text: 'before the change', phoneNumberId: '106540352242922' }).bytes);
    const [before] = await database.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.phoneNumberId, '106540352242922'), eq(contacts.waId, message.from)));
    expect(before).toBeDefined();
    expect((await postSigned(t.app, fixtureBytes('msg-system-user-changed-number.json'))).statusCode).toBe(200);
    const [after] = await database.db.select().from(contacts).where(eq(contacts.id, before!.id));
    expect(after?.waId).toBe(message.system.wa_id);
  });

  it('when statuses arrive late and out of order, then a row only moves forward', async () => {
    const { bytes, wamid: inboundWamid } = textDelivery({ waId: '15551230102', text: 'status check' });
    await postSigned(t.app, bytes);
    await vi.waitFor(
      async () => {
        const rows = await database.db.select().from(outbox).where(eq(outbox.causedBy, inboundWamid));
        expect(rows.find((r) => (r.message as { type: string }).type !== 'read_receipt')?.wamid).toBeTruthy();
      },
      { timeout: 15_000, interval: 25 },
    );
    const [reply] = (await database.db.select().from(outbox).where(eq(outbox.causedBy, inboundWamid))).filter(
      (r) => (r.message as { type: string }).type !== 'read_receipt',
    );
    const statusBody = (status: string, ts: number) =>
      Buffer.from(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: '100000000000000',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '15550000001', phone_number_id: '100000000000001' },
                    statuses: [{ id: reply!.wamid, status, timestamp: String(ts), recipient_id: '15551230102' }],
                  },
                },
              ],
            },
          ],
        }),
      );
    const now = Math.floor(Date.now() / 1000);
    await postSigned(t.app, statusBody('read', now + 5));
    await postSigned(t.app, statusBody('delivered', now + 3));
    await postSigned(t.app, statusBody('sent', now + 1));
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, reply!.id));
    expect(row?.status).toBe('read');
    const statuses = await database.db.execute(sql`select count(*)::int as n from delivery_statuses where wamid = ${reply!.wamid}`);
    expect((statuses as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(3);
  });
});
