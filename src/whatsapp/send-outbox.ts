// The outbox sender: one row per job, in id order per contact, within the number's throughput limit and
// Meta's per-recipient pace, keeping to the 24-hour rule. The row is the record of what happened.
import { and, asc, eq, gt, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { WhatsAppConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { businessNumbers, contacts, outbox } from '../db/schema.js';
import type { Metrics } from '../observability/metrics.js';
import { processor, type JobContext, type JobQueue } from '../queue/job.js';
import { applyEarlierStatuses, lockWamid } from './delivery-status.js';
import { outboundMessageSchema, type OutboundMessage } from './outbound-message.js';
import { sendJob } from './send-job.js';
import type { WhatsAppTransport } from './transport.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;
/** Meta's pace to one user: about one message per 6 s, with bursts allowed. */
export const RECIPIENT_BURST = 10;
export const RECIPIENT_REFILL_MS = 6000;
/** A spam or policy block pauses the number this long (an operator can lift it sooner). */
const BLOCK_PAUSE_MS = 60 * 60 * 1000;
/** Tries of one row against Meta; between them the row waits (next_attempt_at) 1 s, 2 s, 4 s, ... */
export const MAX_SEND_ATTEMPTS = 8;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 5 * 60 * 1000;
/** Timers may fire a little early; a row due within this is claimable. */
const DUE_SLACK_MS = 250;

export interface SenderDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  transport: WhatsAppTransport;
  whatsapp: Pick<WhatsAppConfig, 'sendRatePerSecond' | 'reengagementTemplate'>;
}

type Claim =
  | { kind: 'skip' }
  | { kind: 'later'; delayMs: number; reason: string }
  | { kind: 'held'; contactId: number }
  | { kind: 'send'; row: typeof outbox.$inferSelect; recipient: { waId: string | null; userId: string | null }; message: OutboundMessage; asTemplate: boolean };

/** Claims the row when it is the contact's oldest open one, then applies the pause, window and pace rules. */
async function claim(deps: SenderDeps, outboxId: number): Promise<Claim> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Read receipts neither wait for earlier messages nor hold later ones up.
    const [row] = await tx
      .update(outbox)
      .set({ status: 'sending', claimedAt: now, attempts: sql`${outbox.attempts} + 1` })
      .where(
        sql`${outbox.id} = ${outboxId} and ${outbox.status} = 'pending' and not ${isReceipt(outbox.message)}
          and (${outbox.nextAttemptAt} is null or ${outbox.nextAttemptAt} <= ${new Date(now.getTime() + DUE_SLACK_MS).toISOString()}::timestamptz)
          and not exists (select 1 from ${outbox} e where e.contact_id = ${outbox.contactId} and e.id < ${outbox.id}
            and e.status in ('pending', 'sending') and not ${isReceipt(sql`e.message`)})`,
      )
      .returning();
    if (row === undefined) return { kind: 'skip' };
    // Not now: back to pending, not counted as a try, and not claimable (nor swept) before it is due.
    const back = async (delayMs: number) =>
      tx
        .update(outbox)
        .set({ status: 'pending', attempts: sql`${outbox.attempts} - 1`, nextAttemptAt: new Date(now.getTime() + delayMs) })
        .where(eq(outbox.id, outboxId));

    // The recipient (locked: its pace bucket changes) and the number's pause, in one round trip.
    const contactRows = await tx.execute(sql`
      select c.*, b.paused_until as number_paused_until from ${contacts} c
      left join ${businessNumbers} b on b.phone_number_id = ${row.phoneNumberId}
      where c.id = ${row.contactId} for no key update of c`);
    const contact = (contactRows as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    const pausedUntil = contact.number_paused_until ? new Date(contact.number_paused_until as string) : null;
    if (pausedUntil !== null && pausedUntil > now) {
      const delayMs = pausedUntil.getTime() - now.getTime();
      await back(delayMs);
      return { kind: 'later', delayMs, reason: 'number paused' };
    }
    let message = outboundMessageSchema.parse(row.message);
    // The claim above leaves read receipts to sendReceipt.
    if (message.type === 'read_receipt') throw new Error(`outbox row ${outboxId} is a read receipt`);
    let asTemplate = false;
    if (message.type !== 'template') {
      const lastInbound = contact.last_inbound_at ? new Date(contact.last_inbound_at as string) : null;
      const windowOpen = lastInbound !== null && now.getTime() - lastInbound.getTime() < WINDOW_MS && contact.needs_template !== true;
      if (!windowOpen) {
        // One template per closed window (templates are billed, and a stream of them reads as spam):
        // the rest of the queue waits until the contact writes again.
        const reengagedAt = contact.reengaged_at ? new Date(contact.reengaged_at as string) : null;
        const alreadyAsked = reengagedAt !== null && (lastInbound === null || reengagedAt > lastInbound);
        const template = alreadyAsked
          ? undefined
          : (message.fallbackTemplate ??
            (deps.whatsapp.reengagementTemplate && { type: 'template' as const, ...deps.whatsapp.reengagementTemplate, params: [] }));
        if (!template) {
          await tx
            .update(outbox)
            .set({ status: 'held', heldReason: 'outside_24h_window', claimedAt: null, attempts: sql`${outbox.attempts} - 1` })
            .where(eq(outbox.id, outboxId));
          return { kind: 'held', contactId: row.contactId };
        }
        message = template;
        asTemplate = true;
        await tx.update(contacts).set({ reengagedAt: now }).where(eq(contacts.id, row.contactId));
      }
    }

    const tokensAt = new Date(contact.send_tokens_at as string);
    const tokens = Math.min(RECIPIENT_BURST, Number(contact.send_tokens) + (now.getTime() - tokensAt.getTime()) / RECIPIENT_REFILL_MS);
    if (tokens < 1) {
      const delayMs = Math.ceil((1 - tokens) * RECIPIENT_REFILL_MS);
      await back(delayMs);
      return { kind: 'later', delayMs, reason: 'recipient pace' };
    }
    await tx.update(contacts).set({ sendTokens: tokens - 1, sendTokensAt: now }).where(eq(contacts.id, row.contactId));
    return {
      kind: 'send',
      row,
      recipient: { waId: (contact.wa_id as string | null) ?? null, userId: (contact.user_id as string | null) ?? null },
      message,
      asTemplate,
    };
  });
}

