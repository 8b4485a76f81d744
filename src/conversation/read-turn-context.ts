// The first statement of a batch of turns: each contact's conversation locked (skipping those another worker
// holds), and everything its turn needs read at once: state, pending messages in order, number, flood count,
// profiles, posting caps and the head of its outbox.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { contacts, conversations, inbox, outbox } from '../db/schema.js';
import { isReceipt } from '../whatsapp/send-outbox.js';
import type { EmployerRow, WorkerRow } from './profiles.js';

/** Messages of one contact handled per turn; a contact with more gets another job. */
export const MESSAGES_PER_TURN = 50;

export interface TurnContext {
  contactId: number;
  /** Null when another worker holds the contact's conversation. */
  state: unknown;
  phoneNumberId: string;
  /** Messages the contact sent and we answered in the last minute (the flood count). */
  recent: number;
  /** The oldest open outbound message (not a receipt) that was already waiting before this turn. */
  head: number | null;
  /** How many held messages this turn released. */
  released: number;
  pending: { wamid: string; seq: number; message: unknown; wa_timestamp: string }[];
  /** False before the contact's first turn: no conversation row yet. */
  hasRow: boolean;
  waId: string | null;
  moderation: 'active' | 'restricted' | 'suspended';
  moderationReason: string | null;
  worker: WorkerRow | null;
  employer: EmployerRow | null;
  openJobs: number;
  jobsToday: number;
}

type ContextRow = Omit<TurnContext, 'contactId' | 'head'> & { contactId: string | number; head: string | number | null };

/**
 * Locks the contacts' conversations (skipping those another worker holds) and reads all their turns
 * need in one statement: the state, the unprocessed messages in order, the number, the flood count and
 * the waiting head of the outbox. Messages held outside the 24-hour window are released (the contact
 * wrote again, so the window is open). Ids come as an array, sorted: the locks are taken in id order.
 */
export async function lockAndRead(tx: Tx, contactIds: number[], now: Date): Promise<TurnContext[]> {
  const ids = sql.param([...contactIds].sort((a, b) => a - b));
  const result = await tx.execute(sql`
    with locked as (
      select ${conversations.contactId} as contact_id, ${conversations.state} as state from ${conversations}
      where ${conversations.contactId} = any(${ids}::bigint[]) order by ${conversations.contactId} for update skip locked
    ), released as (
      update ${outbox} set status = 'pending', held_reason = null
      where ${outbox.status} = 'held' and ${outbox.contactId} in (select contact_id from locked)
      returning ${outbox.id} as id, ${outbox.contactId} as contact_id, ${isReceipt(outbox.message)} as receipt
    )
    select
      c.id as "contactId",
      l.state,
      c.phone_number_id as "phoneNumberId",
      (select count(*) from released r where r.contact_id = c.id)::int as released,
      (select count(*) from ${inbox} i where i.contact_id = c.id and i.outcome = 'handled'
        and i.wa_timestamp > ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz)::int as recent,
      least(
        (select min(o.id) from ${outbox} o where o.contact_id = c.id and o.status = 'pending' and not ${isReceipt(sql`o.message`)}),
        (select min(r.id) from released r where r.contact_id = c.id and not r.receipt)
      ) as head,
      coalesce((select json_agg(p order by p.wa_timestamp, p.seq) from (
        select i.wamid, i.seq, i.message, i.wa_timestamp from ${inbox} i
        where i.contact_id = c.id and i.processed_at is null and l.contact_id is not null
        order by i.wa_timestamp, i.seq limit ${MESSAGES_PER_TURN}) p), '[]'::json) as pending,
      exists (select 1 from ${conversations} v where v.contact_id = c.id) as "hasRow",
      c.wa_id as "waId", c.moderation, c.moderation_reason as "moderationReason",
      (select to_jsonb(w) from workers w where w.contact_id = c.id and l.contact_id is not null) as worker,
      (select to_jsonb(e) from employers e where e.contact_id = c.id and l.contact_id is not null) as employer,
      (select count(*) from jobs j where j.employer_contact_id = c.id and j.status = 'open' and l.contact_id is not null)::int as "openJobs",
      (select count(*) from jobs j where j.employer_contact_id = c.id and l.contact_id is not null
        and j.created_at > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz)::int as "jobsToday"
    from ${contacts} c left join locked l on l.contact_id = c.id
    where c.id = any(${ids}::bigint[])`);
  return (result as unknown as { rows: ContextRow[] }).rows.map((row) => ({
    ...row,
    contactId: Number(row.contactId),
    head: row.head === null ? null : Number(row.head),
  }));
}
