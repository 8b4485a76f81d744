// The marketplace's clock, run by every worker process: what happens because time passed.
//   - Unanswered offers past their deadline expire; a job whose offers are all answered or expired, with too
//     few yes (fewer than twice its headcount), gets its next round (at most one round every ROUND_GAP).
//   - A job whose shift has started expires (its employer and the workers who said yes are told).
//   - A job open for JOB_STILL_OPEN_AFTER_DAYS asks its employer "still open?"; no answer within
//     JOB_STILL_OPEN_REPLY_HOURS closes it.
//   - An hour after a shift ends, each side of every unlocked lead is asked to rate the other (not for a
//     cancelled job: that shift did not happen).
// Each step takes its rows with FOR UPDATE SKIP LOCKED in a transaction of its own, so several workers' clocks
// share the work without doing any of it twice; the messages go out after each commit.
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { render } from '../../templates/index.js';
import type { Clock } from '../clock.js';
import type { MarketplaceConfig } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { every } from '../every.js';
import type { JobQueue } from '../queue/job.js';
import { jobDate, ratingPrompt, stillOpenQuestion } from './cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from './job-card-sql.js';
import { closeJob } from './jobs/close-job.js';
import { LAST_ANSWER_BEFORE_START_MS, sendOfferRound } from './offers/send-offer-round.js';
import { recipientsOf, scheduleSends, writeOutbound } from './outbound.js';

export interface ClockDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  market: MarketplaceConfig;
}

/** How many rows one step takes per tick. */
const BATCH = 200;
/** A job gets a new round at most this often (matching asked again for one nobody fits). */
export const ROUND_GAP_MS = 30 * 60_000;
/** Rating questions go out this long after the shift ends. */
export const RATE_AFTER_END_MS = 60 * 60_000;
/** Interest the next round aims at: twice the headcount, so the employer has a choice. */
export const INTEREST_PER_PLACE = 2;

export interface TickResult {
  offersExpired: number;
  rounds: number;
  jobsExpired: number;
  stillOpenAsked: number;
  closedForNoReply: number;
  ratingsAsked: number;
}

type Step = (tx: Tx, now: Date) => Promise<{ count: number; outbox: number[] }>;

export async function tickMarketplace(deps: ClockDeps): Promise<TickResult> {
  const now = deps.clock.now();
  const run = async (step: Step) => {
    const { count, outbox } = await deps.db.transaction((tx) => step(tx, now));
    await scheduleSends(deps.queue, outbox, deps.log);
    return count;
  };
  const { market } = deps;
  const result: TickResult = {
    offersExpired: await run(expireOffers),
    rounds: await run((tx, at) => nextRounds(tx, market, at)),
    jobsExpired: await run((tx, at) => closeJobs(tx, market, at, sql`j.starts_at <= ${at.toISOString()}::timestamptz`, 'started')),
    closedForNoReply: await run((tx, at) =>
      closeJobs(tx, market, at, sql`j.still_open_asked_at <= ${new Date(at.getTime() - market.stillOpenReplyHours * 3_600_000).toISOString()}::timestamptz`, 'no_reply'),
    ),
    stillOpenAsked: await run((tx, at) => askStillOpen(tx, market, at)),
    ratingsAsked: await run((tx, at) => askRatings(tx, market, at)),
  };
  if (Object.values(result).some((n) => n > 0)) deps.log.info(result, 'marketplace clock');
  return result;
}

async function expireOffers(tx: Tx, now: Date) {
  const expired = (await tx.execute(sql`
    update offers set status = 'expired' where id in (
      select id from offers where status = 'sent' and expires_at <= ${now.toISOString()}::timestamptz
      order by expires_at limit ${BATCH} for update skip locked)
    returning id`)) as unknown as { rows: unknown[] };
  return { count: expired.rows.length, outbox: [] };
}

async function nextRounds(tx: Tx, market: MarketplaceConfig, now: Date) {
  const at = now.toISOString();
  const due = (await tx.execute(sql`
    select j.id from jobs j
    where j.status = 'open' and j.starts_at > ${new Date(now.getTime() + LAST_ANSWER_BEFORE_START_MS).toISOString()}::timestamptz
      and (j.matched_at is null or j.matched_at <= ${new Date(now.getTime() - ROUND_GAP_MS).toISOString()}::timestamptz)
      and not exists (select 1 from offers o where o.job_id = j.id and o.status = 'sent')
      and (select count(*) from leads l where l.job_id = j.id and l.status in ('offered', 'skipped', 'unlocked')
        and (l.status = 'unlocked' or l.interested_at > ${at}::timestamptz - make_interval(hours => ${market.leadFreshHours}))) < j.headcount * ${INTEREST_PER_PLACE}
    order by j.starts_at limit ${BATCH} for update of j skip locked`)) as unknown as { rows: { id: string | number }[] };
  const outbox: number[] = [];
  for (const { id } of due.rows) outbox.push(...(await sendOfferRound(tx, market, Number(id), now)));
  return { count: due.rows.length, outbox };
}

