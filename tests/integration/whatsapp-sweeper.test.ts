import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contacts, inbox, outbox } from '../../src/db/schema.js';
import { sweep } from '../../src/whatsapp/sweeper.js';
import { databaseBackends } from '../helpers/backends.js';
import { postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const DAY = 86_400_000;

describe.each(databaseBackends)('sweeper and flood throttle on %s', (backend) => {
  let database: TestDatabase;
  let t: TestService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    t = await startTestService(database, { WHATSAPP_CONTACT_FLOOD_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('when a contact floods, then every message is stored but only the allowed number is answered', async () => {
    const base = Date.now() - 5000;
    const deliveries = Array.from({ length: 4 }, (_, i) => textDelivery({ waId: '15551230401', text: `flood ${i}`, sentAt: new Date(base + i * 1000) }));
    for (const d of deliveries) expect((await postSigned(t.app, d.bytes)).statusCode).toBe(200);
    const wamids = deliveries.map((d) => d.wamid);
    await vi.waitFor(
      async () => {
        const rows = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
        expect(rows.filter((r) => r.processedAt !== null)).toHaveLength(4);
      },
      { timeout: 15_000, interval: 25 },
    );
    const rows = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
    const outcome = Object.fromEntries(rows.map((r) => [r.wamid, r.outcome]));
    expect(wamids.map((w) => outcome[w])).toEqual(['handled', 'handled', 'throttled', 'throttled']);
    const replies = await database.db.select().from(outbox).where(inArray(outbox.causedBy, wamids));
    expect(new Set(replies.map((r) => r.causedBy))).toEqual(new Set(wamids.slice(0, 2)));
  });

  it('when a send was claimed long ago and never finished, then it goes back to pending; old inbox rows are pruned', async () => {
    const [contact] = await database.db.insert(contacts).values({ phoneNumberId: '100000000000001', waId: '15551230402', lastInboundAt: new Date() }).returning();
    const longAgo = new Date(Date.now() - 5 * 60_000);
    const [stuck] = await database.db
      .insert(outbox)
      .values({ phoneNumberId: '100000000000001', contactId: contact!.id, message: { type: 'text', text: 'lost in flight' }, status: 'sending', claimedAt: longAgo, createdAt: longAgo })
      .returning();
    const message = (wamid: string) => ({ kind: 'message', wamid });
    await database.db.insert(inbox).values([
      { wamid: 'wamid.old-enough', phoneNumberId: '100000000000001', contactId: contact!.id, type: 'text', message: message('wamid.old-enough'), waTimestamp: new Date(Date.now() - 40 * DAY), receivedAt: new Date(Date.now() - 40 * DAY), processedAt: new Date(Date.now() - 40 * DAY), outcome: 'handled' },
      { wamid: 'wamid.keep-for-replays', phoneNumberId: '100000000000001', contactId: contact!.id, type: 'text', message: message('wamid.keep-for-replays'), waTimestamp: new Date(Date.now() - 31 * DAY), receivedAt: new Date(Date.now() - 31 * DAY), processedAt: new Date(Date.now() - 31 * DAY), outcome: 'handled' },
    ]);

    const result = await sweep({ db: database.db, queue: t.deps.queue, clock: t.deps.clock, log: t.deps.logger });
    expect(result.released).toBeGreaterThanOrEqual(1);
    expect(result.pruned).toBe(1);
    const kept = await database.db.select({ wamid: inbox.wamid }).from(inbox).where(inArray(inbox.wamid, ['wamid.old-enough', 'wamid.keep-for-replays']));
    expect(kept.map((r) => r.wamid)).toEqual(['wamid.keep-for-replays']);
    // Released and rescheduled: the sandbox transport sends it.
    await vi.waitFor(async () => expect((await database.db.select().from(outbox).where(eq(outbox.id, stuck!.id)))[0]?.status).toBe('sent'), {
      timeout: 15_000,
      interval: 25,
    });
  });
});
