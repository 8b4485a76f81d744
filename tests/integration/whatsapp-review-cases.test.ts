import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conversationsJobId } from '../../src/conversation/conversation-job.js';
import { contacts, inbox, outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/observability/logger.js';
import { sweep } from '../../src/whatsapp/sweeper.js';
import { quotedTexts, seedAtSkillStep } from '../helpers/conversation-seed.js';
import { captureLogs } from '../helpers/log-capture.js';
import { mergeDeliveries, postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

describe('WhatsApp channel edge cases', () => {
  let database: TestDatabase;
  let t: TestService;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    t = await startTestService(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const processed = (wamids: string[]) =>
    vi.waitFor(
      async () => {
        const rows = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
        expect(rows.filter((r) => r.processedAt !== null)).toHaveLength(wamids.length);
      },
      { timeout: 15_000, interval: 25 },
    );

  it('when one message of a delivery holds a NUL character, then it and its neighbours are stored', async () => {
    const bad = textDelivery({ waId: '15551230501', text: 'nul\u0000inside' });
    const good = textDelivery({ waId: '15551230502', text: 'plain' });
    expect((await postSigned(t.app, mergeDeliveries([bad.bytes, good.bytes]))).statusCode).toBe(200);
    await processed([bad.wamid, good.wamid]);
    const [row] = await database.db.select().from(inbox).where(eq(inbox.wamid, bad.wamid));
    expect(row?.message).toMatchObject({ content: { type: 'text', body: 'nulinside' } });
  });

  it('when two messages share one second, then they are answered in the order Meta listed them', async () => {
    // At the skill step, each reply quotes the message it answers.
    await seedAtSkillStep(database.db, { waId: '15551230503' });
    const sentAt = new Date(Date.now() - 2000);
    // Ids that sort the other way round, so ordering by id would be wrong.
    const first = textDelivery({ waId: '15551230503', text: 'one', sentAt, wamid: 'wamid.ZZZZ-first' });
    const second = textDelivery({ waId: '15551230503', text: 'two', sentAt, wamid: 'wamid.AAAA-second' });
    expect((await postSigned(t.app, mergeDeliveries([first.bytes, second.bytes]))).statusCode).toBe(200);
    await processed([first.wamid, second.wamid]);
    const replies = await database.db.select().from(outbox).where(inArray(outbox.causedBy, [first.wamid, second.wamid]));
    const inOrder = replies.sort((a, b) => a.id - b.id).map((r) => r.message);
    expect(quotedTexts(inOrder)).toEqual(['one', 'two']);
  });

  it('when a database query fails, then its parameters (message text) are not in the log line', async () => {
    const capture = captureLogs();
    const log = createLogger('info', capture.stream);
    const error = await database.db
      .insert(inbox)
      .values({ wamid: 'wamid.orphan', phoneNumberId: 'x', contactId: 999_999, type: 'text', message: { body: 'my secret address 5 Calle Mayor' }, waTimestamp: new Date() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    log.error({ err: error }, 'insert failed');
    const written = capture.lines().join('\n');
    expect(written).toContain('query failed (23503)');
    expect(written).not.toContain('Calle Mayor');
  });

  it('when a contact writes again, then what was held outside the 24-hour window is sent', async () => {
    const first = textDelivery({ waId: '15551230505', text: 'hello' });
    await postSigned(t.app, first.bytes);
    await processed([first.wamid]);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.waId, '15551230505'));
    const [held] = await database.db
      .insert(outbox)
      .values({ phoneNumberId: contact!.phoneNumberId, contactId: contact!.id, message: { type: 'text', text: 'waited for you' }, status: 'held', heldReason: 'outside_24h_window' })
      .returning();
    const again = textDelivery({ waId: '15551230505', text: 'back again' });
    await postSigned(t.app, again.bytes);
    await vi.waitFor(async () => expect((await database.db.select().from(outbox).where(eq(outbox.id, held!.id)))[0]).toMatchObject({ status: 'sent', heldReason: null }), {
      timeout: 15_000,
      interval: 25,
    });
  });

  it('when a job id is made for new messages, then it does not carry their wamids (which embed phone numbers)', () => {
    const wamid = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc2RTFBM0ZBQkJBNURCNTUxNwA=';
    const id = conversationsJobId([wamid]);
    expect(id).toMatch(/^wa-[0-9a-f]{32}$/);
    expect(id).not.toContain('HBgL');
    expect(conversationsJobId([wamid, 'wamid.other'])).not.toBe(id);
  });

  it('when a row waits out a retry backoff, then the sweeper leaves it to its own job', async () => {
    const [contact] = await database.db.insert(contacts).values({ phoneNumberId: '100000000000001', waId: '15551230504', lastInboundAt: new Date() }).returning();
    const longAgo = new Date(Date.now() - 60_000);
    const [waiting] = await database.db
      .insert(outbox)
      .values({
        phoneNumberId: '100000000000001',
        contactId: contact!.id,
        message: { type: 'text', text: 'backing off' },
        attempts: 3,
        createdAt: longAgo,
        nextAttemptAt: new Date(Date.now() + 120_000),
      })
      .returning();
    await sweep({ db: database.db, queue: t.deps.queue, clock: t.deps.clock, log: t.deps.logger });
    // Whatever the sweep scheduled has run once the queue is idle again.
    await vi.waitFor(async () => {
      const depth = await t.deps.queue.depth();
      expect(depth.reduce((n, d) => n + d.waiting + d.active, 0)).toBe(0);
    });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, waiting!.id));
    expect(row).toMatchObject({ status: 'pending', attempts: 3 });
  });
});
