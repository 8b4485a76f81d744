// The marketplace through signed webhooks: an employer posts a job in chat, the right workers get offers, two say
// yes, the employer gets two anonymised candidate cards; cancelling and expiry tell who they should; two workers
// saying yes at once both become leads, and a double tap makes one.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayOf } from '../../src/marketplace/matching/week-hours.js';
import { todayIn } from '../../src/conversation/answers/date-time.js';
import { jobs, leads } from '../../src/db/schema.js';
import { tickMarketplace } from '../../src/marketplace/clock.js';
import { render } from '../../templates/index.js';
import { testDatabaseUrl, testRedisUrl, type DatabaseBackend, type QueueBackend } from '../helpers/backends.js';
import { bodyOf, Chat, freshNumber, idsOf, type ChatService, type Reply } from '../helpers/chat-driver.js';
import { activeEmployer, jobOf as jobOfChat, messagesTo as messagesToContact, offersOf as offersOfJob, postJob, startMarketplaceService } from '../helpers/marketplace-chat.js';
import { applyEffect, CHAMBERI, seedChatWorker, type SeededWorker } from '../helpers/marketplace-seed.js';
import { moderate, northOf } from '../helpers/seed-workers.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const setups: { database: DatabaseBackend; queue: QueueBackend }[] = [{ database: 'pglite', queue: 'memory' }];
if (testDatabaseUrl || testRedisUrl) setups.push({ database: testDatabaseUrl ? 'postgres' : 'pglite', queue: testRedisUrl ? 'redis' : 'memory' });

const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6];
const HOUR = 3_600_000;

