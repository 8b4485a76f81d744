// The one indexed query behind matching: which workers with the skill reach this job, are free for all of
// its hours, accept its pay and may be offered it now.
//
// worker_reach holds only workers who may get offers (sync-worker-reach.ts), with everything matching
// filters and ranks on. Its GiST index (skill, location) is walked nearest-first from the job (KNN) inside a
// box of the largest radius anyone may travel, for at most WALK_LIMIT workers, as an index-only scan: the
// workers who do not fit cost no table reads. The first POOL_LIMIT who fit, nearest first, are the pool
// ranking chooses from. In a dense city the walk stops after a few hundred workers; in an empty area at the
// edge of the box. What the walk bounds away are fitting workers farther out than the WALK_LIMIT nearest
// with the skill: a recall limit for very selective jobs, chosen for a bounded cost.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { KM_PER_UNIT, mapPoint } from './map-point.js';
import type { Candidate } from './rank-candidates.js';

export interface JobToMatch {
  /** The job being matched (0 for none): workers it was already offered to are left out. */
  id: number;
  skill: string;
  lat: number;
  lng: number;
  payCents: number;
  /** bit(168) of the hours the shift touches (week-hours.ts shiftBits). */
  hours: string;
  /** bit(168) of the whole days the shift touches (week-hours.ts dayBits): how much of those days a worker keeps free. */
  days: string;
  startsAt: Date;
  endsAt: Date;
}

export interface MatchRules {
  now: Date;
  /** Offers a worker gets from matching in 24 hours, at most. */
  maxOffersPerDay: number;
}

/** Workers walked from the job at most, nearest first. */
export const WALK_LIMIT = 3000;
/** Fitting workers handed to ranking: a round offers the best few of them; the next round asks again. */
export const POOL_LIMIT = 50;
/** The largest travel radius a profile may have (workerProfileSchema): nobody farther can reach the job. */
export const MAX_RADIUS_KM = 200;
const NO_SHOW_DAYS = 90;

interface Row {
  workerContactId: string | number;
  distanceKm: number;
  radiusKm: number;
  dayHours: number;
  shiftHours: number;
  ratingCount: number;
  ratingSum: number;
  jobsDone: number;
  recentNoShows: number;
  activeAt: string | Date;
}

export async function selectCandidates(db: DbOrTx, job: JobToMatch, rules: MatchRules): Promise<Candidate[]> {
  const { x, y } = mapPoint(job.lat, job.lng);
  const reach = MAX_RADIUS_KM / KM_PER_UNIT;
  const now = rules.now.toISOString();
  // Great-circle distance in km (haversine) from the job.
  const distance = sql`(12742 * asin(sqrt(power(sin(radians(n.lat - ${job.lat}) / 2), 2)
    + cos(radians(${job.lat})) * cos(radians(n.lat)) * power(sin(radians(n.lng - ${job.lng}) / 2), 2))))`;
  const result = await db.execute(sql`
    select f.worker_contact_id as "workerContactId", f.distance_km as "distanceKm", f.radius_km as "radiusKm",
      bit_count(f.week_hours & ${job.days}::bit(168))::int as "dayHours", bit_count(${job.hours}::bit(168))::int as "shiftHours",
      f.rating_count as "ratingCount", f.rating_sum as "ratingSum", f.jobs_done as "jobsDone", f.active_at as "activeAt",
      (select count(*) from ratings x where x.ratee_contact_id = f.worker_contact_id and x.no_show
        and x.created_at > ${now}::timestamptz - make_interval(days => ${NO_SHOW_DAYS}))::int as "recentNoShows"
    from (
      select n.*, ${distance} as distance_km from (
        select r.worker_contact_id, r.radius_km, r.min_rate_cents, r.week_hours, r.lat, r.lng, r.rating_count, r.rating_sum,
          r.jobs_done, r.offers_paused_until, r.active_at, r.location <-> point(${x}, ${y}) as nearness
        from worker_reach r
        where r.skill = ${job.skill} and r.location <@ box(point(${x - reach}, ${y - reach}), point(${x + reach}, ${y + reach}))
        order by r.location <-> point(${x}, ${y})
        limit ${WALK_LIMIT}
      ) n
      where n.min_rate_cents <= ${job.payCents} and (n.week_hours & ${job.hours}::bit(168)) = ${job.hours}::bit(168)
        and (n.offers_paused_until is null or n.offers_paused_until <= ${now}::timestamptz)
    ) f
    where f.distance_km <= f.radius_km
      -- Not twice the same job, not two shifts at once, and not more than the daily cap.
      and not exists (select 1 from offers o where o.job_id = ${job.id} and o.worker_contact_id = f.worker_contact_id)
      and not exists (select 1 from offers o join jobs j on j.id = o.job_id
        where o.worker_contact_id = f.worker_contact_id and o.status in ('sent', 'interested') and j.status = 'open'
          and j.starts_at < ${job.endsAt.toISOString()}::timestamptz and j.ends_at > ${job.startsAt.toISOString()}::timestamptz)
      and (select count(*) from offers o where o.worker_contact_id = f.worker_contact_id and o.source = 'match'
        and o.sent_at > ${now}::timestamptz - interval '24 hours') < ${rules.maxOffersPerDay}
    order by f.nearness
    limit ${POOL_LIMIT}`);
  return (result as unknown as { rows: Row[] }).rows.map((row) => ({
    workerContactId: Number(row.workerContactId),
    distanceKm: Number(row.distanceKm),
    radiusKm: row.radiusKm,
    availabilityFit: row.dayHours > 0 ? Math.min(1, row.shiftHours / row.dayHours) : 0,
    ratingCount: row.ratingCount,
    ratingSum: row.ratingSum,
    recentNoShows: row.recentNoShows,
    jobsDone: row.jobsDone,
    lastActiveAt: new Date(row.activeAt),
  }));
}
