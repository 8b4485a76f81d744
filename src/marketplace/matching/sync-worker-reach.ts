// Keeps a worker's rows of the matching index (worker_reach) in step with what decides whether and how they are
// matched: their profile, pause, opt-out, moderation, ratings and activity. Called wherever one of those changes.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { availabilitySchema } from '../../conversation/answers/availability.js';
import { mapPoint, pointText } from './map-point.js';
import { availabilityBits } from './week-hours.js';

interface Eligible {
  availability: unknown;
  lat: number;
  lng: number;
}

/** Rewrites the worker's rows: one per skill while they may get offers, none otherwise. */
export async function syncWorkerReach(tx: DbOrTx, contactId: number): Promise<void> {
  const found = (await tx.execute(sql`
    select w.availability, w.lat, w.lng from workers w join contacts c on c.id = w.contact_id
    where w.contact_id = ${contactId} and w.paused_at is null and c.opted_out_at is null and c.moderation = 'active'`)) as unknown as { rows: Eligible[] };
  await tx.execute(sql`delete from worker_reach where worker_contact_id = ${contactId}`);
  const worker = found.rows[0];
  if (worker === undefined) return;
  const availability = availabilitySchema.safeParse(worker.availability);
  if (!availability.success) throw new Error(`worker ${contactId} has an availability that does not parse`);
  await tx.execute(sql`
    insert into worker_reach (worker_contact_id, skill, location, lat, lng, radius_km, min_rate_cents, week_hours,
      rating_count, rating_sum, jobs_done, offers_paused_until, active_at)
    select w.contact_id, s.skill, ${pointText(mapPoint(worker.lat, worker.lng))}::point, w.lat, w.lng, w.radius_km, w.min_rate_cents,
      ${availabilityBits(availability.data)}::bit(168), w.rating_count, w.rating_sum, w.jobs_done, w.offers_paused_until, w.active_at
    from workers w cross join lateral unnest(w.skills) as s(skill)
    where w.contact_id = ${contactId}`);
}
