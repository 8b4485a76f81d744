// The conversation processor: one contact at a time (a row lock in PostgreSQL), messages in WhatsApp
// timestamp order, state + inbox marks + outbox rows in one transaction (a crash leaves nothing half-done).
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { contacts, conversations, inbox, outbox } from '../db/schema.js';
import { safeErrorMessage } from '../observability/safe-error.js';
import { processor, type JobQueue } from '../queue/job.js';
import { inboundMessageSchema } from '../whatsapp/inbound-event.js';
import { outboundMessageSchema, type OutboundMessage } from '../whatsapp/outbound-message.js';
import { sendJob } from '../whatsapp/send-job.js';
import { scheduleNext } from '../whatsapp/send-outbox.js';
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

type Turn = { kind: 'busy' } | { kind: 'done'; receiptIds: number[]; outboxIds: number[]; released: number; more: boolean };

async function takeTurn(deps: ConversationDeps, contactId: number): Promise<Turn> {
  return deps.db.transaction(async (tx) => {
    await tx.insert(conversations).values({ contactId }).onConflictDoNothing();
    // Another worker holds this contact: it will see our rows, or we come back in a moment.
    const locked = await tx.execute(
      sql`select state from ${conversations} where ${conversations.contactId} = ${contactId} for update skip locked`,
    );
    const [lockedRow] = (locked as unknown as { rows: { state: ConversationState }[] }).rows;
    if (lockedRow === undefined) return { kind: 'busy' };

    const pending = await tx
      .select()
      .from(inbox)
      .where(and(eq(inbox.contactId, contactId), isNull(inbox.processedAt)))
      .orderBy(asc(inbox.waTimestamp), asc(inbox.seq))
      .limit(BATCH);
    if (pending.length === 0) return { kind: 'done', receiptIds: [], outboxIds: [], released: 0, more: false };
    const now = deps.clock.now();
    // One round trip for the turn's context: the contact's number, the messages held outside the
    // 24-hour window released (the contact wrote again, so the window is open), and the flood count.
    const contextRows = await tx.execute(sql`
      with released as (
        update ${outbox} set status = 'pending', held_reason = null
        where ${outbox.contactId} = ${contactId} and ${outbox.status} = 'held' returning 1)
      select c.phone_number_id as "phoneNumberId",
        (select count(*) from released)::int as released,
        (select count(*) from ${inbox} i where i.contact_id = ${contactId} and i.outcome = 'handled'
          and i.wa_timestamp > ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz)::int as recent
      from ${contacts} c where c.id = ${contactId}`);
    const [turnContext] = (contextRows as unknown as { rows: { phoneNumberId: string; released: number; recent: number }[] }).rows;
    if (turnContext === undefined) throw new Error(`contact ${contactId} is gone`);
    const contact = { phoneNumberId: turnContext.phoneNumberId };
    const released = Number(turnContext.released);
    let handledLastMinute = Number(turnContext.recent);
    const marks: SQL[] = [];

    let state = lockedRow.state;
    const outgoing: { message: OutboundMessage; causedBy: string }[] = [];
    for (const row of pending) {
      let outcome: 'handled' | 'throttled' | 'failed' = 'handled';
      let error: string | null = null;
      const message = inboundMessageSchema.safeParse(row.message);
      if (!message.success) {
        outcome = 'failed';
        error = `stored message does not parse: ${message.error.message}`;
      } else if (handledLastMinute >= deps.floodPerMinute && row.waTimestamp.getTime() > now.getTime() - 60_000) {
        outcome = 'throttled';
      } else {
        try {
          const result = deps.handler(state, message.data);
          const replies = result.replies.map((reply) => outboundMessageSchema.parse(reply));
          state = result.state;
          if (message.data.content.type !== 'system') outgoing.push({ message: { type: 'read_receipt', wamid: row.wamid }, causedBy: row.wamid });
          for (const reply of replies) outgoing.push({ message: reply, causedBy: row.wamid });
          handledLastMinute += 1;
        } catch (cause) {
          // A handler bug must not wedge the contact's conversation: record it and go on.
          outcome = 'failed';
          error = safeErrorMessage(cause);
          deps.log.error({ err: cause, contactId, seq: row.seq }, 'conversation handler failed on a message');
        }
      }
      if (outcome === 'throttled') deps.log.warn({ contactId }, 'contact is flooding; message stored, not answered');
      marks.push(sql`(${row.wamid}::text, ${outcome}::text, ${error}::text)`);
    }
    await tx.execute(sql`
      update ${inbox} set processed_at = ${now.toISOString()}::timestamptz, outcome = v.outcome, error = v.error
      from (values ${sql.join(marks, sql`, `)}) as v(wamid, outcome, error) where ${inbox.wamid} = v.wamid`);

    const inserted =
      outgoing.length === 0
        ? []
        : await tx
            .insert(outbox)
            .values(outgoing.map((o) => ({ phoneNumberId: contact.phoneNumberId, contactId, message: o.message, causedBy: o.causedBy })))
            .returning({ id: outbox.id, receipt: sql<boolean>`${outbox.message}->>'type' = 'read_receipt'` });
    await tx.update(conversations).set({ state, updatedAt: now }).where(eq(conversations.contactId, contactId));
    return {
      kind: 'done',
      receiptIds: inserted.filter((r) => r.receipt).map((r) => r.id),
      outboxIds: inserted.filter((r) => !r.receipt).map((r) => r.id),
      released,
      more: pending.length === BATCH,
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
      for (const id of turn.receiptIds) await deps.queue.enqueue(sendJob, { outboxId: id, receipt: true }, { jobId: `out-${id}` });
      if (turn.outboxIds.length > 0 || turn.released > 0) await scheduleNext(deps, contactId, 0);
    } catch (error) {
      deps.log.warn({ err: error, contactId }, 'could not schedule sends; the sweeper will');
    }
    if (turn.more) await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `conv-${contactId}-more-${Date.now()}` });
  });
}
