// A job stops being open: cancelled by its employer (or for no answer to "still open?"), expired when its shift
// starts, or filled when its headcount is unlocked. Its waiting offers and unsold leads close with it, and the
// people who should know are told: workers who said yes (and, for a cancellation, those already unlocked), and
// the employer when it was not their own doing.
import { sql } from 'drizzle-orm';
import { render } from '../../../templates/index.js';
import type { MarketplaceConfig } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import { jobDate, notice } from '../cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from '../job-card-sql.js';
import { recipientsOf, writeOutbound } from '../outbound.js';

export type CloseReason = 'employer' | 'no_reply' | 'started' | 'filled' | 'erased';

const statusFor: Record<CloseReason, 'cancelled' | 'expired' | 'filled'> = {
  employer: 'cancelled',
  no_reply: 'cancelled',
  erased: 'cancelled',
  started: 'expired',
  filled: 'filled',
};

interface Closed {
  job: JobRow;
  interested: number;
  unlocked: number;
}

/** Closes the job if it is open (by `employerContactId`, when given: only their own); returns the outbox rows written. */
export async function closeJob(
  tx: DbOrTx,
  market: MarketplaceConfig,
  jobId: number,
  reason: CloseReason,
  now: Date,
  employerContactId?: number,
): Promise<number[]> {
  const closed = (await tx.execute(sql`
    with j as (
      update jobs set status = ${statusFor[reason]}, closed_reason = ${reason}, closed_at = ${now.toISOString()}::timestamptz
      where id = ${jobId} and status = 'open' ${employerContactId === undefined ? sql`` : sql`and employer_contact_id = ${employerContactId}`}
      returning *
    )
    select ${jobObjectSql} as job,
      (select count(*) from leads l where l.job_id = j.id and l.status <> 'withdrawn')::int as interested,
      (select count(*) from leads l where l.job_id = j.id and l.status = 'unlocked')::int as unlocked
    from j left join employers e on e.contact_id = j.employer_contact_id`)) as unknown as { rows: Closed[] };
  const row = closed.rows[0];
  if (row === undefined) return [];

  await tx.execute(sql`update offers set status = 'closed' where job_id = ${jobId} and status = 'sent'`);
  // Workers to tell: everyone who said yes and was not unlocked; on a cancellation, the unlocked ones too.
  const told = (await tx.execute(sql`
    update leads set status = case when status = 'unlocked' then status else 'closed' end
    where job_id = ${jobId} and status in ('offered', 'skipped', 'unlocked')
    returning worker_contact_id as "workerContactId", status`)) as unknown as { rows: { workerContactId: string | number; status: string }[] };
  const cancelled = statusFor[reason] === 'cancelled';
  const workers = told.rows.filter((r) => cancelled || r.status !== 'unlocked').map((r) => Number(r.workerContactId));

  const job = jobCardOf(row.job);
  const people = await recipientsOf(tx, [...workers, job.employerContactId], market.defaultTimeZone);
  const written: (number | null)[] = [];
  for (const workerId of workers) {
    const to = people.get(workerId);
    if (!to) continue;
    const date = jobDate(job, to.locale);
    const params = { businessName: job.businessName, title: job.title, date };
    const message = cancelled
      ? notice(to.locale, 'notice.job_cancelled', params, { id: 'job_cancelled', params: [job.businessName, job.title, date] })
      : notice(to.locale, reason === 'filled' ? 'notice.job_filled_worker' : 'notice.job_closed_worker', params, { id: 'job_closed', params: [job.title, date] });
    written.push(await writeOutbound(tx, to, message, `job-${jobId}-closed`));
  }
  const employer = people.get(job.employerContactId);
  if (employer && (reason === 'started' || reason === 'filled' || reason === 'no_reply')) {
    const date = jobDate(job, employer.locale);
    const key = reason === 'started' ? 'notice.job_expired' : reason === 'filled' ? 'notice.job_filled' : 'notice.closed_no_reply';
    const status = { started: 'job.status_expired', filled: 'job.status_filled', no_reply: 'job.status_cancelled' } as const;
    const message = notice(employer.locale, key, { title: job.title, date, interested: row.interested, unlocked: row.unlocked, headcount: job.headcount }, {
      id: 'job_update',
      params: [job.title, date, render(employer.locale, status[reason]).toLowerCase()],
    });
    written.push(await writeOutbound(tx, employer, message, `job-${jobId}-closed`));
  }
  return written.filter((id): id is number => id !== null);
}