describe.each(setups)('the marketplace on $database with the $queue queue', ({ database: backend, queue }) => {
  let database: TestDatabase;
  let service: ChatService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    service = await startMarketplaceService(database, queue);
  });
  afterAll(async () => {
    await service?.close();
    await database?.close();
  });

  const db = () => database.db;
  const jobOf = (chat: Chat, title: string) => jobOfChat(db(), chat, title);
  const offersOf = (jobId: number) => offersOfJob(db(), jobId);
  const messagesTo = (contactId: number) => messagesToContact(db(), contactId);
  /** What was written to a contact, its texts and ids, as one string to search. */
  const everythingTo = async (contactId: number) => JSON.stringify(await messagesTo(contactId));

  /** Three workers who fit tomorrow's shift (1, 2 and 3 km from it) and seven who each miss in one way. */
  async function seedTen(): Promise<{ fitting: SeededWorker[]; missing: SeededWorker[] }> {
    const tomorrow = weekdayOf(todayIn(new Date(Date.now() + 24 * HOUR), 'Europe/Madrid'));
    const near = (km: number) => ({ location: { ...northOf(CHAMBERI, km), label: 'Chamberí, Madrid' } });
    const names = ['Maria Lopez', 'Lucia Fernandez', 'Pedro Sanchez'];
    const fitting: SeededWorker[] = [];
    for (const [i, name] of names.entries()) fitting.push(await seedChatWorker(db(), { name, skills: ['waiter'], ...near(i + 1), radiusKm: 10, minRateCents: 1200 }));
    const missing = [
      await seedChatWorker(db(), { name: 'Carla Cook', skills: ['cook'], ...near(1) }),
      await seedChatWorker(db(), { name: 'Far Away', ...near(30), radiusKm: 10 }),
      await seedChatWorker(db(), { name: 'Asks Much', ...near(1), minRateCents: 2000 }),
      await seedChatWorker(db(), { name: 'Not Tomorrow', ...near(1), availability: [{ days: ALL_WEEK.filter((d) => d !== tomorrow), from: '08:00', to: '22:00' }] }),
      await seedChatWorker(db(), { name: 'Paused Worker', ...near(1) }),
      await seedChatWorker(db(), { name: 'Opted Out', ...near(1) }),
      await seedChatWorker(db(), { name: 'Restricted Worker', ...near(1) }),
    ];
    await applyEffect(db(), missing[4]!.contactId, { type: 'set_worker_paused', paused: true });
    await applyEffect(db(), missing[5]!.contactId, { type: 'set_preferences', optedOut: true });
    await moderate(db(), missing[6]!.contactId, 'restricted');
    return { fitting, missing };
  }

  it('when an employer posts a job, then exactly the three fitting workers get an offer card; two say yes and the employer gets two anonymised candidate cards', async () => {
    const { fitting, missing } = await seedTen();
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer);
    const posted = await postJob(employer, 'Waiter for a busy lunch');
    expect(posted.text).toContain('Posted!');
    const job = await jobOf(employer, 'Waiter for a busy lunch');

    // Offers: the three who fit, nearest first, none to the seven who miss.
    const sent = await offersOf(job.id);
    expect(sent.map((o) => o.workerContactId).sort()).toEqual(fitting.map((w) => w.contactId).sort());
    expect(sent.every((o) => o.status === 'sent' && o.round === 1 && o.source === 'match')).toBe(true);
    for (const worker of missing) expect(await messagesTo(worker.contactId)).toEqual([]);

    // Each fitting worker gets the card on WhatsApp, with the reply buttons of their own offer.
    for (const worker of fitting) {
      const chat = new Chat(service, worker.waId, worker.profile.name);
      const [request] = await chat.waitForSends(1);
      const offer = sent.find((o) => o.workerContactId === worker.contactId)!;
      expect(request!.body).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
      const card = (await messagesTo(worker.contactId))[0] as Reply;
      expect(bodyOf(card)).toContain('Waiter for a busy lunch - Cafe Sol');
      expect(bodyOf(card)).toContain('EUR 14/h (paid by the employer)');
      expect(idsOf(card)).toEqual([`offer/${offer.id}/yes`, `offer/${offer.id}/no`, `offer/${offer.id}/share`]);
    }

    // Two say yes, the third says no.
    const [first, second, third] = fitting.map((w) => new Chat(service, w.waId, w.profile.name));
    const offerOf = (w: SeededWorker) => sent.find((o) => o.workerContactId === w.contactId)!;
    const yes1 = await first!.tap(`offer/${offerOf(fitting[0]!).id}/yes`, "I'm interested");
    expect(yes1.text).toBe(render('en', 'offer.interested', { businessName: 'Cafe Sol' }));
    await second!.tap(`offer/${offerOf(fitting[1]!).id}/yes`, "I'm interested");
    const no = await third!.tap(`offer/${offerOf(fitting[2]!).id}/no`, 'Not for me');
    expect(no.text).toBe(render('en', 'offer.declined'));

    const made = await db().select().from(leads).where(eq(leads.jobId, job.id));
    expect(made.map((l) => l.workerContactId).sort()).toEqual([fitting[0]!.contactId, fitting[1]!.contactId].sort());
    expect(made.every((l) => l.status === 'offered' && l.priceCents === 500 && l.currency === 'EUR')).toBe(true);
    expect((await offersOf(job.id)).find((o) => o.workerContactId === fitting[2]!.contactId)!.status).toBe('declined');

    // The employer's two candidate cards: first initial, skill, distance and record; unlock and skip.
    const employerId = (await employer.contact()).id;
    const cards = (await messagesTo(employerId)).filter((m): m is Extract<Reply, { type: 'buttons' }> => m.type === 'buttons' && m.body.startsWith('New candidate'));
    expect(cards).toHaveLength(2);
    const leadIds = made.map((l) => l.id).sort((a, b) => a - b);
    expect(cards.map((c) => c.buttons[0]!.id).sort()).toEqual(leadIds.map((id) => `lead/${id}/unlock`));
    expect(cards.map((c) => c.body.split('\n')[1])).toEqual(expect.arrayContaining(['M. - Waiter / Waitress - 1 km away', 'L. - Waiter / Waitress - 2 km away']));
    for (const card of cards) expect(card.body).toContain('Unlock their contact for EUR 5, once per candidate.');
    await employer.waitForSends(cards.length);

    // Nothing the employer was sent, in the outbox or on the wire, holds a worker's number or full name.
    const toEmployer = `${await everythingTo(employerId)}${JSON.stringify(employer.sends().map((s) => s.body))}`;
    for (const worker of fitting) {
      expect(toEmployer).not.toContain(worker.waId);
      expect(toEmployer).not.toContain(worker.profile.phone);
      expect(toEmployer).not.toContain(worker.profile.name);
      expect(toEmployer).not.toContain(worker.profile.name.split(' ')[0]!);
    }

    // Unlock is not for sale yet: the button says payments are not set up, and the lead stays.
    const unlock = await employer.tap(`lead/${leadIds[0]}/unlock`, 'Unlock contact');
    expect(unlock.text).toContain('payments are not set up yet');
    expect((await db().select().from(leads).where(eq(leads.id, leadIds[0]!)))[0]!.status).toBe('offered');
  });

  it('when the employer cancels a job, then the workers who said yes are told, and its waiting offers close', async () => {
    const { fitting } = await seedTen();
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer, 'Bar Luna');
    await postJob(employer, 'Bar shift to cancel');
    const job = await jobOf(employer, 'Bar shift to cancel');
    const sent = await offersOf(job.id);
    const yes = fitting[0]!;
    await new Chat(service, yes.waId).tap(`offer/${sent.find((o) => o.workerContactId === yes.contactId)!.id}/yes`, "I'm interested");

    const detail = await employer.tap(`job/${job.id}/show`, 'Bar shift to cancel');
    expect(idsOf(detail.last!)).toEqual([`job/${job.id}/leads`, `job/${job.id}/cancel`, 'cmd.menu']);
    const confirm = await employer.tap(`job/${job.id}/cancel`, 'Cancel job');
    expect(idsOf(confirm.last!)).toEqual([`job/${job.id}/cancel_yes`, `job/${job.id}/show`]);
    const done = await employer.tap(`job/${job.id}/cancel_yes`, 'Yes, cancel it');
    expect(done.text).toContain(render('en', 'job.cancelled_done', { title: 'Bar shift to cancel', count: 1 }));

    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)))[0]).toMatchObject({ status: 'cancelled', closedReason: 'employer' });
    const after = await offersOf(job.id);
    expect(after.filter((o) => o.workerContactId !== yes.contactId).every((o) => o.status === 'closed')).toBe(true);
    const date = (await messagesTo(yes.contactId)).map((m) => bodyOf(m)).find((b) => b.startsWith('Bar Luna cancelled'));
    expect(date).toMatch(/^Bar Luna cancelled "Bar shift to cancel" \(\w{3} \d{1,2} \w{3}\)\. Sorry! More offers will come here\.$/);
    // The workers who had not answered are not told (their offer just closes).
    for (const worker of fitting.slice(1)) expect((await messagesTo(worker.contactId)).map((m) => bodyOf(m)).some((b) => b.includes('cancelled'))).toBe(false);
    // A late tap on a closed offer is answered, and changes nothing.
    const late = await new Chat(service, fitting[1]!.waId).tap(`offer/${after.find((o) => o.workerContactId === fitting[1]!.contactId)!.id}/yes`, "I'm interested");
    expect(late.text).toBe(render('en', 'offer.job_closed', { title: 'Bar shift to cancel' }));
    expect(await db().select().from(leads).where(and(eq(leads.jobId, job.id), eq(leads.workerContactId, fitting[1]!.contactId)))).toEqual([]);
  });

  it('when a job passes its start, then the clock expires it, and tells its employer and the workers who said yes', async () => {
    const { fitting } = await seedTen();
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer, 'Hotel Sol');
    await postJob(employer, 'Breakfast shift');
    const job = await jobOf(employer, 'Breakfast shift');
    const yes = fitting[0]!;
    await new Chat(service, yes.waId).tap(`offer/${(await offersOf(job.id)).find((o) => o.workerContactId === yes.contactId)!.id}/yes`, "I'm interested");

    const deps = service.service.deps;
    const later = new Date(job.startsAt.getTime() + 60_000);
    const result = await tickMarketplace({ db: deps.database.db, queue: deps.queue, log: deps.logger, market: deps.config.marketplace, clock: { now: () => later } });
    expect(result.jobsExpired).toBeGreaterThanOrEqual(1);
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)))[0]).toMatchObject({ status: 'expired', closedReason: 'started' });
    const toEmployer = (await messagesTo((await employer.contact()).id)).map((m) => bodyOf(m));
    expect(toEmployer.some((b) => b.startsWith('"Breakfast shift"') && b.includes('has started, so it is closed: 1 said yes, 0 unlocked.'))).toBe(true);
    const toWorker = (await messagesTo(yes.contactId)).map((m) => bodyOf(m));
    expect(toWorker.some((b) => b.includes('has closed without Hotel Sol unlocking your contact'))).toBe(true);
    // A worker who never answered hears nothing; their offer is closed (or expired).
    const other = (await offersOf(job.id)).find((o) => o.workerContactId === fitting[1]!.contactId)!;
    expect(['closed', 'expired']).toContain(other.status);
    expect((await messagesTo(fitting[1]!.contactId)).map((m) => bodyOf(m)).some((b) => b.includes('closed'))).toBe(false);
  });

  it('when two workers say yes at the same moment to a job for one, then both become leads; a double tap makes one', async () => {
    const { fitting } = await seedTen();
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer, 'Cafe Uno');
    await postJob(employer, 'One waiter needed', 1);
    const job = await jobOf(employer, 'One waiter needed');
    const sent = await offersOf(job.id);
    const idOf = (w: SeededWorker) => sent.find((o) => o.workerContactId === w.contactId)!.id;
    const [a, b] = [fitting[0]!, fitting[1]!];
    const chatA = new Chat(service, a.waId);
    const chatB = new Chat(service, b.waId);
    await Promise.all([chatA.tap(`offer/${idOf(a)}/yes`, "I'm interested"), chatB.tap(`offer/${idOf(b)}/yes`, "I'm interested")]);
    // Worker A taps again, twice at once.
    const again = await Promise.all([chatA.tap(`offer/${idOf(a)}/yes`, "I'm interested"), chatA.tap(`offer/${idOf(a)}/yes`, "I'm interested")]);
    for (const turn of again) expect(turn.text).toBe(render('en', 'offer.already_interested', { title: 'One waiter needed', businessName: 'Cafe Uno' }));

    const made = await db().select().from(leads).where(eq(leads.jobId, job.id));
    expect(made.map((l) => l.workerContactId).sort()).toEqual([a.contactId, b.contactId].sort());
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)))[0]!.status).toBe('open');
    const cards = (await messagesTo((await employer.contact()).id)).filter((m) => m.type === 'buttons' && m.body.startsWith('New candidate'));
    expect(cards).toHaveLength(2);
    // Every card names a lead of this job once.
    const ids = cards.map((c) => idsOf(c)[0]);
    expect(new Set(ids).size).toBe(2);
    expect(made.every((l) => ids.includes(`lead/${l.id}/unlock`))).toBe(true);
  });

  it('when people delete their data, then a worker\'s offers and yes go with them, and an employer\'s open jobs close with the workers who said yes told', async () => {
    const { fitting } = await seedTen();
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer, 'Bar Erase');
    await postJob(employer, 'Shift before erasure');
    const job = await jobOf(employer, 'Shift before erasure');
    const sent = await offersOf(job.id);
    const offerOf = (w: SeededWorker) => sent.find((o) => o.workerContactId === w.contactId)!;
    const [stays, leaves] = [fitting[0]!, fitting[1]!];
    await new Chat(service, stays.waId).tap(`offer/${offerOf(stays).id}/yes`, "I'm interested");
    const leaving = new Chat(service, leaves.waId);
    await leaving.tap(`offer/${offerOf(leaves).id}/yes`, "I'm interested");

    // The worker who leaves: their yes is withdrawn and their lead can no longer be bought.
    await leaving.text('delete my data');
    await leaving.tap('delete_data/confirm/delete', 'Delete everything');
    expect(await leaving.worker()).toBeUndefined();
    expect((await offersOf(job.id)).find((o) => o.workerContactId === leaves.contactId)!.status).toBe('withdrawn');
    expect((await db().select().from(leads).where(and(eq(leads.jobId, job.id), eq(leads.workerContactId, leaves.contactId))))[0]!.status).toBe('withdrawn');

    // The employer who leaves: the job closes, and the worker who said yes (and stayed) is told.
    await employer.text('delete my data');
    await employer.tap('delete_data/confirm/delete', 'Delete everything');
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)))[0]).toMatchObject({ status: 'cancelled', closedReason: 'erased' });
    expect((await messagesTo(stays.contactId)).map((m) => bodyOf(m)).some((b) => b.startsWith('Bar Erase cancelled "Shift before erasure"'))).toBe(true);
    // The worker who left is not written to again.
    expect((await messagesTo(leaves.contactId)).map((m) => bodyOf(m)).some((b) => b.includes('cancelled'))).toBe(false);
  });
});
