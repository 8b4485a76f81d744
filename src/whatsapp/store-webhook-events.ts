// Writes one delivery's events in one transaction: contacts, inbox rows (deduplicated by wamid), statuses.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { safeErrorMessage, sqlState } from '../observability/safe-error.js';
import { contacts, inbox } from '../db/schema.js';
import { moveIdentity, recordInbound, resolveContact } from './contacts-repo.js';
import { recordStatus } from './delivery-status.js';
import type { InboundMessage, WebhookEvent } from './inbound-event.js';

export interface StoredDelivery {
  /** Messages stored for the first time (a redelivered wamid is not here), in payload order. */
  newMessages: { contactId: number; wamid: string }[];
  statuses: number;
  errors: number;
  /** Events the database refused (bad data): skipped, the rest stored. */
  refused: { index: number; kind: WebhookEvent['kind']; reason: string }[];
}

async function storeMessage(tx: Tx, message: InboundMessage): Promise<{ contactId: number; wamid: string } | null> {
  const contact = await resolveContact(tx, message.phoneNumberId, message.sender);
  const [row] = await tx
    .insert(inbox)
    .values({
      wamid: message.wamid,
      phoneNumberId: message.phoneNumberId,
      contactId: contact.id,
      type: message.content.type,
      message,
      waTimestamp: new Date(message.timestamp),
    })
    .onConflictDoNothing()
    .returning({ wamid: inbox.wamid });
  if (row === undefined) return null;
  const { content } = message;
  if (content.type === 'system') {
    if (content.newWaId !== undefined) await moveIdentity(tx, contact, { waId: content.newWaId, userId: null });
    if (content.newUserId !== undefined) await moveIdentity(tx, contact, { waId: null, userId: content.newUserId });
  } else {
    await recordInbound(tx, contact.id, new Date(message.timestamp));
  }
  return { contactId: contact.id, wamid: row.wamid };
}

/** PostgreSQL cannot store U+0000 in text or jsonb; no user meant to send it. */
export function withoutNul<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v))) as T;
}

/** Data errors (class 22) and constraint violations (class 23) belong to one item; anything else is an outage. */
export function isItemError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

export async function storeEvent(tx: Tx, event: WebhookEvent, result: StoredDelivery): Promise<void> {
  switch (event.kind) {
    case 'message': {
      const stored = await storeMessage(tx, withoutNul(event));
      if (stored !== null) result.newMessages.push(stored);
      break;
    }
    case 'status':
      await recordStatus(tx, event);
      result.statuses += 1;
      break;
    case 'user_id_change': {
      const [previous] = await tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.phoneNumberId, event.phoneNumberId), eq(contacts.userId, event.previousUserId)));
      if (previous !== undefined) await moveIdentity(tx, previous, { waId: null, userId: event.currentUserId });
      break;
    }
    case 'error':
      result.errors += 1;
      break;
  }
}

/**
 * One transaction for the delivery. An item the database refuses is skipped (and reported) instead
 * of sinking the other 999 into a 503 that Meta would redeliver for days; an outage still fails the
 * whole delivery, so that Meta redelivers it.
 */
export async function storeWebhookEvents(db: Db, events: WebhookEvent[]): Promise<StoredDelivery> {
  try {
    // The common case in one plain transaction; savepoints cost two round trips per event.
    return await db.transaction(async (tx) => {
      const result: StoredDelivery = { newMessages: [], statuses: 0, errors: 0, refused: [] };
      for (const event of events) await storeEvent(tx, event, result);
      return result;
    });
  } catch (error) {
    if (!isItemError(error)) throw error;
  }
  // Some event is refused by the database: again, with a savepoint per event, skipping what fails.
  return db.transaction(async (tx) => {
    const result: StoredDelivery = { newMessages: [], statuses: 0, errors: 0, refused: [] };
    for (const [index, event] of events.entries()) {
      try {
        await tx.transaction((savepoint) => storeEvent(savepoint, event, result));
      } catch (error) {
        if (!isItemError(error)) throw error;
        result.refused.push({ index, kind: event.kind, reason: safeErrorMessage(error) });
      }
    }
    return result;
  });
}
