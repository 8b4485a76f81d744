// The conversation processor: one contact at a time (a row lock in PostgreSQL), messages in WhatsApp
// timestamp order, state + inbox marks + outbox rows in one transaction (a crash leaves nothing half-done).
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import { contacts, conversations, inbox, outbox } from '../db/schema.js';
import { safeErrorMessage } from '../observability/safe-error.js';
import { processor, type JobQueue } from '../queue/job.js';
import { inboundMessageSchema } from '../whatsapp/inbound-event.js';
import { outboundMessageSchema, type OutboundMessage } from '../whatsapp/outbound-message.js';
import { sendJob } from '../whatsapp/send-job.js';
import { isReceipt } from '../whatsapp/send-outbox.js';
import { conversationJob } from './conversation-job.js';
import type { ConversationHandler, ConversationState } from './echo-handler.js';

const BATCH = 50;
const BUSY_RETRY_MS = 250;

export interface ConversationDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  handler: ConversationHandler;
  /** Messages per minute a contact may send before further ones are stored but not answered. */
  floodPerMinute: number;
}

type Turn =
  | { kind: 'busy' }
  /** head: the contact's outbox row to schedule, when this turn added replies or released held ones. */
  | { kind: 'done'; receiptIds: number[]; head: number | null; more: boolean };

interface TurnContext {
  /** Null when another worker holds the contact's conversation. */
  state: ConversationState | null;
  phoneNumberId: string;
  /** Messages the contact sent and we answered in the last minute (the flood count). */
  recent: number;
  /** The oldest open outbound message (not a receipt) that was already waiting before this turn. */
  head: number | null;
  /** How many held messages this turn released. */
  released: number;
  pending: { wamid: string; seq: number; message: unknown; wa_timestamp: string }[];
}

/**
 * Locks the contact's conversation (skipping it if another worker holds it) and reads all a turn needs
 * in the same statement: the state, the unprocessed messages in order, the contact's number, the flood
 * count and the waiting head of the outbox. Messages held outside the 24-hour window are released (the
 * contact wrote again, so the window is open). Undefined when the conversation row does not exist yet.
 */
async function lockAndRead(tx: Tx, contactId: number, now: Date): Promise<TurnContext | undefined> {
  const result = await tx.execute(sql`
    with locked as (
      select state from ${conversations} where ${conversations.contactId} = ${contactId} for update skip locked
    ), released as (
      update ${outbox} set status = 'pending', held_reason = null
      where ${outbox.contactId} = ${contactId} and ${outbox.status} = 'held' and exists (select 1 from locked)
      returning ${outbox.id} as id, ${isReceipt(outbox.message)} as receipt
    )
    select
      (select state from locked) as state,
      c.phone_number_id as "phoneNumberId",
      (select count(*) from released)::int as released,
      (select count(*) from ${inbox} i where i.contact_id = ${contactId} and i.outcome = 'handled'
        and i.wa_timestamp > ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz)::int as recent,
      least(
        (select min(o.id) from ${outbox} o where o.contact_id = ${contactId} and o.status = 'pending' and not ${isReceipt(sql`o.message`)}),
        (select min(id) from released where not receipt)
      ) as head,
      coalesce((select json_agg(p order by p.wa_timestamp, p.seq) from (
        select i.wamid, i.seq, i.message, i.wa_timestamp from ${inbox} i
        where i.contact_id = ${contactId} and i.processed_at is null and exists (select 1 from locked)
        order by i.wa_timestamp, i.seq limit ${BATCH}) p), '[]'::json) as pending,
      exists (select 1 from ${conversations} where ${conversations.contactId} = ${contactId}) as "hasRow"
    from ${contacts} c where c.id = ${contactId}`);
  const [row] = (result as unknown as { rows: (Omit<TurnContext, 'head'> & { head: string | number | null; hasRow: boolean })[] }).rows;
  if (row === undefined) throw new Error(`contact ${contactId} is gone`);
  if (!row.hasRow) return undefined;
  return { ...row, head: row.head === null ? null : Number(row.head) };
}

