// The matching query (src/marketplace/matching/select-candidates.ts) against workers saved as the app saves
// them: each seeded worker differs from a fully matching one in exactly one way.
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProfile } from '../../src/conversation/engine/context.js';
import type { Db } from '../../src/db/database.js';
import { selectCandidates, type JobToMatch, type MatchRules } from '../../src/marketplace/matching/select-candidates.js';
import type { Candidate } from '../../src/marketplace/matching/rank-candidates.js';
import { dayBits, shiftBits } from '../../src/marketplace/matching/week-hours.js';
import { databaseBackends } from '../helpers/backends.js';
import {
  moderate,
  northOf,
  optOut,
  pauseOffersUntil,
  pauseWorker,
  saveWorkerProfile,
  seedEmployerContact,
  seedJob,
  seedOffer,
  seedWorker,
  workerProfile,
  type Point,
} from '../helpers/seed-workers.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Madrid centre. */
const JOB_POINT: Point = { lat: 40.4168, lng: -3.7038 };
const SATURDAY = '2026-12-05';
/** Saturday 10:00-16:00 in Madrid (UTC+1). */
const STARTS = new Date('2026-12-05T09:00:00Z');
const ENDS = new Date('2026-12-05T15:00:00Z');
const NOW = new Date('2026-12-04T10:00:00Z');
const RULES: MatchRules = { now: NOW, maxOffersPerDay: 3 };
/** The job row is made in beforeAll (its id is filled in then): a worker already offered it is left out. */
const JOB: JobToMatch = {
  id: 0,
  skill: 'waiter',
  lat: JOB_POINT.lat,
  lng: JOB_POINT.lng,
  payCents: 1400,
  hours: shiftBits(SATURDAY, '10:00', '16:00'),
  days: dayBits(SATURDAY, '10:00', '16:00'),
  startsAt: STARTS,
  endsAt: ENDS,
};
const HOUR = 3_600_000;

const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6];
const SAT = 5;

/** The point `km` kilometres due west of `from`, at its latitude. */
function westOf(from: Point, km: number): Point {
  return { lat: from.lat, lng: from.lng - km / (111.32 * Math.cos((from.lat * Math.PI) / 180)) };
}

const at = (point: Point) => ({ location: { ...point, label: 'Madrid' } });

/** Matches the job in every way: waiter, 2 km north with a 10 km radius, free all week 08:00-22:00, asks 12.00 an hour. */
const matching = (overrides: Partial<WorkerProfile> = {}) =>
  workerProfile({ skills: ['waiter'], availability: [{ days: ALL_WEEK, from: '08:00', to: '22:00' }], ...at(northOf(JOB_POINT, 2)), radiusKm: 10, minRateCents: 1200, ...overrides });

/** What a case's setup may use: the job under test, and an employer to post other jobs. */
interface Setting {
  jobId: number;
  employerId: number;
}

interface Case {
  what: string;
  profile: WorkerProfile;
  /** What happens after the profile is saved. */
  then?: (db: Db, contactId: number, setting: Setting) => Promise<void>;
  included: boolean;
  /** The distance to the job the query should report, for the included ones. */
  km?: number;
}

const free = (days: number[], from: string, to: string) => ({ availability: [{ days, from, to }] });

