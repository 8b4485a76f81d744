// A job's share link ("JOB <code>", with "R<referral code>" when a worker shares it) through signed webhooks: a
// newcomer onboards and then sees the job, a worker's Share button names them as the referrer, a closed job is
// not offered, the employer sees their own job, an unknown code is not found, and an employer sign-up drops it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralCode } from '../../src/conversation/engine/market-actions.js';
import { conversations } from '../../src/db/schema.js';
import { render } from '../../templates/index.js';
import { testDatabaseUrl, testRedisUrl, type DatabaseBackend, type QueueBackend } from '../helpers/backends.js';
import { bodyOf, Chat, freshNumber, idsOf, type ChatService } from '../helpers/chat-driver.js';
import { applyEffect, CHAMBERI, seedChatWorker } from '../helpers/marketplace-seed.js';
import { northOf } from '../helpers/seed-workers.js';
import {
  activeEmployer,
  confirmWorkerSummary,
  jobOf,
  leadsOf,
  messagesTo,
  offersOf,
  onboardEmployerFromRole,
  onboardWorkerToSummary,
  postJob,
  referralsOf,
  startMarketplaceService,
  DISPLAY_NUMBER,
} from '../helpers/marketplace-chat.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const setups: { database: DatabaseBackend; queue: QueueBackend }[] = [{ database: 'pglite', queue: 'memory' }];
if (testDatabaseUrl || testRedisUrl) setups.push({ database: testDatabaseUrl ? 'postgres' : 'pglite', queue: testRedisUrl ? 'redis' : 'memory' });

const ROLE_IDS = ['welcome/role/worker', 'welcome/role/employer', 'welcome/role/other_language'];

