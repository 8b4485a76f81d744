// A worker answers an offer: "interested" makes a lead and sends its anonymised card to the employer; "not for
// me" declines; withdrawing takes a lead back before it is unlocked. Each runs in the worker's turn and returns
// the outbox rows it wrote for other contacts, to schedule after the commit.
import { sql } from 'drizzle-orm';
import { availabilitySchema } from '../../conversation/answers/availability.js';
import { distanceKm } from '../../conversation/answers/catalogue-match.js';
import type { Fit } from '../../conversation/engine/market-view.js';
import type { MarketplaceConfig } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import { initialOf, leadCard } from '../cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from '../job-card-sql.js';
import { fitOf } from '../matching/fit-of.js';
import { recipientsOf, writeOutbound } from '../outbound.js';

export interface AnswerContext {
  workerContactId: number;
  now: Date;
  market: MarketplaceConfig;
}

const iso = (date: Date) => date.toISOString();

/** A worker's answer moves their freshness in matching. */
async function touchWorker(tx: DbOrTx, workerContactId: number, now: Date): Promise<void> {
  await tx.execute(sql`update workers set active_at = ${iso(now)}::timestamptz where contact_id = ${workerContactId}`);
  await tx.execute(sql`update worker_reach set active_at = ${iso(now)}::timestamptz where worker_contact_id = ${workerContactId}`);
}

/**
 * "Interested": the offer (sent, declined, withdrawn, or expired by the clock a moment ago) becomes interested if
 * it is still answerable and its job open, and a lead is made, or made again after a withdrawal. The employer gets
 * the candidate card. A second tap finds the offer interested already and changes nothing.
 */
export async function recordInterest(tx: DbOrTx, at: AnswerContext, offerId: number): Promise<number[]> {
  const updated = (await tx.execute(sql`
    update offers o set status = 'interested', answered_at = ${iso(at.now)}::timestamptz
    where o.id = ${offerId} and o.worker_contact_id = ${at.workerContactId}
      and o.status in ('sent', 'declined', 'withdrawn', 'expired') and o.expires_at > ${iso(at.now)}::timestamptz
      and exists (select 1 from jobs j where j.id = o.job_id and j.status = 'open')
    returning o.id`)) as unknown as { rows: unknown[] };
  if (updated.rows.length === 0) return [];
  await touchWorker(tx, at.workerContactId, at.now);
  const made = (await tx.execute(sql`
    insert into leads (job_id, offer_id, worker_contact_id, employer_contact_id, price_cents, currency, interested_at)
    select o.job_id, o.id, o.worker_contact_id, j.employer_contact_id, ${at.market.leadPriceCents}, ${at.market.currency}, ${iso(at.now)}::timestamptz
    from offers o join jobs j on j.id = o.job_id where o.id = ${offerId}
    on conflict (job_id, worker_contact_id) do update set status = 'offered', interested_at = excluded.interested_at
      where leads.status = 'withdrawn'
    returning id`)) as unknown as { rows: { id: string | number }[] };
  const leadId = made.rows[0]?.id;
  if (leadId === undefined) return [];
  return sendLeadCard(tx, Number(leadId), at.market.defaultTimeZone);
}

interface LeadCardRow {
  leadId: string | number;
  employerContactId: string | number;
  priceCents: number;
  currency: string;
  distanceKm: number;
  fit: Fit | null;
  workerName: string;
  skills: string[];
  ratingCount: number;
  ratingSum: number;
  jobsDone: number;
  job: JobRow;
}

/** The anonymised card of a lead, to its employer: first initial, skills, distance, record and fit; never a name or number. */
async function sendLeadCard(tx: DbOrTx, leadId: number, defaultTimeZone: string): Promise<number[]> {
  const found = (await tx.execute(sql`
    select l.id as "leadId", l.employer_contact_id as "employerContactId", l.price_cents as "priceCents", l.currency,
      o.distance_km as "distanceKm", o.fit, w.name as "workerName", w.skills, w.rating_count as "ratingCount",
      w.rating_sum as "ratingSum", w.jobs_done as "jobsDone", ${jobObjectSql} as job
    from leads l join offers o on o.id = l.offer_id join workers w on w.contact_id = l.worker_contact_id
      join jobs j on j.id = l.job_id left join employers e on e.contact_id = j.employer_contact_id
    where l.id = ${leadId}`)) as unknown as { rows: LeadCardRow[] };
  const row = found.rows[0];
  if (row === undefined) return [];
  const employer = (await recipientsOf(tx, [Number(row.employerContactId)], defaultTimeZone)).get(Number(row.employerContactId));
  if (employer === undefined) return [];
  const job = jobCardOf(row.job);
  const card = leadCard(
    employer.locale,
    {
      id: leadId,
      distanceKm: row.distanceKm,
      fit: row.fit,
      priceCents: row.priceCents,
      currency: row.currency,
      worker: { initial: initialOf(row.workerName), skills: row.skills, ratingCount: row.ratingCount, ratingSum: row.ratingSum, jobsDone: row.jobsDone },
    },
    job,
  );
  const id = await writeOutbound(tx, employer, card, `lead-${leadId}`);
  return id === null ? [] : [id];
}