const cases: Case[] = [
  { what: 'matches in every way', profile: matching(), included: true, km: 2 },
  { what: 'stands at the job address', profile: matching(at(JOB_POINT)), included: true, km: 0 },
  // Skill.
  { what: 'has only the skill cook', profile: matching({ skills: ['cook'] }), included: false },
  { what: 'has the skills cook and waiter', profile: matching({ skills: ['cook', 'waiter'] }), included: true, km: 2 },
  // Day.
  { what: 'is free Monday to Friday only', profile: matching(free([0, 1, 2, 3, 4], '08:00', '22:00')), included: false },
  { what: 'is free on Saturday', profile: matching(free([SAT], '08:00', '22:00')), included: true, km: 2 },
  // The time window's edges.
  { what: 'is free on Saturday exactly 10:00-16:00', profile: matching(free([SAT], '10:00', '16:00')), included: true, km: 2 },
  { what: 'is free on Saturday 10:00-15:59', profile: matching(free([SAT], '10:00', '15:59')), included: false },
  { what: 'is free on Saturday 10:30-16:00', profile: matching(free([SAT], '10:30', '16:00')), included: false },
  { what: 'is free on Saturday 09:00-17:00', profile: matching(free([SAT], '09:00', '17:00')), included: true, km: 2 },
  { what: 'is free on Saturday morning and afternoon in two slots that cover the shift', profile: matching({ availability: [{ days: [SAT], from: '09:00', to: '13:00' }, { days: [SAT], from: '13:00', to: '18:00' }] }), included: true, km: 2 },
  { what: 'is free from Friday 22:00 overnight to Saturday 06:00 only', profile: matching(free([4], '22:00', '06:00')), included: false },
  // The radius's edge.
  { what: 'is 9.9 km north with a 10 km radius', profile: matching(at(northOf(JOB_POINT, 9.9))), included: true, km: 9.9 },
  { what: 'is 10.2 km north with a 10 km radius', profile: matching(at(northOf(JOB_POINT, 10.2))), included: false },
  { what: 'is 30 km north with a 50 km radius', profile: matching({ ...at(northOf(JOB_POINT, 30)), radiusKm: 50 }), included: true, km: 30 },
  { what: 'is 30 km north with a 10 km radius', profile: matching(at(northOf(JOB_POINT, 30))), included: false },
  { what: 'is 9.9 km west with a 10 km radius', profile: matching(at(westOf(JOB_POINT, 9.9))), included: true, km: 9.9 },
  { what: 'is 10.2 km west with a 10 km radius', profile: matching(at(westOf(JOB_POINT, 10.2))), included: false },
  // Rate.
  { what: 'asks exactly the pay (14.00 an hour)', profile: matching({ minRateCents: 1400 }), included: true, km: 2 },
  { what: 'asks one cent more than the pay', profile: matching({ minRateCents: 1401 }), included: false },
  // Who may be offered anything.
  { what: 'has paused', profile: matching(), then: (db, id) => pauseWorker(db, id), included: false },
  { what: 'has opted out', profile: matching(), then: (db, id) => optOut(db, id), included: false },
  { what: 'is suspended', profile: matching(), then: (db, id) => moderate(db, id, 'suspended'), included: false },
  { what: 'is restricted', profile: matching(), then: (db, id) => moderate(db, id, 'restricted'), included: false },
  // Saving again replaces the worker's matching rows.
  { what: 'saved waiter, then saved again with only cook', profile: matching(), then: (db, id) => saveWorkerProfile(db, id, matching({ skills: ['cook'] }), new Date('2026-12-03T09:00:00Z')), included: false },
  { what: 'saved cook, then saved again with bartender and waiter', profile: matching({ skills: ['cook'] }), then: (db, id) => saveWorkerProfile(db, id, matching({ skills: ['bartender', 'waiter'] }), new Date('2026-12-03T09:00:00Z')), included: true, km: 2 },
  { what: 'saved 30 km away, then saved again 2 km away', profile: matching(at(northOf(JOB_POINT, 30))), then: (db, id) => saveWorkerProfile(db, id, matching(), new Date('2026-12-03T09:00:00Z')), included: true, km: 2 },
  // Offers: never the same job twice, never two shifts at once, at most the daily cap, not while offers are paused.
  { what: 'was already offered this job (and said no)', profile: matching(), then: (db, id, s) => offered(db, s.jobId, id, { status: 'declined' }), included: false },
  { what: 'has an open offer for a shift 12:00-18:00 the same day', profile: matching(), then: (db, id, s) => offeredAt(db, s, id, 2, 8, 'sent'), included: false },
  { what: 'said yes to a shift 15:00-20:00 the same day', profile: matching(), then: (db, id, s) => offeredAt(db, s, id, 5, 10, 'interested'), included: false },
  { what: 'said no to a shift 12:00-18:00 the same day', profile: matching(), then: (db, id, s) => offeredAt(db, s, id, 2, 8, 'declined'), included: true, km: 2 },
  { what: 'has an open offer for a shift that ends as this one starts (07:00-10:00)', profile: matching(), then: (db, id, s) => offeredAt(db, s, id, -3, 0, 'sent'), included: true, km: 2 },
  { what: 'has an open offer for a shift that starts as this one ends (16:00-20:00)', profile: matching(), then: (db, id, s) => offeredAt(db, s, id, 6, 10, 'sent'), included: true, km: 2 },
  { what: 'got 2 offers from matching in the last 24 hours (the cap is 3)', profile: matching(), then: (db, id, s) => offeredToday(db, s, id, 2), included: true, km: 2 },
  { what: 'got 3 offers from matching in the last 24 hours (the cap is 3)', profile: matching(), then: (db, id, s) => offeredToday(db, s, id, 3), included: false },
  { what: 'got 3 offers from matching, the last of them 25 hours ago', profile: matching(), then: (db, id, s) => offeredToday(db, s, id, 3, 25), included: true, km: 2 },
  { what: 'opened 3 share links today (links do not count towards the cap)', profile: matching(), then: (db, id, s) => offeredToday(db, s, id, 3, 1, 'link'), included: true, km: 2 },
  { what: 'has offers paused after a no-show until tomorrow', profile: matching(), then: (db, id) => pauseOffers(db, id, new Date(NOW.getTime() + 24 * HOUR)), included: false },
  { what: 'had offers paused until an hour ago', profile: matching(), then: (db, id) => pauseOffers(db, id, new Date(NOW.getTime() - HOUR)), included: true, km: 2 },
];

