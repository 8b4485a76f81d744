import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conversationsJob } from '../../src/conversation/conversation-job.js';
import type { Database } from '../../src/db/database.js';
import { contacts, inbox, outbox } from '../../src/db/schema.js';
import { databaseBackends, queueBackends, testRedisUrl } from '../helpers/backends.js';
import { postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const cases = databaseBackends.flatMap((db) => queueBackends.map((queue) => [db, queue] as const));

describe.each(cases)('conversations scheduled by a batch of deliveries on %s with the %s queue', (backend, queueBackend) => {
  let database: Database;
  let t: TestService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    t = await startTestService(database, queueBackend === 'redis' ? { REDIS_URL: testRedisUrl! } : {}, { workers: false });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const depthOf = async (name: string) => (await t.deps.queue.depth()).find((d) => d.queue === name) ?? { waiting: 0, active: 0, delayed: 0 };
  const repliesTo = async (wamids: string[]) =>
    (await database.db.select().from(outbox).where(inArray(outbox.causedBy, wamids))).filter((row) => (row.message as { type: string }).type !== 'read_receipt');

  it('when deliveries from several contacts arrive together, then conversations jobs (not one job a message) schedule them and each is answered once', async () => {
    const deliveries = Array.from({ length: 12 }, (_, i) => textDelivery({ waId: `1555124${String(i).padStart(4, '0')}`, text: 'hi' }));
    const responses = await Promise.all(deliveries.map((d) => postSigned(t.app, d.bytes)));
    expect(responses.map((r) => r.statusCode)).toEqual(deliveries.map(() => 200));

    const scheduled = await depthOf('conversations');
    expect(scheduled.waiting).toBeGreaterThanOrEqual(1);
    expect(scheduled.waiting).toBeLessThanOrEqual(deliveries.length);
    expect((await depthOf('conversation')).waiting).toBe(0);

    t.startWorkers();
    const wamids = deliveries.map((d) => d.wamid);
    await vi.waitFor(async () => expect(new Set((await repliesTo(wamids)).map((r) => r.causedBy))).toEqual(new Set(wamids)), { timeout: 20_000, interval: 50 });
    const processed = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
    expect(processed.map((row) => row.outcome)).toEqual(wamids.map(() => 'handled'));
    // Every "hi" gets the same welcome, once, however the jobs were cut.
    const replies = await repliesTo(wamids);
    const counts = wamids.map((wamid) => replies.filter((r) => r.causedBy === wamid).length);
    expect(counts).toEqual(wamids.map(() => counts[0]));
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('when a conversations job names a contact whose turn fails, then the others are answered and that one goes on as a job of its own', async () => {
    t.startWorkers();
    const delivery = textDelivery({ waId: '15551249001', text: 'hi' });
    expect((await postSigned(t.app, delivery.bytes)).statusCode).toBe(200);
    await vi.waitFor(async () => expect(await repliesTo([delivery.wamid])).not.toHaveLength(0), { timeout: 20_000, interval: 50 });
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.waId, '15551249001'));

    // A second message, scheduled only by a job that also names a contact that does not exist.
    const later = textDelivery({ waId: '15551249001', text: 'menu', sentAt: new Date(Date.now() + 1000) });
    await database.db.insert(inbox).values({
      wamid: later.wamid,
      phoneNumberId: contact!.phoneNumberId,
      contactId: contact!.id,
      type: 'text',
      message: (await storedMessage(delivery.wamid, later.wamid)) as Record<string, unknown>,
      waTimestamp: new Date(Date.now() + 1000),
    });
    const missing = 987_654_321;
    await t.deps.queue.enqueue(conversationsJob, { contactIds: [missing, contact!.id] }, { jobId: `test-conversations-${missing}` });

    await vi.waitFor(async () => expect(await repliesTo([later.wamid])).not.toHaveLength(0), { timeout: 20_000, interval: 50 });
    await vi.waitFor(() =>
      expect(t.logs.records()).toContainEqual(expect.objectContaining({ contactId: missing, msg: 'a conversation failed; it goes on as a job of its own' })),
    );
  });

  /** The stored form of the first message, with the second one's wamid and text: what ingest would have stored. */
  async function storedMessage(fromWamid: string, wamid: string): Promise<unknown> {
    const [row] = await database.db.select().from(inbox).where(eq(inbox.wamid, fromWamid));
    const message = row!.message as { wamid: string; content: { type: string; text: string }; timestamp: string };
    return { ...message, wamid, content: { ...message.content, text: 'menu' }, timestamp: new Date(Date.now() + 1000).toISOString() };
  }
});
