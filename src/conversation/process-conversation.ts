// The conversation processor: one contact at a time (a row lock in PostgreSQL), messages in WhatsApp
// timestamp order, state + inbox marks + outbox rows in one transaction (a crash leaves nothing half-done).
//
// Group commit: the conversation jobs running at once in this process share their transaction. Each
// contact is still locked on its own (skip locked), handled in its own order and answered from its own
// state; only the statements are shared, so a batch of N turns costs about the four round trips of one.
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import { conversations, inbox, outbox } from '../db/schema.js';
import { safeErrorMessage } from '../observability/safe-error.js';
import { processor, type JobQueue, type Processor } from '../queue/job.js';
import { inboundMessageSchema } from '../whatsapp/inbound-event.js';
import { outboundMessageSchema, type OutboundMessage } from '../whatsapp/outbound-message.js';
import { sendJob } from '../whatsapp/send-job.js';
import { isReceipt } from '../whatsapp/send-outbox.js';
import { createBatcher } from '../batcher.js';
import { conversationJob, conversationsJob } from './conversation-job.js';
import { applyToContext, carryOutEffect } from './carry-out-effects.js';
import type { EngineContext, EngineSettings } from './engine/context.js';
import type { Effect, EngineResult } from './engine/effects.js';
import { employerFromRow, workerFromRow } from './profiles.js';
import type { InboundMessage } from '../whatsapp/inbound-event.js';
import { contactTimeZone } from './answers/phone.js';
import { lockAndRead, MESSAGES_PER_TURN, type TurnContext } from './read-turn-context.js';
import { loadMarket, marketNeedOf } from './market-context.js';
import type { MarketContext } from './engine/market-view.js';
import type { MarketplaceConfig } from '../config.js';

/** Pure: (stored state, message, context) -> (new state, replies, effects); the engine (engine/engine.ts). */
export type ConversationHandler = (state: unknown, message: InboundMessage, context: EngineContext) => EngineResult;
type ConversationState = unknown;

const BUSY_RETRY_MS = 250;
/** Contacts whose turns share one transaction. */
const CONTACTS_PER_BATCH = 64;

export interface ConversationDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  handler: ConversationHandler;
  settings: EngineSettings;
  /** Messages per minute a contact may send before further ones are stored but not answered. */
  floodPerMinute: number;
  /** Batches in flight at once (PGlite serves one connection: 1). */
  maxInFlight?: number;
  /** What the marketplace's effects need (lead prices, how long offers and leads last). */
  market: MarketplaceConfig;
}

type Turn =
  | { kind: 'busy' }
  /** head: the contact's outbox row to schedule, when this turn added replies or released held ones; notify: other contacts' rows its effects wrote. */
  | { kind: 'done'; receiptIds: number[]; head: number | null; more: boolean; notify: number[] };

interface Handled {
  context: TurnContext;
  state: ConversationState;
  marks: { wamid: string; outcome: 'handled' | 'throttled' | 'failed'; error: string | null }[];
  outgoing: { message: OutboundMessage; causedBy: string }[];
  effects: { effect: Effect; wamid: string }[];
}

/** One contact's messages through the handler, in order; pure but for logging. */
function handle(deps: ConversationDeps, context: TurnContext & { state: ConversationState }, now: Date, market: MarketContext | null): Handled {
  const { contactId } = context;
  let state = context.state;
  let handledLastMinute = context.recent;
  const marks: Handled['marks'] = [];
  const outgoing: Handled['outgoing'] = [];
  const effects: Handled['effects'] = [];
  let engineContext: EngineContext = {
    now,
    contactId,
    market,
    waId: context.waId,
    timeZone: contactTimeZone(context.waId, deps.settings.defaultTimeZone),
    moderation: { status: context.moderation, reason: context.moderationReason },
    worker: workerFromRow(context.worker),
    employer: employerFromRow(context.employer),
    jobs: { open: context.openJobs, postedToday: context.jobsToday },
    messageId: '',
    settings: deps.settings,
  };
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
        engineContext = { ...engineContext, messageId: row.wamid };
        const result = deps.handler(state, message.data, engineContext);
        const replies = result.replies.map((reply) => outboundMessageSchema.parse(reply));
        state = result.state;
        for (const effect of result.effects) {
          effects.push({ effect, wamid: row.wamid });
          engineContext = applyToContext(engineContext, effect);
        }
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
    marks.push({ wamid: row.wamid, outcome, error });
  }
  return { context, state, marks, outgoing, effects };
}