/** A read receipt, in SQL: the one kind of row that keeps no order. */
export function isReceipt(message: SQLWrapper): SQL {
  return sql`(${message}->>'type' = 'read_receipt')`;
}

/** After a row settles, the contact's next open message (not a receipt) may go. */
export async function scheduleNext(deps: Pick<SenderDeps, 'db' | 'queue'>, contactId: number, afterId: number): Promise<void> {
  const [next] = await deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.contactId, contactId), eq(outbox.status, 'pending'), gt(outbox.id, afterId), sql`not ${isReceipt(outbox.message)}`))
    .orderBy(asc(outbox.id))
    .limit(1);
  if (next) await deps.queue.enqueue(sendJob, { outboxId: next.id }, { jobId: `out-${next.id}-after-${afterId}` });
}

/** The short path of a read receipt: claim, send, record; a failure is logged and dropped (it is only blue ticks). */
async function sendReceipt(deps: SenderDeps, outboxId: number, context: JobContext): Promise<void> {
  const [row] = await deps.db
    .update(outbox)
    .set({ status: 'sending', claimedAt: deps.clock.now(), attempts: sql`${outbox.attempts} + 1` })
    .where(sql`${outbox.id} = ${outboxId} and ${outbox.status} = 'pending' and ${isReceipt(outbox.message)}`)
    .returning();
  if (row === undefined) return;
  const result = await deps.transport.send(row.phoneNumberId, { waId: null, userId: null }, outboundMessageSchema.parse(row.message));
  const now = deps.clock.now();
  if (result.ok) {
    await deps.db.update(outbox).set({ status: 'sent', sentAt: now, statusAt: now }).where(eq(outbox.id, row.id));
    return;
  }
  if (result.kind === 'retry' && row.attempts < 3) {
    await deps.db.update(outbox).set({ status: 'pending', errorCode: result.code }).where(eq(outbox.id, row.id));
    throw new Error(`read receipt failed (${result.httpStatus ?? 'no response'}): will retry`);
  }
  await deps.db.update(outbox).set({ status: 'failed', statusAt: now, errorCode: result.code, error: result.message.slice(0, 500) }).where(eq(outbox.id, row.id));
  context.log.info({ outboxId, code: result.code }, 'read receipt not sent');
}

