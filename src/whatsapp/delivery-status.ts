// Delivery statuses only move forward: a late "sent" never overwrites "read".
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { deliveryStatuses, outbox } from '../db/schema.js';
import type { StatusUpdate } from './inbound-event.js';

/** played (a voice note was listened to) is shown as read. */
const rankSql = sql`(case ${outbox.status} when 'sending' then 0 when 'sent' then 10 when 'failed' then 15 when 'delivered' then 20 when 'read' then 30 else 99 end)`;
const ranks = { sent: 10, failed: 15, delivered: 20, read: 30, played: 30 } as const;
const stored = { sent: 'sent', failed: 'failed', delivered: 'delivered', read: 'read', played: 'read' } as const;

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
  await lockWamid(tx, update.wamid);
  const errorCode = update.errors[0]?.code ?? null;
  const at = new Date(update.timestamp);
  await tx.insert(deliveryStatuses).values({ wamid: update.wamid, status: update.status, at, errorCode }).onConflictDoNothing();
  await moveForward(tx, update.wamid, update.status, at, errorCode);
}

/** After a send records its wamid: statuses that came first (Meta can be faster than our own write) apply now. */
export async function applyEarlierStatuses(tx: DbOrTx, wamid: string): Promise<void> {
  const early = await tx.select().from(deliveryStatuses).where(sql`${deliveryStatuses.wamid} = ${wamid}`);
  for (const row of early) {
    if (row.status in ranks) await moveForward(tx, wamid, row.status as StatusUpdate['status'], row.at, row.errorCode);
  }
}