const offered = (db: Db, jobId: number, workerId: number, options: Parameters<typeof seedOffer>[3]) => seedOffer(db, jobId, workerId, options).then(() => undefined);

/** An offer of another shift the same Saturday, from `fromHours` to `toHours` after this one's start. */
async function offeredAt(db: Db, s: Setting, workerId: number, fromHours: number, toHours: number, status: 'sent' | 'interested' | 'declined') {
  const other = await seedJob(db, s.employerId, { point: JOB_POINT, startsAt: new Date(STARTS.getTime() + fromHours * HOUR), endsAt: new Date(STARTS.getTime() + toHours * HOUR) });
  await offered(db, other, workerId, { status });
}

/** `count` offers of shifts next month, sent `hoursAgo` hours before now. */
async function offeredToday(db: Db, s: Setting, workerId: number, count: number, hoursAgo = 1, source: 'match' | 'link' = 'match') {
  for (let i = 0; i < count; i += 1) {
    const start = new Date(STARTS.getTime() + (30 + i) * 24 * HOUR);
    const other = await seedJob(db, s.employerId, { point: JOB_POINT, startsAt: start, endsAt: new Date(start.getTime() + HOUR) });
    await offered(db, other, workerId, { status: 'declined', sentAt: new Date(NOW.getTime() - hoursAgo * HOUR), source });
  }
}

const pauseOffers = pauseOffersUntil;

const verdict = (c: Case) => (c.included ? 'they are a candidate' : 'they are not');