async function sendOne(deps: SenderDeps, outboxId: number, context: JobContext): Promise<void> {
  const claimed = await claim(deps, outboxId);
  if (claimed.kind === 'skip') return;
  if (claimed.kind === 'later') {
    await deps.queue.enqueue(sendJob, { outboxId }, { jobId: `out-${outboxId}-later-${Date.now()}`, delayMs: claimed.delayMs });
    return;
  }
  if (claimed.kind === 'held') {
    deps.metrics.whatsappSends.inc({ outcome: 'held', code: '' });
    context.log.info({ outboxId }, 'outside the 24-hour window with no template: message held');
    await scheduleNext(deps, claimed.contactId, outboxId);
    return;
  }

  const { row, recipient, message, asTemplate } = claimed;
  const result = await deps.transport.send(row.phoneNumberId, recipient, message);
  const now = deps.clock.now();
  if (result.ok) {
    // Meta has the message: the write must not be lost, or a later retry would send it twice.
    await recordWithRetries(context, () =>
      deps.db.transaction(async (tx) => {
        if (result.wamid !== null) await lockWamid(tx, result.wamid);
        await tx
          .update(outbox)
          .set({
            status: 'sent',
            wamid: result.wamid,
            sentAt: now,
            statusAt: now,
            errorCode: null,
            error: null,
            nextAttemptAt: null,
            sentTemplate: asTemplate && message.type === 'template' ? message.name : null,
          })
          .where(eq(outbox.id, row.id));
        if (result.wamid !== null) await applyEarlierStatuses(tx, result.wamid);
      }),
    );
    deps.metrics.whatsappSends.inc({ outcome: asTemplate ? 'template' : 'sent', code: '' });
    await scheduleNext(deps, row.contactId, row.id);
    return;
  }

  const code = result.code === null ? '' : String(result.code);
  const fail = { errorCode: result.code, error: result.message.slice(0, 500) };
  // A template refused for re-engagement cannot be mended by switching to a template.
  const kind = result.kind === 'reengage' && message.type === 'template' ? 'permanent' : result.kind;
  switch (kind) {
    case 'reengage':
      // Outside the window after all: this contact gets templates until they write again.
      await deps.db.transaction(async (tx) => {
        await tx.update(contacts).set({ needsTemplate: true }).where(eq(contacts.id, row.contactId));
        await tx.update(outbox).set({ status: 'pending', ...fail }).where(eq(outbox.id, row.id));
      });
      deps.metrics.whatsappSends.inc({ outcome: 'reengage', code });
      return sendOne(deps, outboxId, context);
    case 'blocked': {
      const until = new Date(now.getTime() + BLOCK_PAUSE_MS);
      await deps.db.transaction(async (tx) => {
        await tx
          .insert(businessNumbers)
          .values({ phoneNumberId: row.phoneNumberId, pausedUntil: until, pauseReason: `Meta error ${code}` })
          .onConflictDoUpdate({ target: businessNumbers.phoneNumberId, set: { pausedUntil: until, pauseReason: `Meta error ${code}` } });
        await tx.update(outbox).set({ status: 'pending', nextAttemptAt: until, ...fail }).where(eq(outbox.id, row.id));
      });
      deps.metrics.whatsappSends.inc({ outcome: 'blocked', code });
      context.log.error({ alert: true, code, phoneNumberId: row.phoneNumberId, until }, 'ALERT: Meta blocked sending (spam or policy); number paused');
      await deps.queue.enqueue(sendJob, { outboxId }, { jobId: `out-${outboxId}-paused-${Date.now()}`, delayMs: BLOCK_PAUSE_MS });
      return;
    }
    case 'permanent':
      await deps.db.update(outbox).set({ status: 'failed', statusAt: now, ...fail }).where(eq(outbox.id, row.id));
      deps.metrics.whatsappSends.inc({ outcome: 'failed', code });
      context.log.warn({ outboxId, code, httpStatus: result.httpStatus }, 'permanent send error; not retried');
      await scheduleNext(deps, row.contactId, row.id);
      return;
    case 'retry': {
      // The row counts its tries, so a sweep or a duplicate job cannot reset the backoff or the cap.
      const last = row.attempts >= MAX_SEND_ATTEMPTS;
      const delayMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (row.attempts - 1));
      await deps.db
        .update(outbox)
        .set(
          last
            ? { status: 'failed', statusAt: now, nextAttemptAt: null, ...fail }
            : { status: 'pending', nextAttemptAt: new Date(now.getTime() + delayMs), ...fail },
        )
        .where(eq(outbox.id, row.id));
      deps.metrics.whatsappSends.inc({ outcome: last ? 'failed' : 'retry', code });
      if (result.outcomeUnknown) {
        // Meta's send API has no idempotency key: retrying may deliver twice, which beats never.
        context.log.warn({ outboxId }, 'send outcome unknown (timeout or dropped connection); retrying deliberately');
      }
      if (last) {
        context.log.warn({ outboxId, code, attempts: row.attempts }, 'send failed on its last try');
        await scheduleNext(deps, row.contactId, row.id);
        return;
      }
      await deps.queue.enqueue(sendJob, { outboxId }, { jobId: `out-${outboxId}-try-${row.attempts + 1}`, delayMs });
      return;
    }
  }
}

