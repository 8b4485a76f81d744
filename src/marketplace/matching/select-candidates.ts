// The one indexed query behind matching: which active workers with the skill reach this job, are free for
// all of its hours and accept its pay. The GiST index (skill, reach) finds the workers whose travel box
// holds the job; the exact distance, the hours and the pay filter those few rows.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Candidate } from './rank-candidates.js';

export interface JobToMatch {
  skill: string;
  lat: number;
  lng: number;
  payCents: number;
  /** bit(168) of the hours the shift touches (week-hours.ts shiftBits). */
  hours: string;
}

/** Most candidates one query returns: ranking keeps the best few, and a wider net costs time, not quality. */
export const CANDIDATE_LIMIT = 500;

// Great-circle distance in km (haversine) between the worker's point and the job's, in SQL.
const distanceKm = (lat: number, lng: number) => sql`(12742 * asin(sqrt(
  power(sin(radians(r.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(r.lat)) * power(sin(radians(r.lng - ${lng}) / 2), 2))))`;

export async function selectCandidates(db: Db, job: JobToMatch): Promise<Candidate[]> {
  const distance = distanceKm(job.lat, job.lng);
  const result = await db.execute(sql`
    select r.worker_contact_id as "workerContactId", ${distance} as "distanceKm", r.radius_km as "radiusKm",
      c.last_inbound_at as "lastActiveAt"
    from worker_reach r
    join workers w on w.contact_id = r.worker_contact_id
    join contacts c on c.id = r.worker_contact_id
    where r.skill = ${job.skill}
      -- box @> box is what the box GiST opclass indexes (box @> point is not): the job as a box of one point.
      and r.reach @> box(point(${job.lng}, ${job.lat}), point(${job.lng}, ${job.lat}))
      and r.min_rate_cents <= ${job.payCents}
      and (r.week_hours & ${job.hours}::bit(168)) = ${job.hours}::bit(168)
      and ${distance} <= r.radius_km
      and w.paused_at is null and c.opted_out_at is null and c.moderation = 'active'
    limit ${CANDIDATE_LIMIT}`);
  return (result as unknown as { rows: { workerContactId: string | number; distanceKm: number; radiusKm: number; lastActiveAt: string | Date | null }[] }).rows.map((row) => ({
    workerContactId: Number(row.workerContactId),
    distanceKm: Number(row.distanceKm),
    radiusKm: row.radiusKm,
    // Ratings, no-shows and jobs done come with the ratings work; until then everyone has the prior.
    ratingCount: 0,
    ratingSum: 0,
    recentNoShows: 0,
    jobsDone: 0,
    lastActiveAt: row.lastActiveAt === null ? null : new Date(row.lastActiveAt),
  }));
}