/**
 * Everything the turns change, in one statement: the inbox marks, the new states, the outbox rows (in
 * order: their ids are the sending order). Rows to join come as arrays: unnest tells the planner how
 * many there are, where a JSON record set is guessed at 100 (and can turn an index lookup into a scan).
 */
async function writeTurns(tx: Tx, handled: Handled[], now: Date): Promise<{ id: number; contactId: number; receipt: boolean }[]> {
  const marks = handled.flatMap((h) => h.marks);
  const outgoing = handled.flatMap((h) =>
    h.outgoing.map((o) => ({ contact_id: h.context.contactId, phone_number_id: h.context.phoneNumberId, message: o.message, caused_by: o.causedBy })),
  );
  const at = sql`${now.toISOString()}::timestamptz`;
  const written = await tx.execute(sql`
    with marked as (
      update ${inbox} set processed_at = ${at}, outcome = v.outcome, error = v.error
      from unnest(${sql.param(marks.map((m) => m.wamid))}::text[], ${sql.param(marks.map((m) => m.outcome))}::text[],
        ${sql.param(marks.map((m) => m.error))}::text[]) as v(wamid, outcome, error)
      where ${inbox.wamid} = v.wamid
      returning 1
    ), saved as (
      update ${conversations} set state = v.state, updated_at = ${at}
      from unnest(${sql.param(handled.map((h) => h.context.contactId))}::bigint[],
        ${sql.param(handled.map((h) => JSON.stringify(h.state)))}::jsonb[]) as v(contact_id, state)
      where ${conversations.contactId} = v.contact_id
      returning 1
    )
    insert into ${outbox} (phone_number_id, contact_id, message, caused_by)
    select o.phone_number_id, o.contact_id, o.message, o.caused_by
    from jsonb_to_recordset(${JSON.stringify(outgoing.map((o, ord) => ({ ...o, ord })))}::jsonb)
      as o(phone_number_id text, contact_id bigint, message jsonb, caused_by text, ord int)
    order by o.ord
    returning ${outbox.id} as id, ${outbox.contactId} as "contactId", ${isReceipt(outbox.message)} as receipt`);
  return (written as unknown as { rows: { id: string | number; contactId: string | number; receipt: boolean }[] }).rows.map((r) => ({
    id: Number(r.id),
    contactId: Number(r.contactId),
    receipt: r.receipt,
  }));
}

