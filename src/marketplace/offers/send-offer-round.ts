// One round of offers for an open job: the best-ranked candidates not offered it yet each get an offer card, to
// answer before a deadline (OFFER_ANSWER_HOURS, and never later than an hour before the shift). The first round
// goes out with the posting (in the employer's turn); the clock sends the next when too few said yes in time.
import { sql } from 'drizzle-orm';
import { availabilitySchema } from '../../conversation/answers/availability.js';
import type { MarketplaceConfig } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import { offerCard } from '../cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from '../job-card-sql.js';
import { fitOf } from '../matching/fit-of.js';
import { rankCandidates } from '../matching/rank-candidates.js';
import { selectCandidates } from '../matching/select-candidates.js';
import { dayBits, shiftBits } from '../matching/week-hours.js';
import { recipientsOf, writeOutbound } from '../outbound.js';

const HOUR_MS = 3_600_000;
/** Offers stop this long before a shift starts: a worker needs time to get there. */
export const LAST_ANSWER_BEFORE_START_MS = HOUR_MS;
/** A deadline shorter than this is not worth an offer. */
const SHORTEST_ANSWER_MS = 15 * 60_000;

/** Sends the job's next round; returns the outbox rows of its offer cards (none when the job is closed, too close or nobody fits). */
export async function sendOfferRound(tx: DbOrTx, market: MarketplaceConfig, jobId: number, now: Date): Promise<number[]> {
  // The job's row is held while its round is chosen: two rounds of one job never run at once.
  const found = (await tx.execute(sql`
    select ${jobObjectSql} as job, j.lat, j.lng, j.ends_at as "endsAt",
      (select coalesce(max(o.round), 0) from offers o where o.job_id = j.id)::int as round
    from jobs j left join employers e on e.contact_id = j.employer_contact_id
    where j.id = ${jobId} and j.status = 'open' for update of j`)) as unknown as {
    rows: { job: JobRow; lat: number; lng: number; endsAt: string; round: number }[];
  };
  const row = found.rows[0];
  if (row === undefined) return [];
  // A round is a round even when nobody fits: the clock waits a while before it asks matching again.
  await tx.execute(sql`update jobs set matched_at = ${now.toISOString()}::timestamptz where id = ${jobId}`);
  const job = jobCardOf(row.job);
  const startsAt = new Date(job.startsAt);
  const expiresAt = new Date(Math.min(now.getTime() + market.offerAnswerHours * HOUR_MS, startsAt.getTime() - LAST_ANSWER_BEFORE_START_MS));
  if (expiresAt.getTime() - now.getTime() < SHORTEST_ANSWER_MS) return [];

  const candidates = await selectCandidates(
    tx,
    {
      id: job.id,
      skill: job.skill,
      lat: row.lat,
      lng: row.lng,
      payCents: job.payCents,
      hours: shiftBits(job.localDate, job.from, job.to),
      days: dayBits(job.localDate, job.from, job.to),
      startsAt,
      endsAt: new Date(row.endsAt),
    },
    { now, maxOffersPerDay: market.maxOffersPerWorkerPerDay },
  );
  const chosen = rankCandidates(candidates, now, market.offersPerRound);
  if (chosen.length === 0) return [];

  const ids = chosen.map((c) => c.workerContactId);
  const availabilities = (await tx.execute(sql`select contact_id as "contactId", availability from workers where contact_id = any(${sql.param(ids)}::bigint[])`)) as unknown as {
    rows: { contactId: string | number; availability: unknown }[];
  };
  const fits = new Map(
    availabilities.rows.map((r) => {
      const availability = availabilitySchema.safeParse(r.availability);
      return [Number(r.contactId), availability.success ? fitOf(availability.data, job.skill, job.localDate, job.from) : null] as const;
    }),
  );
  const rows = chosen.map((c) => ({ worker: c.workerContactId, score: c.score, distance: c.distanceKm, fit: JSON.stringify(fits.get(c.workerContactId) ?? null) }));
  const inserted = (await tx.execute(sql`
    insert into offers (job_id, worker_contact_id, status, source, round, score, distance_km, fit, sent_at, expires_at)
    select ${job.id}, r.worker, 'sent', 'match', ${row.round + 1}, r.score, r.distance, r.fit::jsonb, ${now.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz
    from unnest(${sql.param(rows.map((r) => r.worker))}::bigint[], ${sql.param(rows.map((r) => r.score))}::float8[],
      ${sql.param(rows.map((r) => r.distance))}::float8[], ${sql.param(rows.map((r) => r.fit))}::text[]) as r(worker, score, distance, fit)
    on conflict (job_id, worker_contact_id) do nothing
    returning id, worker_contact_id as "workerContactId", distance_km as "distanceKm", fit`)) as unknown as {
    rows: { id: string | number; workerContactId: string | number; distanceKm: number; fit: ReturnType<typeof fitOf> }[];
  };
  const people = await recipientsOf(tx, inserted.rows.map((r) => Number(r.workerContactId)), market.defaultTimeZone);
  const written: number[] = [];
  for (const offer of inserted.rows) {
    const to = people.get(Number(offer.workerContactId));
    if (!to) continue;
    const card = offerCard(to.locale, { id: Number(offer.id), distanceKm: offer.distanceKm, fit: offer.fit, expiresAt }, job, to.timeZone);
    const id = await writeOutbound(tx, to, card, `offer-${offer.id}`);
    if (id !== null) written.push(id);
  }
  return written;
}
