// The matching query (src/marketplace/matching/select-candidates.ts) against workers saved as the app saves
// them: each seeded worker differs from a fully matching one in exactly one way.
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProfile } from '../../src/conversation/engine/context.js';
import type { Db } from '../../src/db/database.js';
import { selectCandidates, type JobToMatch } from '../../src/marketplace/matching/select-candidates.js';
import type { Candidate } from '../../src/marketplace/matching/rank-candidates.js';
import { shiftBits } from '../../src/marketplace/matching/week-hours.js';
import { databaseBackends } from '../helpers/backends.js';
import { moderate, northOf, optOut, pauseWorker, saveWorkerProfile, seedWorker, workerProfile, type Point } from '../helpers/seed-workers.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Madrid centre. */
const JOB_POINT: Point = { lat: 40.4168, lng: -3.7038 };
const SATURDAY = '2026-12-05';
const JOB: JobToMatch = { skill: 'waiter', lat: JOB_POINT.lat, lng: JOB_POINT.lng, payCents: 1400, hours: shiftBits(SATURDAY, '10:00', '16:00') };

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

interface Case {
  what: string;
  profile: WorkerProfile;
  /** What happens after the profile is saved. */
  then?: (db: Db, contactId: number) => Promise<void>;
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
];

const verdict = (c: Case) => (c.included ? 'they are a candidate' : 'they are not');

describe.each(databaseBackends)('selecting candidates on %s', (backend) => {
  let database: TestDatabase;
  const idOf = new Map<string, number>();
  let found: Candidate[];

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    for (const c of cases) {
      const contactId = await seedWorker(database.db, c.profile);
      await c.then?.(database.db, contactId);
      idOf.set(c.what, contactId);
    }
    found = await selectCandidates(database.db, JOB);
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
      expect(candidate!.lastActiveAt).toEqual(new Date('2026-12-01T09:00:00Z'));
    }
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
    const cooks = await selectCandidates(database.db, { ...JOB, skill: 'cook' });
    const expected = ['has only the skill cook', 'has the skills cook and waiter', 'saved waiter, then saved again with only cook'].map(id).sort((a, b) => a - b);
    expect(cooks.map((c) => c.workerContactId).sort((a, b) => a - b)).toEqual(expected);
  });

  it('when a job pays less than everyone asks, or needs a skill nobody has, then nobody comes back', async () => {
    expect(await selectCandidates(database.db, { ...JOB, payCents: 1199 })).toEqual([]);
    expect(await selectCandidates(database.db, { ...JOB, skill: 'plumber' })).toEqual([]);
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
      await selectCandidates(explaining, job);
      return plan;
    });
  }

  it('when the query runs on PostgreSQL, then its plan uses the GiST index worker_reach_skill_reach_idx', async () => {
    if (backend === 'postgres') {
      const plan = await planOf(JOB);
      expect(plan).toContain('worker_reach_skill_reach_idx');
    }
  });

  it('when the query runs on PostgreSQL, then the GiST index searches by the travel box, not by skill alone', async () => {
    if (backend === 'postgres') {
      const plan = await planOf(JOB);
      const indexCond = plan.split('\n').find((line) => line.includes('Index Cond'));
      expect(indexCond, plan).toBeDefined();
      expect(indexCond, plan).toContain('skill');
      expect(indexCond, plan).toContain('reach');
    }
  });
});