/** A few quick tries of a database write that must follow a send Meta accepted. */
async function recordWithRetries(context: JobContext, write: () => Promise<void>): Promise<void> {
  for (const waitMs of [0, 100, 500, 2000]) {
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      await write();
      return;
    } catch (error) {
      context.log.error({ err: error }, 'could not record a send Meta accepted; trying again');
    }
  }
  throw new Error('could not record a send Meta accepted');
}

/**
 * The per-number rate in slices of about a tenth of a second (80/s: 8 per 100 ms), the same average as
 * "rate per 1 s" but without a burst of a whole second's sends at the start of each window, which
 * crowded out everything else the service does for a fifth of every second.
 */
export function pacedLimit(perSecond: number): { max: number; durationMs: number } {
  const max = Math.max(1, Math.ceil(perSecond / 10));
  return { max, durationMs: Math.round((1000 * max) / perSecond) };
}

export function sendProcessor(deps: SenderDeps) {
  return processor(sendJob, ({ outboxId, receipt }, context) => (receipt ? sendReceipt(deps, outboxId, context) : sendOne(deps, outboxId, context)), {
    rateLimit: pacedLimit(deps.whatsapp.sendRatePerSecond),
  });
}

/** Rows a crashed sender left in "sending": their outcome is unknown; they go back to pending, logged. */
export async function releaseStaleClaims(db: Db, olderThan: Date, log: Logger): Promise<number[]> {
  const released = await db
    .update(outbox)
    .set({ status: 'pending' })
    .where(and(eq(outbox.status, 'sending'), lt(outbox.claimedAt, olderThan)))
    .returning({ id: outbox.id });
  if (released.length > 0) log.warn({ count: released.length }, 'released sends of unknown outcome for a deliberate retry');
  return released.map((r) => r.id);
}