async function closeJobs(tx: Tx, market: MarketplaceConfig, now: Date, when: ReturnType<typeof sql>, reason: 'started' | 'no_reply') {
  const due = (await tx.execute(sql`select j.id from jobs j where j.status = 'open' and ${when}
    order by j.id limit ${BATCH} for update of j skip locked`)) as unknown as { rows: { id: string | number }[] };
  const outbox: number[] = [];
  for (const { id } of due.rows) outbox.push(...(await closeJob(tx, market, Number(id), reason, now)));
  return { count: due.rows.length, outbox };
}

async function askStillOpen(tx: Tx, market: MarketplaceConfig, now: Date) {
  const since = new Date(now.getTime() - market.stillOpenAfterDays * 86_400_000).toISOString();
  const due = (await tx.execute(sql`
    select ${jobObjectSql} as job from jobs j left join employers e on e.contact_id = j.employer_contact_id
    where j.status = 'open' and j.still_open_asked_at is null and coalesce(j.still_open_confirmed_at, j.created_at) <= ${since}::timestamptz
    order by j.id limit ${BATCH} for update of j skip locked`)) as unknown as { rows: { job: JobRow }[] };
  const jobs = due.rows.map((r) => jobCardOf(r.job));
  const people = await recipientsOf(tx, jobs.map((j) => j.employerContactId), market.defaultTimeZone);
  const outbox: number[] = [];
  for (const job of jobs) {
    await tx.execute(sql`update jobs set still_open_asked_at = ${now.toISOString()}::timestamptz where id = ${job.id}`);
    const to = people.get(job.employerContactId);
    // Asked even of an employer who opted out of our messages: silence would close their job.
    const id = to && (await writeOutbound(tx, { ...to, optedOut: false }, stillOpenQuestion(to.locale, job, market.stillOpenAfterDays, market.stillOpenReplyHours), `job-${job.id}-still-open`));
    if (id) outbox.push(id);
  }
  return { count: jobs.length, outbox };
}

async function askRatings(tx: Tx, market: MarketplaceConfig, now: Date) {
  const ended = new Date(now.getTime() - RATE_AFTER_END_MS).toISOString();
  const due = (await tx.execute(sql`
    select l.id, l.worker_contact_id as "workerContactId", w.name as "workerName", ${jobObjectSql} as job
    from leads l join jobs j on j.id = l.job_id left join employers e on e.contact_id = j.employer_contact_id
      left join workers w on w.contact_id = l.worker_contact_id
    where l.status = 'unlocked' and l.rating_asked_at is null and j.status <> 'cancelled' and j.ends_at <= ${ended}::timestamptz
      and j.ends_at > ${ended}::timestamptz - interval '14 days'
    order by l.id limit ${BATCH} for update of l skip locked`)) as unknown as {
    rows: { id: string | number; workerContactId: string | number; workerName: string | null; job: JobRow }[];
  };
  const rows = due.rows.map((r) => ({ leadId: Number(r.id), workerId: Number(r.workerContactId), workerName: r.workerName, job: jobCardOf(r.job) }));
  const people = await recipientsOf(tx, rows.flatMap((r) => [r.workerId, r.job.employerContactId]), market.defaultTimeZone);
  const outbox: number[] = [];
  for (const { leadId, workerId, workerName, job } of rows) {
    await tx.execute(sql`update leads set rating_asked_at = ${now.toISOString()}::timestamptz where id = ${leadId}`);
    const employer = people.get(job.employerContactId);
    if (employer) {
      const body = render(employer.locale, 'rate.ask_worker', { name: workerName ?? '?', title: job.title, date: jobDate(job, employer.locale) });
      const id = await writeOutbound(tx, employer, ratingPrompt(employer.locale, 'of_worker', leadId, body, job), `lead-${leadId}-rate`);
      if (id) outbox.push(id);
    }
    const worker = people.get(workerId);
    if (worker) {
      const body = render(worker.locale, 'rate.ask_employer', { businessName: job.businessName, title: job.title, date: jobDate(job, worker.locale) });
      const id = await writeOutbound(tx, worker, ratingPrompt(worker.locale, 'of_employer', leadId, body, job), `lead-${leadId}-rate`);
      if (id) outbox.push(id);
    }
  }
  return { count: rows.length, outbox };
}

/** Ticks every intervalMs until stop() (which waits for a tick in progress); a failed tick is retried next time. */
export function startMarketplaceClock(deps: ClockDeps, intervalMs = 30_000): () => Promise<void> {
  return every(intervalMs, () => tickMarketplace(deps), (error) => deps.log.warn({ err: error }, 'marketplace clock failed; next interval retries'));
}