async function takeTurn(deps: ConversationDeps, contactId: number): Promise<Turn> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let context = await lockAndRead(tx, contactId, now);
    if (context === undefined) {
      // The contact's first turn: our new row is ours alone until we commit.
      await tx.insert(conversations).values({ contactId }).onConflictDoNothing();
      context = await lockAndRead(tx, contactId, now);
    }
    // Another worker holds this contact: it will see our rows, or we come back in a moment.
    if (context === undefined || context.state === null) return { kind: 'busy' };
    if (context.pending.length === 0) return { kind: 'done', receiptIds: [], head: context.released > 0 ? context.head : null, more: false };

    let state = context.state;
    let handledLastMinute = context.recent;
    const marks: { wamid: string; outcome: 'handled' | 'throttled' | 'failed'; error: string | null }[] = [];
    const outgoing: { message: OutboundMessage; caused_by: string; ord: number }[] = [];
    for (const row of context.pending) {
      let outcome: 'handled' | 'throttled' | 'failed' = 'handled';
      let error: string | null = null;
      const message = inboundMessageSchema.safeParse(row.message);
      if (!message.success) {
        outcome = 'failed';
        error = `stored message does not parse: ${message.error.message}`;
      } else if (handledLastMinute >= deps.floodPerMinute && new Date(row.wa_timestamp).getTime() > now.getTime() - 60_000) {
        outcome = 'throttled';
      } else {
        try {
          const result = deps.handler(state, message.data);
          const replies = result.replies.map((reply) => outboundMessageSchema.parse(reply));
          state = result.state;
          if (message.data.content.type !== 'system') {
            outgoing.push({ message: { type: 'read_receipt', wamid: row.wamid }, caused_by: row.wamid, ord: outgoing.length });
          }
          for (const reply of replies) outgoing.push({ message: reply, caused_by: row.wamid, ord: outgoing.length });
          handledLastMinute += 1;
        } catch (cause) {
          // A handler bug must not wedge the contact's conversation: record it and go on.
          outcome = 'failed';
          error = safeErrorMessage(cause);
          deps.log.error({ err: cause, contactId, seq: row.seq }, 'conversation handler failed on a message');
        }
      }
      if (outcome === 'throttled') deps.log.warn({ contactId }, 'contact is flooding; message stored, not answered');
      marks.push({ wamid: row.wamid, outcome, error });
    }

    // Everything the turn changes, in one statement: the inbox marks, the new state, the outbox rows (in
    // order: their ids are the sending order). Rows to join come as arrays: unnest tells the planner how
    // many there are, where a JSON record set is guessed at 100 (and can turn an index lookup into a scan).
    const written = await tx.execute(sql`
      with marked as (
        update ${inbox} set processed_at = ${now.toISOString()}::timestamptz, outcome = v.outcome, error = v.error
        from unnest(${sql.param(marks.map((m) => m.wamid))}::text[], ${sql.param(marks.map((m) => m.outcome))}::text[],
          ${sql.param(marks.map((m) => m.error))}::text[]) as v(wamid, outcome, error)
        where ${inbox.wamid} = v.wamid
        returning 1
      ), saved as (
        update ${conversations} set state = ${JSON.stringify(state)}::jsonb, updated_at = ${now.toISOString()}::timestamptz
        where ${conversations.contactId} = ${contactId}
        returning 1
      )
      insert into ${outbox} (phone_number_id, contact_id, message, caused_by)
      select ${context.phoneNumberId}, ${contactId}, o.message, o.caused_by
      from jsonb_to_recordset(${JSON.stringify(outgoing)}::jsonb) as o(message jsonb, caused_by text, ord int)
      order by o.ord
      returning ${outbox.id} as id, ${isReceipt(outbox.message)} as receipt`);
    const inserted = (written as unknown as { rows: { id: string | number; receipt: boolean }[] }).rows.map((r) => ({ id: Number(r.id), receipt: r.receipt }));
    const firstReply = inserted.find((r) => !r.receipt)?.id ?? null;
    return {
      kind: 'done',
      receiptIds: inserted.filter((r) => r.receipt).map((r) => r.id),
      head: firstReply === null && context.released === 0 ? null : (context.head ?? firstReply),
      more: context.pending.length === BATCH,
    };
  });
}

export function conversationProcessor(deps: ConversationDeps) {
  return processor(conversationJob, async ({ contactId }) => {
    const turn = await takeTurn(deps, contactId);
    if (turn.kind === 'busy') {
      await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `conv-${contactId}-busy-${Date.now()}`, delayMs: BUSY_RETRY_MS });
      return;
    }
    // The outbox rows are committed; a failure to schedule them is mended by the sweeper. The contact's
    // oldest open row goes first (it may be an older one released from the 24-hour hold).
    // Only the head is scheduled: each settled row schedules the next, which is the order they must go in.
    try {
      await Promise.all([
        ...turn.receiptIds.map((id) => deps.queue.enqueue(sendJob, { outboxId: id, receipt: true }, { jobId: `out-${id}` })),
        ...(turn.head === null ? [] : [deps.queue.enqueue(sendJob, { outboxId: turn.head }, { jobId: `out-${turn.head}-after-0` })]),
      ]);
    } catch (error) {
      deps.log.warn({ err: error, contactId }, 'could not schedule sends; the sweeper will');
    }
    if (turn.more) await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `conv-${contactId}-more-${Date.now()}` });
  });
}