/** Great-circle kilometres between two points, as answer-offer.ts works out a link offer's distance. */
function kmBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h = Math.sin(rad(a.lat - b.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(a.lng - b.lng) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

describe.each(setups)('share links on $database with the $queue queue', ({ database: backend, queue }) => {
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

  /** An active employer of `business` with one open job titled `title`, and that job's row. */
  async function employerWithJob(business: string, title: string) {
    const employer = new Chat(service, freshNumber('us'));
    await activeEmployer(employer, business);
    await postJob(employer, title);
    return { employer, employerId: (await employer.contact()).id, job: await jobOf(db(), employer, title) };
  }

  it('when a newcomer opens a job\'s link and onboards as a worker, then the job card follows "You\'re all set", and yes makes a lead, a candidate card and a referral by the employer', async () => {
    const { employerId, job } = await employerWithJob('Cafe Enlace', 'Lunch waiter by link');
    const newcomer = new Chat(service, freshNumber('us'));

    const opened = await newcomer.text(`JOB ${job.code}`);
    expect(opened.text).toContain(render('en', 'link.onboard_first', { title: 'Lunch waiter by link', businessName: 'Cafe Enlace' }));
    expect(opened.text).toContain(render('en', 'welcome.ask_role'));
    expect(idsOf(opened.last!)).toEqual(ROLE_IDS);

    await onboardWorkerToSummary(newcomer);
    const done = await confirmWorkerSummary(newcomer);
    expect(done.replies).toHaveLength(2);
    expect(bodyOf(done.replies[0]!)).toContain("You're all set, Maria!");
    expect(bodyOf(done.replies[1]!)).toContain('Lunch waiter by link - Cafe Enlace');
    expect(idsOf(done.replies[1]!)).toEqual([`link/${job.id}/yes`, `link/${job.id}/no`]);

    const yes = await newcomer.tap(`link/${job.id}/yes`, "I'm interested");
    expect(yes.text).toBe(render('en', 'offer.interested', { businessName: 'Cafe Enlace' }));

    const workerId = (await newcomer.contact()).id;
    const made = await leadsOf(db(), job.id);
    expect(made).toEqual([expect.objectContaining({ workerContactId: workerId, employerContactId: employerId, status: 'offered' })]);
    expect(await offersOf(db(), job.id)).toEqual([expect.objectContaining({ workerContactId: workerId, source: 'link', round: 0, status: 'interested' })]);
    const cards = (await messagesTo(db(), employerId)).filter((m) => idsOf(m).includes(`lead/${made[0]!.id}/unlock`));
    expect(cards).toHaveLength(1);
    expect(bodyOf(cards[0]!)).toMatch(/^New candidate for "Lunch waiter by link"/);
    expect(await referralsOf(db(), job.id)).toEqual([expect.objectContaining({ contactId: workerId, referrerContactId: employerId })]);
  });

  it('when a worker who got an offer taps Share, then the link carries their referral code, and a worker who opens it is recorded as referred by them', async () => {
    const sharer = await seedChatWorker(db(), { name: 'Sara Sharer', skills: ['waiter'] });
    const { job } = await employerWithJob('Bar Compartir', 'Evening shift to share');
    const offer = (await offersOf(db(), job.id)).find((o) => o.workerContactId === sharer.contactId);
    expect(offer, 'the fitting worker got an offer').toBeDefined();

    const shared = await new Chat(service, sharer.waId, sharer.profile.name).tap(`offer/${offer!.id}/share`, 'Share');
    const link = `https://wa.me/${DISPLAY_NUMBER}?text=JOB%20${job.code}%20R${referralCode(sharer.contactId)}`;
    expect(shared.text).toContain(link);
    expect(shared.text).toMatch(/^Forward this to someone who might want "Evening shift to share" \(/);

    // What WhatsApp types for whoever opens the link; a cook is never matched to this waiter job, so has no offer.
    const typed = new URL(link).searchParams.get('text')!;
    expect(typed).toBe(`JOB ${job.code} R${referralCode(sharer.contactId)}`);
    const friend = await seedChatWorker(db(), { name: 'Fran Friend', skills: ['cook'] });
    const opened = await new Chat(service, friend.waId, friend.profile.name).text(typed);
    expect(bodyOf(opened.last!)).toContain('Evening shift to share - Bar Compartir');
    expect(idsOf(opened.last!)).toEqual([`link/${job.id}/yes`, `link/${job.id}/no`]);

    expect(await referralsOf(db(), job.id)).toEqual([expect.objectContaining({ contactId: friend.contactId, referrerContactId: sharer.contactId })]);
  });

  it('when a registered worker says yes on the card a link showed them, then the interest reaches the employer as a lead', async () => {
    const { employerId, job } = await employerWithJob('Cafe Tarjeta', 'Brunch shift by link');
    const worker = await seedChatWorker(db(), { name: 'Rosa Registered', skills: ['cook'] });
    const chat = new Chat(service, worker.waId, worker.profile.name);
    expect(idsOf((await chat.text(`JOB ${job.code}`)).last!)).toEqual([`link/${job.id}/yes`, `link/${job.id}/no`]);

    const yes = await chat.tap(`link/${job.id}/yes`, "I'm interested");
    expect(yes.text).toBe(render('en', 'offer.interested', { businessName: 'Cafe Tarjeta' }));
    expect(await leadsOf(db(), job.id)).toEqual([expect.objectContaining({ workerContactId: worker.contactId, employerContactId: employerId, status: 'offered' })]);
  });

  it("when a link's yes is carried out (the answer_link effect), then an offer from the link holds the worker's distance to the job, and a lead is made", async () => {
    const { employerId, job } = await employerWithJob('Cafe Distancia', 'Shift three km away');
    const location = { ...northOf(CHAMBERI, 3), label: 'Chamberí, Madrid' };
    const worker = await seedChatWorker(db(), { name: 'Dora Distance', skills: ['cook'], location });

    await applyEffect(db(), worker.contactId, { type: 'answer_link', jobId: job.id, answer: 'interested', referrerContactId: null });

    const [offer] = await offersOf(db(), job.id);
    expect(offer).toMatchObject({ workerContactId: worker.contactId, source: 'link', round: 0, status: 'interested', expiresAt: job.startsAt });
    expect(offer!.distanceKm).toBeCloseTo(kmBetween(location, job), 3);
    expect(await leadsOf(db(), job.id)).toEqual([expect.objectContaining({ workerContactId: worker.contactId, employerContactId: employerId, offerId: offer!.id })]);
    expect(await referralsOf(db(), job.id)).toEqual([expect.objectContaining({ contactId: worker.contactId, referrerContactId: employerId })]);
  });

  it('when a worker opens the link of a cancelled job, then they are told it is no longer open, and no offer is made', async () => {
    const { employer, job } = await employerWithJob('Hotel Cerrado', 'Breakfast shift cancelled');
    await employer.tap(`job/${job.id}/cancel`, 'Cancel job');
    const cancelled = await employer.tap(`job/${job.id}/cancel_yes`, 'Yes, cancel it');
    expect(cancelled.text).toContain(render('en', 'job.cancelled_done', { title: 'Breakfast shift cancelled', count: 0 }));

    const worker = await seedChatWorker(db(), { name: 'Leo Late', skills: ['cook'] });
    const opened = await new Chat(service, worker.waId, worker.profile.name).text(`JOB ${job.code}`);
    expect(opened.text).toBe(render('en', 'offer.job_closed', { title: 'Breakfast shift cancelled' }));
    expect(opened.replies.flatMap(idsOf).some((id) => id.startsWith('link/'))).toBe(false);
    expect((await offersOf(db(), job.id)).filter((o) => o.workerContactId === worker.contactId)).toEqual([]);
  });

  it("when the employer opens their own job's link, then they get the job's detail; an unknown code gets \"not found\"", async () => {
    const { employer, job } = await employerWithJob('Cafe Propio', 'Own job by link');
    const own = await employer.text(`JOB ${job.code}`);
    expect(bodyOf(own.last!)).toMatch(/^Own job by link - /);
    expect(bodyOf(own.last!)).toContain(`Share: https://wa.me/${DISPLAY_NUMBER}?text=JOB%20${job.code}`);
    expect(idsOf(own.last!)).toEqual([`job/${job.id}/leads`, `job/${job.id}/cancel`, 'cmd.menu']);
    expect(await referralsOf(db(), job.id)).toEqual([]);

    const unknown = await employer.text('JOB ZZZZZZ');
    expect(unknown.text).toContain(render('en', 'link.not_found'));
    const worker = await seedChatWorker(db(), { name: 'Una Unknown', skills: ['cook'] });
    expect((await new Chat(service, worker.waId).text('job zzzzzz')).text).toContain(render('en', 'link.not_found'));
  });

  it('when a newcomer opens a link and then signs up as an employer, then the job card never comes', async () => {
    const { job } = await employerWithJob('Cafe Origen', 'Job for a future employer');
    const newcomer = new Chat(service, freshNumber('us'));
    expect((await newcomer.text(`JOB ${job.code}`)).text).toContain('You opened "Job for a future employer"');

    const done = await onboardEmployerFromRole(newcomer, 'Bar Nuevo');
    expect(done.text).toContain('Ready to post your first job?');
    const menu = await newcomer.text('menu');
    expect(menu.replies.length).toBeGreaterThan(0);

    const { id } = await newcomer.contact();
    const ids = (await messagesTo(db(), id)).flatMap(idsOf);
    expect(ids.filter((i) => i.startsWith(`link/${job.id}/`))).toEqual([]);
    const [conversation] = await db().select().from(conversations).where(eq(conversations.contactId, id));
    expect((conversation!.state as { pendingJob?: unknown }).pendingJob).toBeNull();
  });
});
