// After a shift, each side rates the other once per lead. An employer's stars feed the worker's reliability in
// matching (rank-candidates.ts); a no-show has consequences, in the spirit of shift apps:
//   - the first no-show in 90 days pauses the worker's offers for NO_SHOW_PAUSE_DAYS (7) days;
//   - a second one within 90 days restricts the account until an admin reviews it.
// Each is told to the worker with the reason, and can be appealed with "report".
import { sql } from 'drizzle-orm';
import { render } from '../../../templates/index.js';
import type { MarketplaceConfig } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import { formatInstant, jobDate, notice } from '../cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from '../job-card-sql.js';
import { syncWorkerReach } from '../matching/sync-worker-reach.js';
import { recipientsOf, writeOutbound } from '../outbound.js';

export const NO_SHOW_WINDOW_DAYS = 90;
export const NO_SHOW_PAUSE_DAYS = 7;

export interface Rating {
  leadId: number;
  direction: 'of_worker' | 'of_employer';
  raterContactId: number;
  stars: number | null;
  noShow: boolean;
}

/** Records a rating of an unlocked lead by its side (never of a cancelled job); a second one of the same lead and side changes nothing. */
export async function recordRating(tx: DbOrTx, market: MarketplaceConfig, rating: Rating, now: Date): Promise<number[]> {
  const rater = rating.direction === 'of_worker' ? sql`l.employer_contact_id` : sql`l.worker_contact_id`;
  const ratee = rating.direction === 'of_worker' ? sql`l.worker_contact_id` : sql`l.employer_contact_id`;
  const inserted = (await tx.execute(sql`
    insert into ratings (lead_id, direction, rater_contact_id, ratee_contact_id, stars, no_show, created_at)
    select l.id, ${rating.direction}, ${rater}, ${ratee}, ${rating.stars}, ${rating.noShow}, ${now.toISOString()}::timestamptz
    from leads l join jobs j on j.id = l.job_id
    where l.id = ${rating.leadId} and l.status = 'unlocked' and j.status <> 'cancelled' and ${rater} = ${rating.raterContactId}
    on conflict (lead_id, direction) do nothing
    returning ratee_contact_id as "rateeContactId"`)) as unknown as { rows: { rateeContactId: string | number }[] };
  const row = inserted.rows[0];
  if (row === undefined || rating.direction === 'of_employer') return [];
  const workerId = Number(row.rateeContactId);
  if (!rating.noShow) {
    await tx.execute(sql`update workers set rating_count = rating_count + 1, rating_sum = rating_sum + ${rating.stars}, jobs_done = jobs_done + 1
      where contact_id = ${workerId}`);
    await syncWorkerReach(tx, workerId);
    return [];
  }
  return applyNoShow(tx, market, workerId, rating.leadId, now);
}

async function applyNoShow(tx: DbOrTx, market: MarketplaceConfig, workerId: number, leadId: number, now: Date): Promise<number[]> {
  const counted = (await tx.execute(sql`
    select count(*)::int as n from ratings where ratee_contact_id = ${workerId} and no_show
      and created_at > ${now.toISOString()}::timestamptz - make_interval(days => ${NO_SHOW_WINDOW_DAYS})`)) as unknown as { rows: { n: number }[] };
  const repeated = (counted.rows[0]?.n ?? 0) >= 2;
  const worker = (await recipientsOf(tx, [workerId], market.defaultTimeZone)).get(workerId);
  const until = new Date(now.getTime() + NO_SHOW_PAUSE_DAYS * 86_400_000);
  if (repeated) {
    const reason = render(worker?.locale ?? 'en', 'reason.no_show_review');
    await tx.execute(sql`update contacts set moderation = 'restricted', moderation_reason = ${reason} where id = ${workerId} and moderation = 'active'`);
  } else {
    await tx.execute(sql`update workers set offers_paused_until = ${until.toISOString()}::timestamptz where contact_id = ${workerId}`);
  }
  await syncWorkerReach(tx, workerId);
  if (!worker) return [];

  const found = (await tx.execute(sql`select ${jobObjectSql} as job from leads l join jobs j on j.id = l.job_id
    left join employers e on e.contact_id = j.employer_contact_id where l.id = ${leadId}`)) as unknown as { rows: { job: JobRow }[] };
  const job = jobCardOf(found.rows[0]!.job);
  const date = jobDate(job, worker.locale);
  const params = { businessName: job.businessName, title: job.title, date, until: formatInstant(until, worker.timeZone, worker.locale) };
  // Told even to a worker who opted out of our messages: it is about their account, not an offer.
  const id = await writeOutbound(
    tx,
    { ...worker, optedOut: false },
    notice(worker.locale, repeated ? 'notice.no_show_review' : 'notice.no_show_paused', params, { id: 'account_notice', params: [job.title, date] }),
    `no-show-${leadId}`,
  );
  return id === null ? [] : [id];
}
