// Delivery statuses only move forward: a late "sent" never overwrites "read".
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { deliveryStatuses, outbox } from '../db/schema.js';
import type { StatusUpdate } from './inbound-event.js';

/** played (a voice note was listened to) is shown as read. */
const rankSql = sql`(case ${outbox.status} when 'sending' then 0 when 'sent' then 10 when 'failed' then 15 when 'delivered' then 20 when 'read' then 30 else 99 end)`;
const ranks = { sent: 10, failed: 15, delivered: 20, read: 30, played: 30 } as const;
const stored = { sent: 'sent', failed: 'failed', delivered: 'delivered', read: 'read', played: 'read' } as const;
/** A webhook status's rank, in SQL, from the same table as ranks. */
const statusRankSql = sql.raw(`(case status ${Object.entries(ranks).map(([status, rank]) => `when '${status}' then ${rank}`).join(' ')} end)`);
const storedSql = sql.raw(`(case f.status ${Object.entries(stored).map(([status, as]) => `when '${status}' then '${as}'`).join(' ')} end)`);

async function moveForward(tx: DbOrTx, wamid: string, status: StatusUpdate['status'], at: Date, errorCode: number | null): Promise<void> {
  await tx
    .update(outbox)
    .set({
      status: stored[status],
      statusAt: at,
      ...(errorCode === null ? {} : { errorCode }),
    })
    .where(sql`${outbox.wamid} = ${wamid} and ${rankSql} < ${ranks[status]}`);
}

/**
 * Serialises the two writers of one wamid (a status webhook and the sender recording the send), so
 * that a status arriving while the send's write is uncommitted is not missed by both.
 */
export async function lockWamid(tx: DbOrTx, wamid: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${wamid}))`);
}

/** Records a status (once per wamid and status) and moves the outbox row forward when it is known. */
export async function recordStatus(tx: DbOrTx, update: StatusUpdate): Promise<void> {
  await recordStatuses(tx, [update]);
}

/**
 * Many statuses in two statements (the group commit of webhook deliveries): every wamid's lock, taken in
 * one order so that concurrent batches cannot deadlock, then one statement that records each status once
 * and moves each known outbox row to the furthest status the batch holds for it. Inside a transaction.
 */
export async function recordStatuses(tx: DbOrTx, updates: readonly StatusUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const wamids = [...new Set(updates.map((u) => u.wamid))];
  await tx.execute(sql`select pg_advisory_xact_lock(h) from (select distinct hashtext(w) as h from unnest(${sql.param(wamids)}::text[]) as w order by 1) as keys`);
  const rows = updates.map((u) => ({ wamid: u.wamid, status: u.status, at: new Date(u.timestamp).toISOString(), code: u.errors[0]?.code ?? null }));
  await tx.execute(sql`
    with s as (
      select * from unnest(${sql.param(rows.map((r) => r.wamid))}::text[], ${sql.param(rows.map((r) => r.status))}::text[],
        ${sql.param(rows.map((r) => r.at))}::timestamptz[], ${sql.param(rows.map((r) => r.code))}::int[]) as s(wamid, status, at, code)
    ), recorded as (
      insert into ${deliveryStatuses} (wamid, status, at, error_code)
      select distinct on (wamid, status) wamid, status, at, code from s order by wamid, status, at
      on conflict do nothing
    ), furthest as (
      select distinct on (wamid) wamid, status, at, code, ${statusRankSql} as rank from s order by wamid, rank desc, at
    )
    update ${outbox} set
      status = ${storedSql},
      status_at = f.at,
      error_code = coalesce(f.code, ${outbox.errorCode})
    from furthest f
    where ${outbox.wamid} = f.wamid and ${rankSql} < f.rank`);
}

/** After a send records its wamid: statuses that came first (Meta can be faster than our own write) apply now. */
export async function applyEarlierStatuses(tx: DbOrTx, wamid: string): Promise<void> {
  const early = await tx.select().from(deliveryStatuses).where(sql`${deliveryStatuses.wamid} = ${wamid}`);
  for (const row of early) {
    if (row.status in ranks) await moveForward(tx, wamid, row.status as StatusUpdate['status'], row.at, row.errorCode);
  }
}
