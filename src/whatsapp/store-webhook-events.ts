// Writes one delivery's events in one transaction: contacts, inbox rows (deduplicated by wamid), statuses.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { contacts, inbox } from '../db/schema.js';
import { moveIdentity, recordInbound, resolveContact } from './contacts-repo.js';
import { recordStatus } from './delivery-status.js';
import type { InboundMessage, WebhookEvent } from './inbound-event.js';

export interface StoredDelivery {
  /** Messages stored for the first time (a redelivered wamid is not here), in payload order. */
  newMessages: { contactId: number; wamid: string }[];
  statuses: number;
  errors: number;
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

export async function storeWebhookEvents(db: Db, events: WebhookEvent[]): Promise<StoredDelivery> {
  return db.transaction(async (tx) => {
    const result: StoredDelivery = { newMessages: [], statuses: 0, errors: 0 };
    for (const event of events) {
      switch (event.kind) {
        case 'message': {
          const stored = await storeMessage(tx, event);
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
    return result;
  });
}
