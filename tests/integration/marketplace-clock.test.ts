// The marketplace's time-driven rules against a real database: the clock (src/marketplace/clock.ts) with an
// injected time, and the use-cases it and the payments flow call (unlock, rating) at a fixed "now". Every test
// starts from an empty marketplace, so a tick's counts are the test's own rows.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { carryOutEffect } from '../../src/conversation/carry-out-effects.js';
import { contactTimeZone } from '../../src/conversation/answers/phone.js';
import { contacts, jobs, leads, offers, ratings, workerReach, workers } from '../../src/db/schema.js';
import { formatInstant, jobDate } from '../../src/marketplace/cards.js';
import { tickMarketplace } from '../../src/marketplace/clock.js';
import { closeJob } from '../../src/marketplace/jobs/close-job.js';
import { recordUnlock, type UnlockOutcome } from '../../src/marketplace/jobs/record-unlock.js';
import { declineOffer, recordInterest, skipLead, withdrawInterest } from '../../src/marketplace/offers/answer-offer.js';
import { sendOfferRound } from '../../src/marketplace/offers/send-offer-round.js';
import { recordRating, type Rating } from '../../src/marketplace/ratings/record-rating.js';
import { render } from '../../templates/index.js';
import { databaseBackends } from '../helpers/backends.js';
import {
  choicesTo,
  emptyMarketplace,
  MADRID,
  outboxOf,
  seedClockJob,
  seedEmployer,
  seedLead,
  seedTimedOffer,
  seedUnlockedLead,
  SendsQueue,
  silentLog,
  textsTo,
} from '../helpers/clock-seed.js';
import { MARKET, northOf, seedContact, seedWorker, workerProfile } from '../helpers/seed-workers.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const after = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** Wednesday 10 March 2027, 10:00 in Madrid: the "now" the tests post and answer at. */
const NOW = new Date('2027-03-10T09:00:00Z');
/** Saturday 13 March 2027, 10:00-16:00 in Madrid (UTC+1). */
const SATURDAY = new Date('2027-03-13T09:00:00Z');
const SATURDAY_END = after(SATURDAY, 6 * HOUR);
const SATURDAY_DATE = jobDate({ localDate: '2027-03-13' }, 'en');
/** A job far enough ahead to stay open through a test's ticks. */
const IN_THREE_WEEKS = new Date('2027-03-31T08:00:00Z');

/** The marketplace settings with rounds of two offers, so a handful of workers spans several rounds. */
const ROUND_OF_TWO = { ...MARKET, offersPerRound: 2 };