describe.each(databaseBackends)('selecting candidates on %s', (backend) => {
  let database: TestDatabase;
  const idOf = new Map<string, number>();
  let found: Candidate[];

  let job: JobToMatch;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const employerId = await seedEmployerContact(database.db);
    job = { ...JOB, id: await seedJob(database.db, employerId, { point: JOB_POINT, startsAt: STARTS, endsAt: ENDS, localDate: SATURDAY }) };
    for (const c of cases) {
      const contactId = await seedWorker(database.db, c.profile);
      await c.then?.(database.db, contactId, { jobId: job.id, employerId });
      idOf.set(c.what, contactId);
    }
    found = await selectCandidates(database.db, job, RULES);
  });
  afterAll(async () => {
    await database?.close();
  });

  const id = (what: string) => {
    const contactId = idOf.get(what);
    if (contactId === undefined) throw new Error(`no worker seeded for "${what}"`);
    return contactId;
  };
  const foundIds = () => found.map((c) => c.workerContactId).sort((a, b) => a - b);

  it.each(cases.map((c) => ({ ...c, verdict: verdict(c) })))('when a worker $what, then $verdict', (c) => {
    expect(foundIds().includes(id(c.what))).toBe(c.included);
  });

  it('when the Saturday waiter job is matched, then exactly the matching workers come back, each once', () => {
    const expected = cases.filter((c) => c.included).map((c) => id(c.what)).sort((a, b) => a - b);
    expect(foundIds()).toEqual(expected);
    expect(new Set(foundIds()).size).toBe(found.length);
  });

  it('when candidates come back, then each has its distance to the job (within 0.1 km), its radius and the prior history', () => {
    for (const c of cases.filter((k) => k.included)) {
      const candidate = found.find((f) => f.workerContactId === id(c.what));
      expect(candidate, c.what).toBeDefined();
      expect(typeof candidate!.distanceKm).toBe('number');
      expect(Math.abs(candidate!.distanceKm - c.km!), `${c.what}: ${candidate!.distanceKm} km`).toBeLessThan(0.1);
      expect(candidate!.radiusKm, c.what).toBe(c.profile.radiusKm);
      expect(candidate).toMatchObject({ ratingCount: 0, ratingSum: 0, recentNoShows: 0, jobsDone: 0 });
      // Active when they last saved their profile (the cases saved again did so on 3 December).
      const savedAgain = c.what.includes('saved again');
      expect(candidate!.lastActiveAt).toEqual(new Date(savedAgain ? '2026-12-03T09:00:00Z' : '2026-12-01T09:00:00Z'));
    }
  });

  it('when candidates come back, then they are nearest first, and each has how much of its free day the shift fills', () => {
    // The index orders by a flat projection of the map: as good as km at these distances, to within metres.
    const distances = found.map((c) => c.distanceKm);
    for (let i = 1; i < distances.length; i += 1) expect(distances[i]!, distances.join(', ')).toBeGreaterThan(distances[i - 1]! - 0.01);
    // Free all week 08:00-22:00: the 6-hour shift is 6 of 14 free hours that Saturday.
    expect(found.find((f) => f.workerContactId === id('matches in every way'))!.availabilityFit).toBeCloseTo(6 / 14, 10);
    // Free that Saturday exactly for the shift.
    expect(found.find((f) => f.workerContactId === id('is free on Saturday exactly 10:00-16:00'))!.availabilityFit).toBeCloseTo(1, 10);
  });

  it('when a worker saves their profile again with new skills, then only the new skills have matching rows', async () => {
    const skillsOf = async (contactId: number) => {
      const result = (await database.db.execute(sql`select skill from worker_reach where worker_contact_id = ${contactId} order by skill`)) as unknown as { rows: { skill: string }[] };
      return result.rows.map((row) => row.skill);
    };
    expect(await skillsOf(id('saved waiter, then saved again with only cook'))).toEqual(['cook']);
    expect(await skillsOf(id('saved cook, then saved again with bartender and waiter'))).toEqual(['bartender', 'waiter']);
    expect(await skillsOf(id('has the skills cook and waiter'))).toEqual(['cook', 'waiter']);
  });

  it('when a cook job is matched, then the workers whose saved profile has cook come back, and not one that dropped it', async () => {
    const cooks = await selectCandidates(database.db, { ...job, skill: 'cook' }, RULES);
    const expected = ['has only the skill cook', 'has the skills cook and waiter', 'saved waiter, then saved again with only cook'].map(id).sort((a, b) => a - b);
    expect(cooks.map((c) => c.workerContactId).sort((a, b) => a - b)).toEqual(expected);
  });

  it('when a job pays less than everyone asks, or needs a skill nobody has, then nobody comes back', async () => {
    expect(await selectCandidates(database.db, { ...job, payCents: 1199 }, RULES)).toEqual([]);
    expect(await selectCandidates(database.db, { ...job, skill: 'plumber' }, RULES)).toEqual([]);
  });

  /** The plan of the very query selectCandidates runs, with sequential scans off (a few rows would make them cheapest). */
  async function planOf(job: JobToMatch): Promise<string> {
    await database.db.execute(sql`analyze worker_reach`);
    return database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      let plan = '';
      // A stand-in database handle that runs EXPLAIN of the query it is given.
      const explaining = {
        async execute(query: SQL) {
          const result = (await tx.execute(sql`explain ${query}`)) as unknown as { rows: Record<string, string>[] };
          plan = result.rows.map((row) => row['QUERY PLAN']).join('\n');
          return { rows: [] };
        },
      } as unknown as Db;
      await selectCandidates(explaining, job, RULES);
      return plan;
    });
  }

  // PGlite plans for one connection and a few rows; the plan that matters is the server's.
  if (backend === 'postgres') {
    it('when the query runs on PostgreSQL, then it walks the GiST index nearest-first from the job, reading only the index', async () => {
      await database.db.execute(sql`vacuum analyze worker_reach`);
      const plan = await planOf(job);
      const lines = plan.split('\n');
      const scan = lines.findIndex((line) => line.includes('worker_reach_skill_location_idx'));
      expect(scan, plan).toBeGreaterThanOrEqual(0);
      expect(lines[scan], plan).toContain('Index Only Scan');
      const details = lines.slice(scan + 1, scan + 4).join('\n');
      expect(details, plan).toMatch(/Index Cond: .*skill.*location <@/);
      expect(details, plan).toMatch(/Order By: \(location <-> /);
    });
  }
});
