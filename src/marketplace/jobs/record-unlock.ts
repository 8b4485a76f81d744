// An employer unlocked a lead (its payment completed: the payments flow calls this in its transaction). The lead
// must still be for sale: offered or skipped, its interest fresh and its job open. When the job's unlocked leads
// reach its headcount the job is filled, and everyone else who said yes is told.
import { sql } from 'drizzle-orm';
import type { MarketplaceConfig } from '../../config.js';
import type { DbOrTx } from '../../db/database.js';
import { closeJob } from './close-job.js';

export type UnlockOutcome = { kind: 'unlocked'; jobId: number; filled: boolean; outboxIds: number[] } | { kind: 'not_for_sale' };

export async function recordUnlock(tx: DbOrTx, market: MarketplaceConfig, leadId: number, now: Date): Promise<UnlockOutcome> {
  const at = now.toISOString();
  // The job's row first: concurrent unlocks of one job count its unlocked leads one after the other.
  const jobs = (await tx.execute(sql`select j.id, j.headcount from jobs j where j.id = (select job_id from leads where id = ${leadId})
    and j.status = 'open' for update`)) as unknown as { rows: { id: string | number; headcount: number }[] };
  const job = jobs.rows[0];
  if (job === undefined) return { kind: 'not_for_sale' };
  const unlocked = (await tx.execute(sql`
    update leads set status = 'unlocked', unlocked_at = ${at}::timestamptz
    where id = ${leadId} and status in ('offered', 'skipped') and interested_at > ${at}::timestamptz - make_interval(hours => ${market.leadFreshHours})
    returning id`)) as unknown as { rows: unknown[] };
  if (unlocked.rows.length === 0) return { kind: 'not_for_sale' };
  const jobId = Number(job.id);
  const counted = (await tx.execute(sql`select count(*)::int as n from leads where job_id = ${jobId} and status = 'unlocked'`)) as unknown as { rows: { n: number }[] };
  const filled = (counted.rows[0]?.n ?? 0) >= job.headcount;
  const outboxIds = filled ? await closeJob(tx, market, jobId, 'filled', now) : [];
  return { kind: 'unlocked', jobId, filled, outboxIds };
}