/** "Not for me" on an offer still waiting for an answer. */
export async function declineOffer(tx: DbOrTx, at: AnswerContext, offerId: number): Promise<number[]> {
  const updated = (await tx.execute(sql`
    update offers set status = 'declined', answered_at = ${iso(at.now)}::timestamptz
    where id = ${offerId} and worker_contact_id = ${at.workerContactId} and status = 'sent' returning id`)) as unknown as { rows: unknown[] };
  if (updated.rows.length > 0) await touchWorker(tx, at.workerContactId, at.now);
  return [];
}

/** Takes back an "interested" whose lead is not unlocked: the employer can no longer unlock it. */
export async function withdrawInterest(tx: DbOrTx, at: AnswerContext, offerId: number): Promise<number[]> {
  const withdrawn = (await tx.execute(sql`
    update leads set status = 'withdrawn' where offer_id = ${offerId} and worker_contact_id = ${at.workerContactId}
      and status in ('offered', 'skipped') returning id`)) as unknown as { rows: unknown[] };
  if (withdrawn.rows.length === 0) return [];
  await tx.execute(sql`update offers set status = 'withdrawn', answered_at = ${iso(at.now)}::timestamptz where id = ${offerId} and status = 'interested'`);
  return [];
}

/**
 * An answer to a job opened through its share link. The link makes an offer (round 0) that lasts until the shift
 * starts, with the distance and fit worked out here (nobody matched them); then it is answered like any offer.
 * Someone already offered the job answers their existing offer.
 */
export async function answerLink(tx: DbOrTx, at: AnswerContext, jobId: number, answer: 'interested' | 'declined'): Promise<number[]> {
  const found = (await tx.execute(sql`
    select w.availability, w.skills, w.lat as "workerLat", w.lng as "workerLng", ${jobObjectSql} as job, j.lat, j.lng
    from workers w, jobs j left join employers e on e.contact_id = j.employer_contact_id
    where w.contact_id = ${at.workerContactId} and j.id = ${jobId} and j.status = 'open' and j.employer_contact_id <> ${at.workerContactId}`)) as unknown as {
    rows: { availability: unknown; skills: string[]; workerLat: number; workerLng: number; job: JobRow; lat: number; lng: number }[];
  };
  const row = found.rows[0];
  if (row === undefined) return [];
  const job = jobCardOf(row.job);
  const availability = availabilitySchema.safeParse(row.availability);
  const fit = availability.success ? fitOf(availability.data, job.skill, job.localDate, job.from) : null;
  const distance = distanceKm({ lat: row.workerLat, lng: row.workerLng }, { lat: row.lat, lng: row.lng });
  await tx.execute(sql`
    insert into offers (job_id, worker_contact_id, status, source, round, distance_km, fit, sent_at, expires_at)
    values (${jobId}, ${at.workerContactId}, 'sent', 'link', 0, ${distance}::float8, ${JSON.stringify(fit)}::jsonb, ${iso(at.now)}::timestamptz, ${job.startsAt}::timestamptz)
    on conflict (job_id, worker_contact_id) do nothing`);
  const [offer] = ((await tx.execute(sql`select id from offers where job_id = ${jobId} and worker_contact_id = ${at.workerContactId}`)) as unknown as {
    rows: { id: string | number }[];
  }).rows;
  if (offer === undefined) return [];
  return answer === 'interested' ? recordInterest(tx, at, Number(offer.id)) : declineOffer(tx, at, Number(offer.id));
}

/** Who opened a job's share link, and who shared it (the employer when the link names nobody or someone unknown). */
export async function recordReferral(tx: DbOrTx, contactId: number, jobId: number, referrerContactId: number | null): Promise<void> {
  await tx.execute(sql`
    insert into referrals (contact_id, job_id, referrer_contact_id)
    select ${contactId}, j.id, coalesce((select c.id from contacts c where c.id = ${referrerContactId ?? 0} and c.id <> ${contactId}), j.employer_contact_id)
    from jobs j where j.id = ${jobId}
    on conflict (contact_id, job_id) do nothing`);
}

/** The employer skips a candidate: it stays in their list, unlockable while fresh, without reminders. */
export async function skipLead(tx: DbOrTx, employerContactId: number, leadId: number): Promise<void> {
  await tx.execute(sql`update leads set status = 'skipped' where id = ${leadId} and employer_contact_id = ${employerContactId} and status = 'offered'`);
}
