import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, deliveryStatuses, inbox, outbox } from '../../src/db/schema.js';
import { databaseBackends } from '../helpers/backends.js';
import { fixtureBytes, PHONE_NUMBER_ID, postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

interface WireStatus {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: number;
  errors?: { code: number; title: string }[];
}

/** One POST carrying these statuses, in Meta's shape. */
function statusDelivery(statuses: WireStatus[], recipient = '15551250001'): Buffer {
  return Buffer.from(
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
                metadata: { display_phone_number: '15550000001', phone_number_id: PHONE_NUMBER_ID },
                statuses: statuses.map((s) => ({ ...s, timestamp: String(s.timestamp), recipient_id: recipient })),
              },
            },
          ],
        },
      ],
    }),
  );
}

describe.each(databaseBackends)('webhook deliveries stored in batches on %s', (backend) => {
  let database: TestDatabase;
  let t: TestService;
  let contactId: number;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    // Workers off: only the webhook's own writes are under test.
    t = await startTestService(database, {}, { workers: false });
    const [contact] = await database.db.insert(contacts).values({ phoneNumberId: PHONE_NUMBER_ID, waId: '15551250001', lastInboundAt: new Date() }).returning();
    contactId = contact!.id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  /** Outbox rows already sent, with their wamids, as the sender leaves them. */
  async function sentRows(count: number, wamids: string[] = Array.from({ length: count }, () => `wamid.${randomBytes(18).toString('base64')}`)) {
    return database.db
      .insert(outbox)
      .values(wamids.map((wamid) => ({ phoneNumberId: PHONE_NUMBER_ID, contactId, message: { type: 'text', text: 'hello' }, status: 'sent' as const, wamid, sentAt: new Date() })))
      .returning();
  }
  const rowsOf = (ids: number[]) => database.db.select().from(outbox).where(inArray(outbox.id, ids));
  const statusesOf = (wamids: string[]) => database.db.select().from(deliveryStatuses).where(inArray(deliveryStatuses.wamid, wamids));

  it('when one delivery carries several statuses of several messages, out of order and twice, then each row moves to its furthest status once', async () => {
    const [a, b, c] = await sentRows(3);
    const now = Math.floor(Date.now() / 1000);
    const body = statusDelivery([
      { id: a!.wamid!, status: 'read', timestamp: now + 3 },
      { id: a!.wamid!, status: 'delivered', timestamp: now + 2 },
      { id: b!.wamid!, status: 'delivered', timestamp: now + 2 },
      { id: b!.wamid!, status: 'delivered', timestamp: now + 2 },
      { id: c!.wamid!, status: 'failed', timestamp: now + 1, errors: [{ code: 131026, title: 'Message undeliverable' }] },
      { id: a!.wamid!, status: 'sent', timestamp: now + 1 },
    ]);
    expect((await postSigned(t.app, body)).statusCode).toBe(200);

    const rows = new Map((await rowsOf([a!.id, b!.id, c!.id])).map((row) => [row.id, row]));
    expect(rows.get(a!.id)).toMatchObject({ status: 'read', statusAt: new Date((now + 3) * 1000), errorCode: null });
    expect(rows.get(b!.id)).toMatchObject({ status: 'delivered', statusAt: new Date((now + 2) * 1000) });
    expect(rows.get(c!.id)).toMatchObject({ status: 'failed', errorCode: 131026 });
    const recorded = (await statusesOf([a!.wamid!, b!.wamid!, c!.wamid!])).map((s) => `${s.wamid === a!.wamid ? 'a' : s.wamid === b!.wamid ? 'b' : 'c'}:${s.status}`);
    expect(recorded.sort()).toEqual(['a:delivered', 'a:read', 'a:sent', 'b:delivered', 'c:failed']);
  });

  it('when a late status arrives after a further one was stored, then the row does not move back', async () => {
    const [row] = await sentRows(1);
    const now = Math.floor(Date.now() / 1000);
    await postSigned(t.app, statusDelivery([{ id: row!.wamid!, status: 'read', timestamp: now + 5 }]));
    await postSigned(t.app, statusDelivery([{ id: row!.wamid!, status: 'delivered', timestamp: now + 3 }, { id: row!.wamid!, status: 'sent', timestamp: now + 1 }]));
    expect((await rowsOf([row!.id]))[0]).toMatchObject({ status: 'read', statusAt: new Date((now + 5) * 1000) });
    expect(await statusesOf([row!.wamid!])).toHaveLength(3);
  });

  it('when many deliveries of statuses for the same messages arrive at once in any order, then every row ends read and each status is kept once', async () => {
    const rows = await sentRows(4);
    const now = Math.floor(Date.now() / 1000);
    const parts = rows.flatMap((row) =>
      (['sent', 'delivered', 'read'] as const).map((status, i) => statusDelivery([{ id: row.wamid!, status, timestamp: now + i }])),
    );
    // Each part twice (Meta redelivers), posted in a shuffled order all at once.
    const posts = [...parts, ...parts].map((bytes, i) => ({ bytes, key: (i * 7919) % 97 })).sort((x, y) => x.key - y.key);
    const responses = await Promise.all(posts.map(({ bytes }) => postSigned(t.app, bytes)));
    expect(responses.map((r) => r.statusCode)).toEqual(posts.map(() => 200));
    expect((await rowsOf(rows.map((r) => r.id))).map((r) => r.status)).toEqual(rows.map(() => 'read'));
    expect(await statusesOf(rows.map((r) => r.wamid!))).toHaveLength(rows.length * 3);
  });

  it("when a status names a message we have not recorded yet, then it is kept and the row is untouched until the send's wamid lands", async () => {
    const wamid = `wamid.${randomBytes(18).toString('base64')}`;
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(t.app, statusDelivery([{ id: wamid, status: 'delivered', timestamp: now }]))).statusCode).toBe(200);
    expect(await statusesOf([wamid])).toMatchObject([{ wamid, status: 'delivered' }]);
    expect(await database.db.select().from(outbox).where(eq(outbox.wamid, wamid))).toEqual([]);
  });

  it("when Meta's batch mixes a message and statuses (its documented example), then the message is stored and the statuses move their rows", async () => {
    const bytes = fixtureBytes('batch-message-status-mix.json');
    const value = (JSON.parse(bytes.toString()) as { entry: { changes: { value: { messages?: { id: string }[]; statuses?: { id: string }[] } }[] }[] }).entry[0]!.changes;
    const messageWamid = value[0]!.value.messages![0]!.id;
    const [read, delivered] = [value[1]!.value.statuses![0]!.id, value[1]!.value.statuses![1]!.id];
    const rows = await sentRows(2, [read, delivered]);
    expect((await postSigned(t.app, bytes)).statusCode).toBe(200);
    expect(await database.db.select().from(inbox).where(eq(inbox.wamid, messageWamid))).toHaveLength(1);
    const after = new Map((await rowsOf(rows.map((r) => r.id))).map((row) => [row.wamid, row.status]));
    expect(after).toEqual(new Map([[read, 'read'], [delivered, 'delivered']]));
  });

  // PGlite serves one connection: a second transaction needs the real server.
  if (backend === 'postgres') {
    it('when another transaction holds the key-share lock an outbox insert takes on a contact, then a delivery from that contact is stored without waiting for it', async () => {
      const waId = '15551260001';
      const [contact] = await database.db.insert(contacts).values({ phoneNumberId: PHONE_NUMBER_ID, waId, lastInboundAt: new Date() }).returning();
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      try {
        await other.query('begin');
        // A turn's reply to this contact, not yet committed: the foreign key takes FOR KEY SHARE on the contact.
        await other.query(`insert into outbox (phone_number_id, contact_id, message) values ($1, $2, '{"type":"text","text":"hi"}')`, [PHONE_NUMBER_ID, contact!.id]);

        const delivery = textDelivery({ waId, text: 'while a reply is being written' });
        // FOR UPDATE on the contact would wait here until the other transaction ends (and two such batches deadlocked).
        const answer = await Promise.race([postSigned(t.app, delivery.bytes), new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000))]);
        expect(answer === 'blocked' ? 'blocked' : answer.statusCode).toBe(200);
        const [stored] = await database.db.select().from(inbox).where(eq(inbox.wamid, delivery.wamid));
        expect(stored?.contactId).toBe(contact!.id);
        await other.query('commit');
      } finally {
        await other.end();
      }
    });
  }
});