describe.each(databaseBackends)('the marketplace clock on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await emptyMarketplace(database.db);
  });

  const db = () => database.db;
  const tick = (at: Date, market = MARKET, queue = new SendsQueue()) => tickMarketplace({ db: db(), queue, clock: { now: () => at }, log: silentLog, market });

  /** A waiter free all week 08:00-22:00, `km` north of the jobs. */
  const waiter = (km: number, name = 'Test Worker', skills = ['waiter']) =>
    seedWorker(db(), workerProfile({ name, skills, location: { ...northOf(MADRID, km), label: 'Madrid' }, radiusKm: 10, minRateCents: 1200 }));
  const offersOf = (jobId: number) => db().select().from(offers).where(eq(offers.jobId, jobId)).orderBy(asc(offers.id));
  const offerRow = async (id: number) => (await db().select().from(offers).where(eq(offers.id, id)))[0]!;
  const jobRow = async (id: number) => (await db().select().from(jobs).where(eq(jobs.id, id)))[0]!;
  const leadRow = async (id: number) => (await db().select().from(leads).where(eq(leads.id, id)))[0]!;
  const workerRow = async (id: number) => (await db().select().from(workers).where(eq(workers.contactId, id)))[0]!;
  const reachRows = (id: number) => db().select().from(workerReach).where(eq(workerReach.workerContactId, id)).orderBy(asc(workerReach.skill));
  const firstRound = (jobId: number, market = ROUND_OF_TWO, at = NOW) => db().transaction((tx) => sendOfferRound(tx, market, jobId, at));
  const answer = (workerContactId: number, at: Date) => ({ workerContactId, now: at, market: MARKET });

  describe('offer deadlines', () => {
    it('when a tick runs at an offer\'s deadline, then it expires; one due a second later stays sent until the next tick, and answered offers are left alone', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, matchedAt: NOW });
      const sentAt = after(NOW, -12 * HOUR);
      const due = await seedTimedOffer(db(), job, await seedContact(db()), { sentAt, expiresAt: NOW });
      const notYet = await seedTimedOffer(db(), job, await seedContact(db()), { sentAt, expiresAt: after(NOW, 1000) });
      const declined = await seedTimedOffer(db(), job, await seedContact(db()), { sentAt, expiresAt: after(NOW, -HOUR), status: 'declined' });
      const interested = await seedTimedOffer(db(), job, await seedContact(db()), { sentAt, expiresAt: after(NOW, -HOUR), status: 'interested' });

      expect((await tick(NOW)).offersExpired).toBe(1);
      expect((await offerRow(due)).status).toBe('expired');
      expect((await offerRow(notYet)).status).toBe('sent');
      expect((await offerRow(declined)).status).toBe('declined');
      expect((await offerRow(interested)).status).toBe('interested');

      expect((await tick(after(NOW, 1000))).offersExpired).toBe(1);
      expect((await offerRow(notYet)).status).toBe('expired');
      expect((await tick(after(NOW, 2000))).offersExpired).toBe(0);
    });
  });

  describe('next rounds', () => {
    it('when every offer of the first round was declined or expired, then the tick sends round 2 to the next fitting workers, never to one offered already', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const fitting = [await waiter(1), await waiter(2), await waiter(3), await waiter(4)];
      const cook = await waiter(1, 'Carla Cook', ['cook']);
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW });
      await firstRound(job);
      const first = await offersOf(job);
      expect(first.map((o) => o.round)).toEqual([1, 1]);
      const [declining, silent] = first as [(typeof first)[0], (typeof first)[0]];
      await db().transaction((tx) => declineOffer(tx, answer(declining.workerContactId, after(NOW, HOUR)), declining.id));

      // The deadline of round 1 (OFFER_ANSWER_HOURS after it went out): the silent offer expires, and the same tick sends round 2.
      const deadline = silent.expiresAt;
      expect(deadline).toEqual(after(NOW, MARKET.offerAnswerHours * HOUR));
      const queue = new SendsQueue();
      expect(await tick(deadline, ROUND_OF_TWO, queue)).toMatchObject({ offersExpired: 1, rounds: 1 });

      const all = await offersOf(job);
      expect(all.filter((o) => o.round === 1).map((o) => o.status)).toEqual(['declined', 'expired']);
      const second = all.filter((o) => o.round === 2);
      const offeredFirst = first.map((o) => o.workerContactId);
      expect(second.map((o) => o.workerContactId).sort((a, b) => a - b)).toEqual(fitting.filter((w) => !offeredFirst.includes(w)).sort((a, b) => a - b));
      for (const offer of second) expect(offer).toMatchObject({ status: 'sent', source: 'match', sentAt: deadline, expiresAt: after(deadline, MARKET.offerAnswerHours * HOUR) });
      expect((await jobRow(job)).matchedAt).toEqual(deadline);

      // Each round-2 worker got their card, scheduled after the commit; round-1 workers got no second one, the cook none.
      const cards: number[] = [];
      for (const offer of second) {
        const written = await outboxOf(db(), offer.workerContactId);
        expect(written.map((w) => w.causedBy)).toEqual([`offer-${offer.id}`]);
        expect(await choicesTo(db(), offer.workerContactId)).toEqual([[`offer/${offer.id}/yes`, `offer/${offer.id}/no`, `offer/${offer.id}/share`]]);
        cards.push(written[0]!.id);
      }
      for (const offer of first) expect((await outboxOf(db(), offer.workerContactId)).map((w) => w.causedBy)).toEqual([`offer-${offer.id}`]);
      expect(await outboxOf(db(), cook)).toEqual([]);
      expect(queue.scheduled.sort((a, b) => a - b)).toEqual(cards.sort((a, b) => a - b));
    });

    it('when twice the headcount said yes, then no next round; once their interest is LEAD_FRESH_HOURS old, the next round goes out', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const fitting = [await waiter(1), await waiter(2), await waiter(3), await waiter(4)];
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 1 });
      await firstRound(job);
      const first = await offersOf(job);
      const yesAt = after(NOW, HOUR);
      for (const offer of first) await db().transaction((tx) => recordInterest(tx, answer(offer.workerContactId, yesAt), offer.id));
      expect(await db().select().from(leads).where(eq(leads.jobId, job))).toHaveLength(2);

      expect((await tick(after(NOW, 13 * HOUR), ROUND_OF_TWO)).rounds).toBe(0);
      expect(await tick(after(yesAt, MARKET.leadFreshHours * HOUR - MINUTE), ROUND_OF_TWO)).toMatchObject({ rounds: 0 });
      expect(await offersOf(job)).toHaveLength(2);

      // Stale interest cannot be unlocked: it no longer counts, and the others get their chance.
      expect((await tick(after(yesAt, MARKET.leadFreshHours * HOUR), ROUND_OF_TWO)).rounds).toBe(1);
      const second = (await offersOf(job)).filter((o) => o.round === 2);
      const offeredFirst = first.map((o) => o.workerContactId);
      expect(second.map((o) => o.workerContactId).sort((a, b) => a - b)).toEqual(fitting.filter((w) => !offeredFirst.includes(w)).sort((a, b) => a - b));
    });

    it('when a job\'s last round went out under ROUND_GAP (30 minutes) ago, then it gets none yet; at 30 minutes it does', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      for (const km of [1, 2, 3]) await waiter(km);
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW });
      await firstRound(job);
      for (const offer of await offersOf(job)) await db().transaction((tx) => declineOffer(tx, answer(offer.workerContactId, after(NOW, 5 * MINUTE)), offer.id));

      expect((await tick(after(NOW, 30 * MINUTE - 1000), ROUND_OF_TWO)).rounds).toBe(0);
      expect(await offersOf(job)).toHaveLength(2);
      expect((await tick(after(NOW, 30 * MINUTE), ROUND_OF_TWO)).rounds).toBe(1);
      expect((await offersOf(job)).filter((o) => o.round === 2)).toHaveLength(1);
    });

    it('when a job still has an offer waiting for an answer, then it gets no next round', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      for (const km of [1, 2, 3]) await waiter(km);
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW });
      await firstRound(job);
      const [declining] = await offersOf(job);
      await db().transaction((tx) => declineOffer(tx, answer(declining!.workerContactId, after(NOW, 5 * MINUTE)), declining!.id));

      expect((await tick(after(NOW, 2 * HOUR), ROUND_OF_TWO)).rounds).toBe(0);
      expect(await offersOf(job)).toHaveLength(2);
    });

    it('when a job starts within the hour, then it gets no round; one starting in two hours does, with offers due an hour before its start', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const waiterNearby = await waiter(1);
      const cookNearby = await waiter(1, 'Carla Cook', ['cook']);
      const soon = await seedClockJob(db(), employer, { title: 'Waiter now', startsAt: after(SATURDAY, 59 * MINUTE), createdAt: after(SATURDAY, -2 * HOUR) });
      const later = await seedClockJob(db(), employer, { title: 'Cook later', skill: 'cook', startsAt: after(SATURDAY, 2 * HOUR), createdAt: after(SATURDAY, -2 * HOUR) });

      expect((await tick(SATURDAY)).rounds).toBe(1);
      expect(await offersOf(soon)).toEqual([]);
      expect((await jobRow(soon)).matchedAt).toBeNull();
      expect(await outboxOf(db(), waiterNearby)).toEqual([]);
      const [cookOffer, ...rest] = await offersOf(later);
      expect(rest).toEqual([]);
      expect(cookOffer).toMatchObject({ workerContactId: cookNearby, round: 1, status: 'sent', expiresAt: after(SATURDAY, HOUR) });
    });
  });

  describe('jobs whose shift started', () => {
    it('when a job\'s start has passed, then it expires: its waiting offers close, its employer hears how it went, and the workers who said yes but were not unlocked are told', async () => {
      const employer = await seedEmployer(db(), 'Hotel Sol');
      const job = await seedClockJob(db(), employer, { title: 'Breakfast shift', startsAt: SATURDAY, createdAt: NOW, headcount: 3, matchedAt: NOW });
      const yes = await waiter(1);
      const skipped = await waiter(2);
      const unlocked = await waiter(3);
      const withdrew = await waiter(4);
      const silent = await waiter(5);
      const yesLead = await seedLead(db(), job, yes, NOW);
      const skippedLead = await seedLead(db(), job, skipped, NOW);
      await db().transaction((tx) => skipLead(tx, employer, skippedLead));
      const unlockedLead = await seedUnlockedLead(db(), job, unlocked, NOW);
      const withdrawnLead = await seedLead(db(), job, withdrew, NOW);
      const withdrawnOffer = (await leadRow(withdrawnLead)).offerId;
      await db().transaction((tx) => withdrawInterest(tx, answer(withdrew, NOW), withdrawnOffer));
      // Its deadline is after the start (the clock was away): the job's closing closes it.
      const waiting = await seedTimedOffer(db(), job, silent, { sentAt: NOW, expiresAt: after(SATURDAY, HOUR) });

      const at = after(SATURDAY, MINUTE);
      const queue = new SendsQueue();
      expect((await tick(at, MARKET, queue)).jobsExpired).toBe(1);

      expect(await jobRow(job)).toMatchObject({ status: 'expired', closedReason: 'started', closedAt: at });
      expect((await offerRow(waiting)).status).toBe('closed');
      expect((await leadRow(yesLead)).status).toBe('closed');
      expect((await leadRow(skippedLead)).status).toBe('closed');
      expect((await leadRow(unlockedLead)).status).toBe('unlocked');
      expect((await leadRow(withdrawnLead)).status).toBe('withdrawn');

      const params = { title: 'Breakfast shift', date: SATURDAY_DATE };
      expect(await textsTo(db(), employer)).toEqual([render('en', 'notice.job_expired', { ...params, interested: 3, unlocked: 1 })]);
      const closedNotice = render('en', 'notice.job_closed_worker', { ...params, businessName: 'Hotel Sol' });
      expect(await textsTo(db(), yes)).toEqual([closedNotice]);
      expect(await textsTo(db(), skipped)).toEqual([closedNotice]);
      for (const quiet of [unlocked, withdrew, silent]) expect(await textsTo(db(), quiet)).toEqual([]);
      const told = [...(await outboxOf(db(), employer)), ...(await outboxOf(db(), yes)), ...(await outboxOf(db(), skipped))].filter((r) => r.causedBy === `job-${job}-closed`);
      expect(told).toHaveLength(3);
      expect(queue.scheduled.sort((a, b) => a - b)).toEqual(told.map((r) => r.id).sort((a, b) => a - b));

      // The next tick finds nothing more to do for it.
      expect((await tick(after(at, MINUTE))).jobsExpired).toBe(0);
      expect(await textsTo(db(), employer)).toHaveLength(1);
    });

    it('when a tick runs a moment before a job\'s start, then the job stays open', async () => {
      const employer = await seedEmployer(db(), 'Hotel Sol');
      const job = await seedClockJob(db(), employer, { title: 'Breakfast shift', startsAt: SATURDAY, createdAt: NOW, matchedAt: NOW });
      expect((await tick(after(SATURDAY, -1000))).jobsExpired).toBe(0);
      expect((await jobRow(job)).status).toBe('open');
      expect((await tick(SATURDAY)).jobsExpired).toBe(1);
      expect((await jobRow(job)).status).toBe('expired');
    });
  });

  describe('"still open?"', () => {
    const AFTER = MARKET.stillOpenAfterDays * DAY;
    const REPLY = MARKET.stillOpenReplyHours * HOUR;

    it('when a job has been open JOB_STILL_OPEN_AFTER_DAYS, then its employer is asked once, with keep and close buttons; a job a minute younger is asked a minute later', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const old = await seedClockJob(db(), employer, { title: 'Weekend waiter', startsAt: IN_THREE_WEEKS, createdAt: after(NOW, -AFTER), matchedAt: NOW });
      const young = await seedClockJob(db(), employer, { title: 'Young job', startsAt: IN_THREE_WEEKS, createdAt: after(NOW, -AFTER + MINUTE), matchedAt: NOW });
      const queue = new SendsQueue();

      expect((await tick(NOW, MARKET, queue)).stillOpenAsked).toBe(1);
      expect((await jobRow(old)).stillOpenAskedAt).toEqual(NOW);
      expect((await jobRow(young)).stillOpenAskedAt).toBeNull();
      const [question, ...more] = await outboxOf(db(), employer);
      expect(more).toEqual([]);
      expect(question!.causedBy).toBe(`job-${old}-still-open`);
      expect(question!.message).toMatchObject({
        type: 'buttons',
        body: render('en', 'notice.still_open', { title: 'Weekend waiter', date: jobDate({ localDate: '2027-03-31' }, 'en'), days: MARKET.stillOpenAfterDays }),
        buttons: [{ id: `job/${old}/keep` }, { id: `job/${old}/close` }],
        fallbackTemplate: { quickReplies: [{ payload: `job/${old}/keep` }, { payload: `job/${old}/close` }] },
      });
      expect(queue.scheduled).toEqual([question!.id]);

      expect((await tick(after(NOW, 30_000))).stillOpenAsked).toBe(0);
      expect(await outboxOf(db(), employer)).toHaveLength(1);
      // A minute later the younger one is as old, and gets its own question; the first is not asked again.
      expect((await tick(after(NOW, MINUTE))).stillOpenAsked).toBe(1);
      expect((await outboxOf(db(), employer)).map((r) => r.causedBy)).toEqual([`job-${old}-still-open`, `job-${young}-still-open`]);
    });

    it('when the employer stays silent JOB_STILL_OPEN_REPLY_HOURS after the question, then the job closes for no reply, and they and the workers who said yes are told', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Weekend waiter', startsAt: IN_THREE_WEEKS, createdAt: after(NOW, -AFTER), matchedAt: NOW });
      const yes = await waiter(1);
      const yesLead = await seedLead(db(), job, yes, after(NOW, -DAY));
      expect((await tick(NOW)).stillOpenAsked).toBe(1);

      expect((await tick(after(NOW, REPLY - 1000))).closedForNoReply).toBe(0);
      expect((await jobRow(job)).status).toBe('open');

      const at = after(NOW, REPLY);
      expect(await tick(at)).toMatchObject({ closedForNoReply: 1, stillOpenAsked: 0 });
      expect(await jobRow(job)).toMatchObject({ status: 'cancelled', closedReason: 'no_reply', closedAt: at });
      expect((await leadRow(yesLead)).status).toBe('closed');
      const params = { title: 'Weekend waiter', date: jobDate({ localDate: '2027-03-31' }, 'en') };
      expect(await textsTo(db(), employer)).toEqual([render('en', 'notice.closed_no_reply', params)]);
      expect(await textsTo(db(), yes)).toEqual([render('en', 'notice.job_cancelled', { ...params, businessName: 'Cafe Sol' })]);
    });

    it('when the employer answered that it is still open, then silence does not close it, and the next question comes JOB_STILL_OPEN_AFTER_DAYS after their answer', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Weekend waiter', startsAt: IN_THREE_WEEKS, createdAt: after(NOW, -AFTER), matchedAt: NOW });
      expect((await tick(NOW)).stillOpenAsked).toBe(1);
      const keptAt = after(NOW, 2 * HOUR);
      await db().transaction((tx) => carryOutEffect(tx, employer, { type: 'keep_job_open', jobId: job }, keptAt, 'wamid.keep.1', MARKET));
      expect(await jobRow(job)).toMatchObject({ stillOpenAskedAt: null, stillOpenConfirmedAt: keptAt });

      expect(await tick(after(NOW, REPLY))).toMatchObject({ closedForNoReply: 0, stillOpenAsked: 0 });
      expect(await tick(after(keptAt, AFTER - 1000))).toMatchObject({ closedForNoReply: 0, stillOpenAsked: 0 });
      expect((await jobRow(job)).status).toBe('open');
      expect(await choicesTo(db(), employer)).toHaveLength(1);

      expect((await tick(after(keptAt, AFTER))).stillOpenAsked).toBe(1);
      expect(await choicesTo(db(), employer)).toEqual([
        [`job/${job}/keep`, `job/${job}/close`],
        [`job/${job}/keep`, `job/${job}/close`],
      ]);
    });
  });

  describe('unlocking a lead', () => {
    const unlock = (leadId: number, at: Date) => db().transaction((tx) => recordUnlock(tx, MARKET, leadId, at));

    it('when a fresh lead of an open job is unlocked, then it is unlocked at that time; a skipped one too; the job stays open below its headcount', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 3, matchedAt: NOW });
      const offered = await seedLead(db(), job, await waiter(1), NOW);
      const skipped = await seedLead(db(), job, await waiter(2), NOW);
      await db().transaction((tx) => skipLead(tx, employer, skipped));
      const at = after(NOW, HOUR);

      expect(await unlock(offered, at)).toEqual({ kind: 'unlocked', jobId: job, filled: false, outboxIds: [] });
      expect(await unlock(skipped, at)).toEqual({ kind: 'unlocked', jobId: job, filled: false, outboxIds: [] });
      expect(await leadRow(offered)).toMatchObject({ status: 'unlocked', unlockedAt: at });
      expect(await leadRow(skipped)).toMatchObject({ status: 'unlocked', unlockedAt: at });
      expect((await jobRow(job)).status).toBe('open');
    });

    it('when a lead\'s interest is LEAD_FRESH_HOURS old, then it is not for sale; one a minute younger still is', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: IN_THREE_WEEKS, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const stale = await seedLead(db(), job, await waiter(1), NOW);
      const fresh = await seedLead(db(), job, await waiter(2), after(NOW, MINUTE));
      const at = after(NOW, MARKET.leadFreshHours * HOUR);

      expect(await unlock(stale, at)).toEqual({ kind: 'not_for_sale' });
      expect(await leadRow(stale)).toMatchObject({ status: 'offered', unlockedAt: null });
      expect(await unlock(fresh, at)).toMatchObject({ kind: 'unlocked', filled: false });
    });

    it('when a lead was withdrawn, its job closed, or it was unlocked already, then it is not for sale and nothing changes', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const open = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 3, matchedAt: NOW });
      const withdrawer = await waiter(1);
      const withdrawn = await seedLead(db(), open, withdrawer, NOW);
      const withdrawnOffer = (await leadRow(withdrawn)).offerId;
      await db().transaction((tx) => withdrawInterest(tx, answer(withdrawer, NOW), withdrawnOffer));
      const twice = await seedUnlockedLead(db(), open, await waiter(2), NOW);
      const cancelled = await seedClockJob(db(), employer, { title: 'Dinner waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 1, matchedAt: NOW });
      const ofCancelled = await seedLead(db(), cancelled, await waiter(3), NOW);
      await db().transaction((tx) => closeJob(tx, MARKET, cancelled, 'employer', NOW, employer));
      const at = after(NOW, HOUR);

      expect(await unlock(withdrawn, at)).toEqual({ kind: 'not_for_sale' });
      expect(await unlock(ofCancelled, at)).toEqual({ kind: 'not_for_sale' });
      expect(await unlock(twice, at)).toEqual({ kind: 'not_for_sale' });
      expect((await leadRow(withdrawn)).status).toBe('withdrawn');
      expect((await leadRow(ofCancelled)).status).toBe('closed');
      expect(await leadRow(twice)).toMatchObject({ status: 'unlocked', unlockedAt: NOW });
      expect((await jobRow(open)).status).toBe('open');
    });

    it('when the headcount\'s leads are unlocked, then the job is filled: the employer and the other workers who said yes are told, and waiting offers close', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiters', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const [first, second, other, silent] = [await waiter(1), await waiter(2), await waiter(3), await waiter(4)];
      const firstLead = await seedLead(db(), job, first, NOW);
      const secondLead = await seedLead(db(), job, second, NOW);
      const otherLead = await seedLead(db(), job, other, NOW);
      const waiting = await seedTimedOffer(db(), job, silent, { sentAt: NOW, expiresAt: after(NOW, 12 * HOUR) });

      expect(await unlock(firstLead, after(NOW, HOUR))).toMatchObject({ kind: 'unlocked', filled: false, outboxIds: [] });
      const at = after(NOW, 2 * HOUR);
      const filling = await unlock(secondLead, at);
      expect(filling).toMatchObject({ kind: 'unlocked', jobId: job, filled: true });

      expect(await jobRow(job)).toMatchObject({ status: 'filled', closedReason: 'filled', closedAt: at });
      expect((await leadRow(otherLead)).status).toBe('closed');
      expect((await offerRow(waiting)).status).toBe('closed');
      const params = { title: 'Lunch waiters', date: SATURDAY_DATE };
      expect(await textsTo(db(), employer)).toEqual([render('en', 'notice.job_filled', { ...params, interested: 3, unlocked: 2, headcount: 2 })]);
      expect(await textsTo(db(), other)).toEqual([render('en', 'notice.job_filled_worker', params)]);
      for (const quiet of [first, second, silent]) expect(await textsTo(db(), quiet)).toEqual([]);
      const told = [...(await outboxOf(db(), employer)), ...(await outboxOf(db(), other))].filter((r) => r.causedBy === `job-${job}-closed`).map((r) => r.id);
      expect([...(filling as Extract<UnlockOutcome, { kind: 'unlocked' }>).outboxIds].sort((a, b) => a - b)).toEqual(told.sort((a, b) => a - b));
    });

    // Two payments completing at once, each in its own transaction on its own connection: PGlite serves one.
    if (backend === 'postgres') {
      /** How many of this database's sessions wait for a lock. */
      const lockWaits = async () =>
        ((await db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as {
          rows: { n: number }[];
        }).rows[0]!.n;

      /** Unlocks `a` in a transaction held open until `b`'s unlock waits on the job's row, then lets both finish. */
      async function interleaved(a: number, b: number, at: Date): Promise<[UnlockOutcome, UnlockOutcome]> {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let unlockedA!: () => void;
        const aUnlocked = new Promise<void>((resolve) => (unlockedA = resolve));
        const first = db().transaction(async (tx) => {
          const outcome = await recordUnlock(tx, MARKET, a, at);
          unlockedA();
          await gate;
          return outcome;
        });
        try {
          await aUnlocked;
          const second = unlock(b, at);
          await vi.waitFor(async () => expect(await lockWaits()).toBe(1), { timeout: 10_000, interval: 20 });
          release();
          return [await first, await second];
        } finally {
          release();
        }
      }

      it('when two leads of a job for two are unlocked at once, then both are unlocked and the job is filled once', async () => {
        const employer = await seedEmployer(db(), 'Cafe Sol');
        const job = await seedClockJob(db(), employer, { title: 'Lunch waiters', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
        const a = await seedLead(db(), job, await waiter(1), NOW);
        const b = await seedLead(db(), job, await waiter(2), NOW);
        const other = await waiter(3);
        await seedLead(db(), job, other, NOW);

        const [first, second] = await interleaved(a, b, after(NOW, HOUR));
        expect(first).toMatchObject({ kind: 'unlocked', filled: false });
        expect(second).toMatchObject({ kind: 'unlocked', filled: true });
        expect((await leadRow(a)).status).toBe('unlocked');
        expect((await leadRow(b)).status).toBe('unlocked');
        expect(await jobRow(job)).toMatchObject({ status: 'filled', closedReason: 'filled' });
        expect(await textsTo(db(), employer)).toHaveLength(1);
        expect(await textsTo(db(), other)).toHaveLength(1);
      });

      it('when two leads of a job for one are unlocked at once, then the first fills it and the second is not for sale', async () => {
        const employer = await seedEmployer(db(), 'Cafe Sol');
        const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 1, matchedAt: NOW });
        const a = await seedLead(db(), job, await waiter(1), NOW);
        const loser = await waiter(2);
        const b = await seedLead(db(), job, loser, NOW);

        const [first, second] = await interleaved(a, b, after(NOW, HOUR));
        expect(first).toMatchObject({ kind: 'unlocked', filled: true });
        expect(second).toEqual({ kind: 'not_for_sale' });
        expect((await leadRow(b)).status).toBe('closed');
        expect(await textsTo(db(), loser)).toEqual([render('en', 'notice.job_filled_worker', { title: 'Lunch waiter', date: SATURDAY_DATE })]);
        expect(await textsTo(db(), employer)).toHaveLength(1);
      });
    }
  });

  describe('rating prompts', () => {
    it('when an hour has passed since a shift ended, then each unlocked lead\'s employer and worker get a rating list, once; a lead not unlocked gets none', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiters', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const maria = await waiter(1, 'Maria Lopez');
      const lucia = await waiter(2, 'Lucia Fernandez');
      const unlocked = await seedUnlockedLead(db(), job, maria, NOW);
      const offered = await seedLead(db(), job, lucia, NOW);

      // The shift started, so this tick expires the job; its end was only 59 minutes ago.
      expect(await tick(after(SATURDAY_END, 59 * MINUTE))).toMatchObject({ jobsExpired: 1, ratingsAsked: 0 });
      const at = after(SATURDAY_END, HOUR);
      const queue = new SendsQueue();
      expect((await tick(at, MARKET, queue)).ratingsAsked).toBe(1);
      expect((await leadRow(unlocked)).ratingAskedAt).toEqual(at);
      expect((await leadRow(offered)).ratingAskedAt).toBeNull();

      const toEmployer = (await outboxOf(db(), employer)).filter((r) => r.causedBy === `lead-${unlocked}-rate`);
      expect(toEmployer).toHaveLength(1);
      expect(toEmployer[0]!.message).toMatchObject({
        type: 'list',
        body: render('en', 'rate.ask_worker', { name: 'Maria Lopez', title: 'Lunch waiters', date: SATURDAY_DATE }),
        fallbackTemplate: { quickReplies: [{ payload: `rate/${unlocked}/ask` }] },
      });
      expect((await choicesTo(db(), employer)).at(-1)).toEqual([5, 4, 3, 2, 1, 'no_show'].map((v) => `rate/${unlocked}/${v}`));

      const toWorker = (await outboxOf(db(), maria)).filter((r) => r.causedBy === `lead-${unlocked}-rate`);
      expect(toWorker).toHaveLength(1);
      expect(toWorker[0]!.message).toMatchObject({
        type: 'list',
        body: render('en', 'rate.ask_employer', { businessName: 'Cafe Sol', title: 'Lunch waiters', date: SATURDAY_DATE }),
        fallbackTemplate: { quickReplies: [{ payload: `ratee/${unlocked}/ask` }] },
      });
      expect(await choicesTo(db(), maria)).toEqual([[5, 4, 3, 2, 1].map((v) => `ratee/${unlocked}/${v}`)]);
      expect(queue.scheduled.sort((a, b) => a - b)).toEqual([toEmployer[0]!.id, toWorker[0]!.id].sort((a, b) => a - b));

      expect(await choicesTo(db(), lucia)).toEqual([]);
      expect((await tick(after(at, HOUR))).ratingsAsked).toBe(0);
      expect((await outboxOf(db(), employer)).filter((r) => r.causedBy === `lead-${unlocked}-rate`)).toHaveLength(1);
    });

    it('when a shift ended more than 14 days before the tick (the clock was away), then nobody is asked to rate it', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiter', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const worker = await waiter(1);
      const lead = await seedUnlockedLead(db(), job, worker, NOW);

      expect((await tick(after(SATURDAY_END, 14 * DAY + HOUR + MINUTE))).ratingsAsked).toBe(0);
      expect((await leadRow(lead)).ratingAskedAt).toBeNull();
      expect(await choicesTo(db(), worker)).toEqual([]);
    });

    it('when the employer cancelled a job after unlocking a worker, then nobody is asked to rate a shift that did not happen', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiters', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const worker = await waiter(1);
      const lead = await seedUnlockedLead(db(), job, worker, NOW);
      await db().transaction((tx) => closeJob(tx, MARKET, job, 'employer', after(NOW, HOUR), employer));
      // The lead stays unlocked (the employer keeps the contact), and the worker is told the shift is off.
      expect((await leadRow(lead)).status).toBe('unlocked');
      expect(await textsTo(db(), worker)).toEqual([render('en', 'notice.job_cancelled', { businessName: 'Cafe Sol', title: 'Lunch waiters', date: SATURDAY_DATE })]);

      expect((await tick(after(SATURDAY_END, HOUR))).ratingsAsked).toBe(0);
      expect((await leadRow(lead)).ratingAskedAt).toBeNull();
      // The employer's candidate card came before; no rating question comes after.
      const rating = (ids: string[][]) => ids.flat().filter((id) => id.startsWith('rate/') || id.startsWith('ratee/'));
      expect(await choicesTo(db(), employer)).toEqual([[`lead/${lead}/unlock`, `lead/${lead}/skip`]]);
      expect(rating(await choicesTo(db(), employer))).toEqual([]);
      expect(rating(await choicesTo(db(), worker))).toEqual([]);
    });
  });

  describe('recording a rating', () => {
    const RATED_AT = after(SATURDAY_END, 2 * HOUR);
    const rate = (rating: Rating, at = RATED_AT) => db().transaction((tx) => recordRating(tx, MARKET, rating, at));
    const ratingsOf = (leadId: number) => db().select().from(ratings).where(eq(ratings.leadId, leadId)).orderBy(asc(ratings.id));
    const contactRow = async (id: number) => (await db().select().from(contacts).where(eq(contacts.id, id)))[0]!;

    /** A worker with two skills, unlocked for a Saturday shift by a new employer; `shiftAt` moves the shift. */
    async function shiftDone(worker?: number, shiftAt = SATURDAY) {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const workerId = worker ?? (await waiter(1, 'Maria Lopez', ['bartender', 'waiter']));
      const job = await seedClockJob(db(), employer, { title: 'Lunch waiters', startsAt: shiftAt, createdAt: after(shiftAt, -3 * DAY), headcount: 2, matchedAt: NOW });
      const lead = await seedUnlockedLead(db(), job, workerId, after(shiftAt, -3 * DAY));
      return { employer, worker: workerId, job, lead };
    }
    const record = async (worker: number) => {
      const { ratingCount, ratingSum, jobsDone, offersPausedUntil } = await workerRow(worker);
      return { ratingCount, ratingSum, jobsDone, offersPausedUntil };
    };

    it('when the employer gives 4 stars, then the worker\'s count, sum and shifts done go up in workers and in the matching index; a second rating of the lead changes nothing', async () => {
      const { employer, worker, lead } = await shiftDone();
      expect(await rate({ leadId: lead, direction: 'of_worker', raterContactId: employer, stars: 4, noShow: false })).toEqual([]);

      expect(await record(worker)).toEqual({ ratingCount: 1, ratingSum: 4, jobsDone: 1, offersPausedUntil: null });
      const reach = await reachRows(worker);
      expect(reach.map((r) => r.skill)).toEqual(['bartender', 'waiter']);
      for (const row of reach) expect(row).toMatchObject({ ratingCount: 1, ratingSum: 4, jobsDone: 1, offersPausedUntil: null });
      expect(await ratingsOf(lead)).toEqual([expect.objectContaining({ direction: 'of_worker', raterContactId: employer, rateeContactId: worker, stars: 4, noShow: false, createdAt: RATED_AT })]);

      expect(await rate({ leadId: lead, direction: 'of_worker', raterContactId: employer, stars: 5, noShow: false }, after(RATED_AT, HOUR))).toEqual([]);
      expect(await record(worker)).toEqual({ ratingCount: 1, ratingSum: 4, jobsDone: 1, offersPausedUntil: null });
      for (const row of await reachRows(worker)) expect(row).toMatchObject({ ratingCount: 1, ratingSum: 4, jobsDone: 1 });
      expect((await ratingsOf(lead)).map((r) => r.stars)).toEqual([4]);
    });

    it('when the worker rates the employer, then the rating is kept and the worker\'s own record does not move', async () => {
      const { employer, worker, lead } = await shiftDone();
      expect(await rate({ leadId: lead, direction: 'of_employer', raterContactId: worker, stars: 2, noShow: false })).toEqual([]);
      expect(await ratingsOf(lead)).toEqual([expect.objectContaining({ direction: 'of_employer', raterContactId: worker, rateeContactId: employer, stars: 2 })]);
      expect(await record(worker)).toEqual({ ratingCount: 0, ratingSum: 0, jobsDone: 0, offersPausedUntil: null });
    });

    it('when the job was cancelled after the unlock, then a no-show (or any rating) of that shift is not recorded and the worker is not paused', async () => {
      const { employer, worker, lead, job } = await shiftDone();
      await db().transaction((tx) => closeJob(tx, MARKET, job, 'employer', NOW, employer));
      expect(await rate({ leadId: lead, direction: 'of_worker', raterContactId: employer, stars: null, noShow: true })).toEqual([]);
      expect(await rate({ leadId: lead, direction: 'of_employer', raterContactId: worker, stars: 1, noShow: false })).toEqual([]);
      expect(await ratingsOf(lead)).toEqual([]);
      expect(await record(worker)).toEqual({ ratingCount: 0, ratingSum: 0, jobsDone: 0, offersPausedUntil: null });
    });

    it('when someone other than the lead\'s employer rates it, or the lead is not unlocked, then nothing is recorded and nothing changes', async () => {
      const { worker, lead } = await shiftDone();
      const stranger = await seedEmployer(db(), 'Bar Luna');
      expect(await rate({ leadId: lead, direction: 'of_worker', raterContactId: stranger, stars: null, noShow: true })).toEqual([]);
      expect(await rate({ leadId: lead, direction: 'of_worker', raterContactId: worker, stars: 5, noShow: false })).toEqual([]);
      expect(await rate({ leadId: lead, direction: 'of_employer', raterContactId: stranger, stars: 1, noShow: false })).toEqual([]);
      expect(await ratingsOf(lead)).toEqual([]);

      const employer = await seedEmployer(db(), 'Cafe Uno');
      const job = await seedClockJob(db(), employer, { title: 'Not unlocked', startsAt: SATURDAY, createdAt: NOW, headcount: 2, matchedAt: NOW });
      const offered = await seedLead(db(), job, worker, NOW);
      expect(await rate({ leadId: offered, direction: 'of_worker', raterContactId: employer, stars: null, noShow: true })).toEqual([]);
      expect(await ratingsOf(offered)).toEqual([]);

      expect(await record(worker)).toEqual({ ratingCount: 0, ratingSum: 0, jobsDone: 0, offersPausedUntil: null });
      expect(await reachRows(worker)).toHaveLength(2);
      expect((await contactRow(worker)).moderation).toBe('active');
      expect(await textsTo(db(), worker)).toEqual([]);
    });

    it('when the employer reports a no-show, then the worker\'s offers pause for 7 days (in the matching index too), no shift is counted, and they are told why', async () => {
      const { employer, worker, lead } = await shiftDone();
      const written = await rate({ leadId: lead, direction: 'of_worker', raterContactId: employer, stars: null, noShow: true });

      const until = after(RATED_AT, 7 * DAY);
      expect(await record(worker)).toEqual({ ratingCount: 0, ratingSum: 0, jobsDone: 0, offersPausedUntil: until });
      const reach = await reachRows(worker);
      expect(reach).toHaveLength(2);
      for (const row of reach) expect(row.offersPausedUntil).toEqual(until);
      expect((await contactRow(worker)).moderation).toBe('active');

      const { waId } = await contactRow(worker);
      const notice = render('en', 'notice.no_show_paused', {
        businessName: 'Cafe Sol',
        title: 'Lunch waiters',
        date: SATURDAY_DATE,
        until: formatInstant(until, contactTimeZone(waId, MARKET.defaultTimeZone), 'en'),
      });
      const told = (await outboxOf(db(), worker)).filter((r) => r.causedBy === `no-show-${lead}`);
      expect(told.map((r) => r.message)).toEqual([expect.objectContaining({ type: 'text', text: notice })]);
      expect(written).toEqual(told.map((r) => r.id));
    });

    it('when a second no-show comes within 90 days, then the worker is restricted, leaves the matching index and is told it waits for review', async () => {
      const first = await shiftDone();
      await rate({ leadId: first.lead, direction: 'of_worker', raterContactId: first.employer, stars: null, noShow: true });
      const laterShift = after(SATURDAY, 30 * DAY);
      const second = await shiftDone(first.worker, laterShift);
      const at = after(laterShift, 8 * HOUR);
      const written = await rate({ leadId: second.lead, direction: 'of_worker', raterContactId: second.employer, stars: null, noShow: true }, at);

      expect(await contactRow(first.worker)).toMatchObject({ moderation: 'restricted', moderationReason: render('en', 'reason.no_show_review') });
      expect(await reachRows(first.worker)).toEqual([]);
      const notice = render('en', 'notice.no_show_review', { businessName: 'Cafe Sol', title: 'Lunch waiters', date: jobDate({ localDate: '2027-04-12' }, 'en') });
      const told = (await outboxOf(db(), first.worker)).filter((r) => r.causedBy === `no-show-${second.lead}`);
      expect(told.map((r) => r.message)).toEqual([expect.objectContaining({ type: 'text', text: notice })]);
      expect(written).toEqual(told.map((r) => r.id));
    });

    it('when a second no-show comes more than 90 days after the first, then the worker is paused again, not restricted', async () => {
      const first = await shiftDone();
      await rate({ leadId: first.lead, direction: 'of_worker', raterContactId: first.employer, stars: null, noShow: true });
      const laterShift = after(SATURDAY, 91 * DAY);
      const second = await shiftDone(first.worker, laterShift);
      const at = after(laterShift, 8 * HOUR);
      await rate({ leadId: second.lead, direction: 'of_worker', raterContactId: second.employer, stars: null, noShow: true }, at);

      expect((await contactRow(first.worker)).moderation).toBe('active');
      expect((await record(first.worker)).offersPausedUntil).toEqual(after(at, 7 * DAY));
      expect(await reachRows(first.worker)).toHaveLength(2);
      expect((await outboxOf(db(), first.worker)).filter((r) => r.causedBy === `no-show-${second.lead}`)).toHaveLength(1);
    });
  });

  describe('two clocks at once', () => {
    it('when two ticks run at the same moment, then each "still open?" question, offer expiry, job expiry and rating prompt happens once', async () => {
      const employer = await seedEmployer(db(), 'Cafe Sol');
      const stale: number[] = [];
      const due: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const job = await seedClockJob(db(), employer, { title: `Old job ${i}`, startsAt: IN_THREE_WEEKS, createdAt: after(NOW, -8 * DAY), matchedAt: NOW });
        stale.push(job);
        due.push(await seedTimedOffer(db(), job, await seedContact(db()), { sentAt: after(NOW, -12 * HOUR), expiresAt: after(NOW, -MINUTE) }));
      }
      const ended: { job: number; lead: number }[] = [];
      for (let i = 0; i < 4; i += 1) {
        const job = await seedClockJob(db(), employer, { title: `Ended job ${i}`, startsAt: after(NOW, -8 * HOUR), createdAt: after(NOW, -3 * DAY), headcount: 2, matchedAt: NOW });
        ended.push({ job, lead: await seedUnlockedLead(db(), job, await waiter(i + 1), after(NOW, -DAY)) });
      }

      const queue = new SendsQueue();
      const [a, b] = await Promise.all([tick(NOW, MARKET, queue), tick(NOW, MARKET, queue)]);
      expect(a.stillOpenAsked + b.stillOpenAsked).toBe(6);
      expect(a.offersExpired + b.offersExpired).toBe(6);
      expect(a.jobsExpired + b.jobsExpired).toBe(4);
      expect(a.ratingsAsked + b.ratingsAsked).toBe(4);

      const written = await outboxOf(db(), employer);
      for (const job of stale) expect(written.filter((r) => r.causedBy === `job-${job}-still-open`), `job ${job}`).toHaveLength(1);
      for (const { job, lead } of ended) {
        expect(written.filter((r) => r.causedBy === `job-${job}-closed`), `job ${job}`).toHaveLength(1);
        expect(written.filter((r) => r.causedBy === `lead-${lead}-rate`), `lead ${lead}`).toHaveLength(1);
      }
      for (const id of due) expect((await offerRow(id)).status).toBe('expired');
      expect(new Set(queue.scheduled).size).toBe(queue.scheduled.length);
      const clockWrote = written.filter((r) => /^(job-\d+-(still-open|closed)|lead-\d+-rate)$/.test(r.causedBy ?? '')).map((r) => r.id);
      const toWorkers = (await Promise.all(ended.map(async ({ lead }) => (await outboxOf(db(), (await leadRow(lead)).workerContactId)).map((r) => r.id)))).flat();
      expect(queue.scheduled.sort((x, y) => x - y)).toEqual([...clockWrote, ...toWorkers].sort((x, y) => x - y));
      expect(await db().select().from(jobs).where(and(eq(jobs.status, 'expired'), eq(jobs.closedReason, 'started')))).toHaveLength(4);
    });
  });
});
