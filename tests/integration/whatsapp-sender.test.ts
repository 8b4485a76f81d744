import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { businessNumbers, contacts, outbox } from '../../src/db/schema.js';
import type { OutboundMessageInput } from '../../src/whatsapp/outbound-message.js';
import { sendJob } from '../../src/whatsapp/send-job.js';
import { queueBackends, testRedisUrl } from '../helpers/backends.js';
import { FakeGraphApi, graphError } from '../helpers/fake-graph-api.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const PHONE_NUMBER_ID = '106540352242922';
const TOKEN = 'EAAG-test-access-token';

describe.each(queueBackends)('outbox sender on the %s queue', (queueBackend) => {
  let database: Database;
  let graph: FakeGraphApi;
  let t: TestService;
  let waIdSeq = 0;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    graph = new FakeGraphApi();
  });
  afterEach(async () => {
    await t?.close();
    await graph.stop();
  });

  async function start(env: Record<string, string> = {}) {
    const url = await graph.start();
    t = await startTestService(database, {
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_APP_SECRET: 'app-secret',
      WHATSAPP_VERIFY_TOKEN: 'verify',
      WHATSAPP_API_URL: url,
      ...(queueBackend === 'redis' ? { REDIS_URL: testRedisUrl! } : {}),
      ...env,
    });
  }

  /** A contact of our own number and a pending outbox row for it, scheduled as the processor would. */
  async function queueMessage(message: OutboundMessageInput, options: { lastInboundAgoMs?: number; waId?: string; attempts?: number } = {}) {
    waIdSeq += 1;
    const waId = options.waId ?? `1555900${String(Date.now() % 10000).padStart(4, '0')}${waIdSeq}`;
    let [contact] = await database.db.select().from(contacts).where(eq(contacts.waId, waId));
    contact ??= (
      await database.db
        .insert(contacts)
        .values({ phoneNumberId: PHONE_NUMBER_ID, waId, lastInboundAt: new Date(Date.now() - (options.lastInboundAgoMs ?? 60_000)) })
        .returning()
    )[0]!;
    const [row] = await database.db.insert(outbox).values({ phoneNumberId: PHONE_NUMBER_ID, contactId: contact.id, message, attempts: options.attempts ?? 0 }).returning();
    const receipt = message.type === 'read_receipt';
    await t.deps.queue.enqueue(sendJob, { outboxId: row!.id, ...(receipt ? { receipt } : {}) }, { jobId: `out-${row!.id}` });
    return { row: row!, contact, waId };
  }

  const rowOf = async (id: number) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
  const waitForRow = (id: number, check: (row: typeof outbox.$inferSelect) => void) =>
    vi.waitFor(async () => check(await rowOf(id)), { timeout: 20_000, interval: 25 });

  it('when Meta accepts a message, then the request is the documented one and the wamid is stored', async () => {
    await start();
    const { row, waId } = await queueMessage({ type: 'buttons', body: 'Pick one', buttons: [{ id: 'a', title: 'Yes' }, { id: 'b', title: 'No' }] });
    await waitForRow(row.id, (r) => expect(r.status).toBe('sent'));
    const [request] = graph.sends();
    expect(request).toMatchObject({ method: 'POST', path: `/v24.0/${PHONE_NUMBER_ID}/messages`, authorization: `Bearer ${TOKEN}` });
    expect(request!.body).toMatchObject({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: waId,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick one' },
        action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'Yes' } }, { type: 'reply', reply: { id: 'b', title: 'No' } }] },
      },
    });
    expect((await rowOf(row.id)).wamid).toMatch(/^wamid\./);
  });

  it('when Meta throttles (429, 130429) and then accepts, then the send is retried after a backoff', async () => {
    await start();
    graph.script.push(graphError(130429, 'Rate limit hit', 429));
    const { row } = await queueMessage({ type: 'text', text: 'after a throttle' });
    await waitForRow(row.id, (r) => expect(r.status).toBe('sent'));
    const sends = graph.sends();
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(900);
    expect((await rowOf(row.id)).attempts).toBe(2);
  });

  it('when Meta answers a permanent error, then it is recorded and not retried', async () => {
    await start();
    graph.script.push(graphError(131026, 'Message undeliverable'));
    const { row } = await queueMessage({ type: 'text', text: 'to nowhere' });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'failed', errorCode: 131026 }));
    // The next message to someone else goes through, proving the sender moved on; the failed one was sent once.
    const other = await queueMessage({ type: 'text', text: 'to somewhere' });
    await waitForRow(other.row.id, (r) => expect(r.status).toBe('sent'));
    expect(graph.sends().filter((s) => (s.body.text as { body?: string } | undefined)?.body === 'to nowhere')).toHaveLength(1);
  });

  it('when many messages wait, then sends stay under the configured rate', async () => {
    await start({ WHATSAPP_SEND_RATE_PER_SECOND: '5' });
    const rows = [];
    const queuedAt = performance.now();
    for (let i = 0; i < 12; i += 1) rows.push((await queueMessage({ type: 'text', text: `bulk ${i}` })).row);
    for (const row of rows) await waitForRow(row.id, (r) => expect(r.status).toBe('sent'));
    const times = graph.sends().map((s) => s.at);
    // The limiter paces job starts; arrivals here add the claim's latency, which varies on a loaded
    // machine, so a one-second window may catch part of the next second's batch, never more.
    for (const start of times) expect(times.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(10);
    // Over the whole run: 12 sends at 5 per second need two full windows after the first five started.
    expect(times.at(-1)! - queuedAt).toBeGreaterThanOrEqual(2000);
  });

  it('when the 24-hour window has closed, then the configured template is sent instead of free text', async () => {
    await start({ WHATSAPP_REENGAGEMENT_TEMPLATE: 'partimer_reengage', WHATSAPP_TEMPLATE_LANGUAGE: 'es' });
    const { row } = await queueMessage({ type: 'text', text: 'free text' }, { lastInboundAgoMs: 25 * 3_600_000 });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'sent', sentTemplate: 'partimer_reengage' }));
    expect(graph.sends()[0]!.body).toMatchObject({ type: 'template', template: { name: 'partimer_reengage', language: { code: 'es' } } });
  });

  it('when several messages wait outside the window, then one template goes out and the rest are held', async () => {
    await start({ WHATSAPP_REENGAGEMENT_TEMPLATE: 'partimer_reengage' });
    const first = await queueMessage({ type: 'text', text: 'one' }, { lastInboundAgoMs: 30 * 3_600_000 });
    const rest = [];
    for (const text of ['two', 'three']) rest.push(await queueMessage({ type: 'text', text }, { waId: first.waId }));
    await waitForRow(first.row.id, (r) => expect(r).toMatchObject({ status: 'sent', sentTemplate: 'partimer_reengage' }));
    for (const { row } of rest) await waitForRow(row.id, (r) => expect(r.status).toBe('held'));
    expect(graph.sends()).toHaveLength(1);
  });

  it('when a row has used its last try on a throttling error, then it fails instead of retrying', async () => {
    await start();
    graph.script.push(graphError(130429, 'Rate limit hit', 429));
    // As if seven earlier tries had failed: the row counts them, not the job.
    const { row } = await queueMessage({ type: 'text', text: 'eighth try' }, { attempts: 7 });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'failed', errorCode: 130429, attempts: 8 }));
    expect(graph.sends()).toHaveLength(1);
  });

  it('when the window has closed and no template exists, then the message is held, not sent', async () => {
    await start();
    const { row } = await queueMessage({ type: 'text', text: 'too late' }, { lastInboundAgoMs: 25 * 3_600_000 });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'held', heldReason: 'outside_24h_window' }));
    expect(graph.sends()).toHaveLength(0);
  });

  it('when Meta says re-engagement is required (131047), then the contact switches to the template path', async () => {
    await start({ WHATSAPP_REENGAGEMENT_TEMPLATE: 'partimer_reengage' });
    graph.script.push(graphError(131047, 'Re-engagement message', 400, 'More than 24 hours have passed since the recipient last replied'));
    const { row, contact } = await queueMessage({ type: 'text', text: 'inside the window, we thought' });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'sent', sentTemplate: 'partimer_reengage' }));
    expect(graph.sends().map((s) => s.body.type)).toEqual(['text', 'template']);
    expect((await database.db.select().from(contacts).where(eq(contacts.id, contact.id)))[0]?.needsTemplate).toBe(true);
  });

  it('when even the template is refused with 131047, then the row fails instead of trying again and again', async () => {
    await start({ WHATSAPP_REENGAGEMENT_TEMPLATE: 'partimer_reengage' });
    const refusal = () => graphError(131047, 'Re-engagement message');
    graph.script.push(refusal(), refusal(), refusal());
    const { row } = await queueMessage({ type: 'text', text: 'nobody wants this' });
    await waitForRow(row.id, (r) => expect(r).toMatchObject({ status: 'failed', errorCode: 131047 }));
    expect(graph.sends().map((s) => s.body.type)).toEqual(['text', 'template']);
  });

  it('when Meta blocks for spam (131048), then the number is paused with an alert and the message waits', async () => {
    await start();
    graph.script.push(graphError(131048, 'Spam rate limit hit'));
    const { row } = await queueMessage({ type: 'text', text: 'looks spammy' });
    await vi.waitFor(
      async () => expect((await database.db.select().from(businessNumbers).where(eq(businessNumbers.phoneNumberId, PHONE_NUMBER_ID)))[0]?.pausedUntil).toBeTruthy(),
      { timeout: 10_000, interval: 25 },
    );
    expect((await rowOf(row.id)).status).toBe('pending');
    expect(t.logs.records().some((r) => r.alert === true && r.code === '131048')).toBe(true);
    const next = await queueMessage({ type: 'text', text: 'while paused' });
    await vi.waitFor(async () => expect((await rowOf(next.row.id)).attempts).toBe(0), { timeout: 5000 });
    expect(graph.sends()).toHaveLength(1);
    await database.db.delete(businessNumbers);
  });

  it('when two messages go to one contact, then they are sent in order', async () => {
    await start();
    const first = await queueMessage({ type: 'text', text: 'first' });
    const second = await queueMessage({ type: 'text', text: 'second' }, { waId: first.waId });
    await waitForRow(second.row.id, (r) => expect(r.status).toBe('sent'));
    expect(graph.sends().map((s) => (s.body.text as { body: string }).body)).toEqual(['first', 'second']);
  });

  it('when real WhatsApp credentials are configured, then the simulator is not served', async () => {
    await start();
    expect((await t.app.inject({ method: 'GET', url: '/simulator' })).statusCode).toBe(404);
    const forged = await t.app.inject({ method: 'POST', url: '/simulator/api/messages', payload: { waId: '15551230999', name: 'x', message: { type: 'text', text: 'hi' } } });
    expect(forged.statusCode).toBe(404);
  });

  it('when a read receipt is still waiting, then the reply after it is not held up', async () => {
    await start();
    const first = await queueMessage({ type: 'text', text: 'anchor' });
    await waitForRow(first.row.id, (r) => expect(r.status).toBe('sent'));
    // A receipt nobody has scheduled yet, then a reply to the same contact.
    const [receipt] = await database.db
      .insert(outbox)
      .values({ phoneNumberId: PHONE_NUMBER_ID, contactId: first.contact.id, message: { type: 'read_receipt', wamid: 'wamid.not-yet' } })
      .returning();
    const reply = await queueMessage({ type: 'text', text: 'not held up' }, { waId: first.waId });
    await waitForRow(reply.row.id, (r) => expect(r.status).toBe('sent'));
    expect((await rowOf(receipt!.id)).status).toBe('pending');
  });

  it('when a read receipt is queued, then it is the documented mark-as-read call', async () => {
    await start();
    const { row } = await queueMessage({ type: 'read_receipt', wamid: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc2RTFBM0ZBQkJBNURCNTUxNwA=' });
    await waitForRow(row.id, (r) => expect(r.status).toBe('sent'));
    expect(graph.requests.find((r) => r.body.status === 'read')?.body).toMatchObject({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTc2RTFBM0ZBQkJBNURCNTUxNwA=',
    });
  });
});