/** The turns of several contacts in one transaction; a contact another worker holds comes back busy. */
export async function takeTurns(deps: ConversationDeps, contactIds: number[]): Promise<Map<number, Turn>> {
  const unique = [...new Set(contactIds)];
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let contexts = await lockAndRead(tx, unique, now);
    const found = new Set(contexts.map((c) => c.contactId));
    const gone = unique.filter((id) => !found.has(id));
    if (gone.length > 0) throw new Error(`contacts ${gone.join(', ')} are gone`);
    const firstTurns = contexts.filter((c) => !c.hasRow).map((c) => c.contactId);
    if (firstTurns.length > 0) {
      // First turns: the new rows are ours alone until we commit (inserted in id order, as locks go).
      await tx
        .insert(conversations)
        .values(firstTurns.sort((a, b) => a - b).map((contactId) => ({ contactId })))
        .onConflictDoNothing();
      const again = new Map((await lockAndRead(tx, firstTurns, now)).map((c) => [c.contactId, c]));
      contexts = contexts.map((c) => again.get(c.contactId) ?? c);
    }

    const turns = new Map<number, Turn>();
    const handled: Handled[] = [];
    // The marketplace (offers, jobs, candidates) only for the contacts whose messages need it: one statement.
    const needs = contexts.flatMap((c) => (c.state === null || c.pending.length === 0 ? [] : (marketNeedOf(c.contactId, c.state, c.pending) ?? [])));
    const markets = await loadMarket(tx, needs, now);
    for (const context of contexts) {
      // Another worker holds this contact: it will see our rows, or we come back in a moment.
      if (context.state === null) turns.set(context.contactId, { kind: 'busy' });
      else if (context.pending.length === 0) {
        turns.set(context.contactId, { kind: 'done', receiptIds: [], head: context.released > 0 ? context.head : null, more: false, notify: [] });
      } else handled.push(handle(deps, { ...context, state: context.state }, now, markets.get(context.contactId) ?? null));
    }
    if (handled.length === 0) return turns;

    // Effects are rare (a profile saved, a preference changed): a few statements each, before the turn's own.
    // Some write messages to other contacts (a candidate card to an employer): those are scheduled after commit.
    const notify = new Map<number, number[]>();
    for (const h of handled) {
      for (const { effect, wamid } of h.effects) {
        const ids = await carryOutEffect(tx, h.context.contactId, effect, now, wamid, deps.market);
        if (ids.length > 0) notify.set(h.context.contactId, [...(notify.get(h.context.contactId) ?? []), ...ids]);
      }
    }
    const inserted = await writeTurns(tx, handled, now);
    for (const { context } of handled) {
      const rows = inserted.filter((r) => r.contactId === context.contactId);
      const firstReply = rows.find((r) => !r.receipt)?.id ?? null;
      turns.set(context.contactId, {
        kind: 'done',
        receiptIds: rows.filter((r) => r.receipt).map((r) => r.id),
        head: firstReply === null && context.released === 0 ? null : (context.head ?? firstReply),
        more: context.pending.length === MESSAGES_PER_TURN,
        notify: notify.get(context.contactId) ?? [],
      });
    }
    return turns;
  });
}

/**
 * The two entry points of conversations, sharing one group commit: a job for one contact (a retry, a
 * busy contact, the sweeper) and a job for the senders of a batch of webhook deliveries.
 */
export function conversationProcessors(deps: ConversationDeps): [Processor<{ contactId: number }>, Processor<{ contactIds: number[] }>] {
  const turnOf = createBatcher<number, Turn | { kind: 'failed'; error: unknown }>(
    async (contactIds) => {
      try {
        const turns = await takeTurns(deps, contactIds);
        return contactIds.map((id) => turns.get(id)!);
      } catch (error) {
        if (contactIds.length === 1) throw error;
        // One contact's failure must not fail the others it shared a transaction with: each goes again alone.
        deps.log.warn({ err: error, contacts: contactIds.length }, 'a batch of turns failed; taking its contacts one by one');
        const alone: (Turn | { kind: 'failed'; error: unknown })[] = [];
        for (const id of contactIds) {
          try {
            alone.push((await takeTurns(deps, [id])).get(id)!);
          } catch (failure) {
            alone.push({ kind: 'failed', error: failure });
          }
        }
        return alone;
      }
    },
    { maxWeight: CONTACTS_PER_BATCH, maxInFlight: deps.maxInFlight ?? 4 },
  );

  /** One contact's turn, then its sends scheduled; throws what failed the turn. */
  const converse = async (contactId: number): Promise<void> => {
    const turn = await turnOf(contactId);
    if (turn.kind === 'failed') throw turn.error;
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
        ...[...(turn.head === null ? [] : [turn.head]), ...turn.notify].map((id) => deps.queue.enqueue(sendJob, { outboxId: id }, { jobId: `out-${id}-after-0` })),
      ]);
    } catch (error) {
      deps.log.warn({ err: error, contactId }, 'could not schedule sends; the sweeper will');
    }
    if (turn.more) await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `conv-${contactId}-more-${Date.now()}` });
  };

  return [
    processor(conversationJob, ({ contactId }) => converse(contactId)),
    processor(conversationsJob, async ({ contactIds }) => {
      const outcomes = await Promise.allSettled(contactIds.map(converse));
      // A contact that failed goes on alone, with its own retries; the others are done and stay done.
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') continue;
        const contactId = contactIds[i]!;
        deps.log.warn({ err: outcome.reason, contactId }, 'a conversation failed; it goes on as a job of its own');
        await deps.queue.enqueue(conversationJob, { contactId }, { jobId: `conv-${contactId}-alone-${Date.now()}` });
      }
    }),
  ];
}
