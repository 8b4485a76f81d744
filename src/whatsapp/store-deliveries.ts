// Group commit: the deliveries that arrive within a couple of milliseconds are stored in one
// transaction with multi-row statements (contacts, inbox, inbound times), so the cost of a delivery
// is a share of a few statements rather than several round trips of its own.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { contacts, inbox } from '../db/schema.js';
import { findCandidates, resolveContact, type Identity } from './contacts-repo.js';
import type { InboundMessage, WebhookEvent } from './inbound-event.js';
import { isItemError, storeEvent, storeWebhookEvents, withoutNul, type StoredDelivery } from './store-webhook-events.js';

interface Plain {
  delivery: number;
  message: InboundMessage;
}

const identityKey = (phoneNumberId: string, identity: Identity) => `${phoneNumberId}|${identity.userId ?? ''}|${identity.waId ?? ''}`;

/** Contact ids for many senders: one query per business number, one insert for the new ones, the rare rest one by one. */
async function resolveContacts(tx: Tx, items: { phoneNumberId: string; identity: Identity }[]): Promise<number[]> {
  const resolved = new Map<string, number>();
  const byNumber = new Map<string, Identity[]>();
  for (const { phoneNumberId, identity } of items) byNumber.set(phoneNumberId, [...(byNumber.get(phoneNumberId) ?? []), identity]);

  const slow: { phoneNumberId: string; identity: Identity }[] = [];
  for (const [phoneNumberId, identities] of byNumber) {
    const userIds = [...new Set(identities.map((i) => i.userId).filter((v): v is string => v !== null))];
    const waIds = [...new Set(identities.map((i) => i.waId).filter((v): v is string => v !== null))];
    const candidates = await findCandidates(tx, phoneNumberId, userIds, waIds);
    const byUser = new Map(candidates.filter((c) => c.userId !== null).map((c) => [c.userId!, c]));
    const byWa = new Map(candidates.filter((c) => c.waId !== null).map((c) => [c.waId!, c]));
    const fresh = new Map<string, Identity>();
    for (const identity of identities) {
      const key = identityKey(phoneNumberId, identity);
      if (resolved.has(key) || fresh.has(key)) continue;
      const u = identity.userId === null ? undefined : byUser.get(identity.userId);
      const w = identity.waId === null ? undefined : byWa.get(identity.waId);
      if (u !== undefined && (identity.waId === null || u.waId === identity.waId)) resolved.set(key, u.id);
      else if (u === undefined && w !== undefined && identity.userId === null) resolved.set(key, w.id);
      else if (u === undefined && w === undefined) fresh.set(key, identity);
      // A new id for a known number, a number for a known id, a number that moved: the careful path.
      else slow.push({ phoneNumberId, identity });
    }
    // Sorted, so that two batches inserting the same new contacts take their locks in the same order.
    const toInsert = [...fresh.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (toInsert.length > 0) {
      const created = await tx
        .insert(contacts)
        .values(toInsert.map(([, identity]) => ({ phoneNumberId, userId: identity.userId, waId: identity.waId })))
        .onConflictDoNothing()
        .returning();
      for (const row of created) resolved.set(identityKey(phoneNumberId, { userId: row.userId, waId: row.waId }), row.id);
      // Made by a concurrent batch meanwhile: read it the careful way.
      for (const [key, identity] of toInsert) if (!resolved.has(key)) slow.push({ phoneNumberId, identity });
    }
  }
  for (const { phoneNumberId, identity } of slow) {
    const key = identityKey(phoneNumberId, identity);
    if (!resolved.has(key)) resolved.set(key, (await resolveContact(tx, phoneNumberId, identity)).id);
  }
  return items.map(({ phoneNumberId, identity }) => resolved.get(identityKey(phoneNumberId, identity))!);
}

async function storeTogether(tx: Tx, deliveries: WebhookEvent[][]): Promise<StoredDelivery[]> {
  const results: StoredDelivery[] = deliveries.map(() => ({ newMessages: [], statuses: 0, errors: 0, refused: [] }));
  const plain: Plain[] = [];
  const others: { delivery: number; event: WebhookEvent }[] = [];
  deliveries.forEach((events, delivery) => {
    for (const event of events) {
      if (event.kind === 'message' && event.content.type !== 'system') plain.push({ delivery, message: withoutNul(event) });
      else others.push({ delivery, event });
    }
  });

  if (plain.length > 0) {
    const contactIds = await resolveContacts(
      tx,
      plain.map(({ message }) => ({ phoneNumberId: message.phoneNumberId, identity: { userId: message.sender.userId, waId: message.sender.waId } })),
    );
    // In arrival order: inbox.seq breaks ties between messages of the same second.
    const inserted = await tx
      .insert(inbox)
      .values(
        plain.map(({ message }, i) => ({
          wamid: message.wamid,
          phoneNumberId: message.phoneNumberId,
          contactId: contactIds[i]!,
          type: message.content.type,
          message,
          waTimestamp: new Date(message.timestamp),
        })),
      )
      .onConflictDoNothing()
      .returning({ wamid: inbox.wamid });
    const fresh = new Set(inserted.map((row) => row.wamid));
    const latest = new Map<number, Date>();
    plain.forEach(({ delivery, message }, i) => {
      // The same wamid twice in one batch (a delivery posted again at once) is credited once.
      if (!fresh.delete(message.wamid)) return;
      const contactId = contactIds[i]!;
      results[delivery]!.newMessages.push({ contactId, wamid: message.wamid });
      const at = new Date(message.timestamp);
      if (!(latest.get(contactId)! >= at)) latest.set(contactId, at);
    });
    if (latest.size > 0) {
      const values = [...latest.entries()]
        .sort(([a], [b]) => a - b)
        .map(([id, at]) => sql`(${id}::bigint, ${at.toISOString()}::timestamptz)`);
      await tx.execute(sql`
        update ${contacts} set last_inbound_at = greatest(${contacts.lastInboundAt}, v.at), needs_template = false
        from (values ${sql.join(values, sql`, `)}) as v(id, at) where ${contacts.id} = v.id`);
    }
  }
  for (const { delivery, event } of others) await storeEvent(tx, event, results[delivery]!);
  return results;
}

/** Stores several deliveries at once; when some item is refused, each delivery goes again on its own. */
export async function storeDeliveries(db: Db, deliveries: WebhookEvent[][]): Promise<StoredDelivery[]> {
  try {
    return await db.transaction((tx) => storeTogether(tx, deliveries));
  } catch (error) {
    if (!isItemError(error)) throw error;
  }
  const results: StoredDelivery[] = [];
  for (const events of deliveries) results.push(await storeWebhookEvents(db, events));
  return results;
}

/**
 * Collects concurrent deliveries for up to maxWaitMs (or maxEvents) and stores them together; at
 * most maxInFlight batches run at once, and while they do the next batch keeps growing.
 */
export function createDeliveryBatcher(
  store: (deliveries: WebhookEvent[][]) => Promise<StoredDelivery[]>,
  options: { maxWaitMs?: number; maxEvents?: number; maxInFlight?: number } = {},
): (events: WebhookEvent[]) => Promise<StoredDelivery> {
  const maxWaitMs = options.maxWaitMs ?? 2;
  const maxEvents = options.maxEvents ?? 500;
  const maxInFlight = options.maxInFlight ?? 4;
  let pending: { events: WebhookEvent[]; resolve: (r: StoredDelivery) => void; reject: (e: unknown) => void }[] = [];
  let pendingEvents = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0 || inFlight >= maxInFlight) return;
    const batch = pending;
    pending = [];
    pendingEvents = 0;
    inFlight += 1;
    store(batch.map((item) => item.events))
      .then(
        (results) => batch.forEach((item, i) => item.resolve(results[i]!)),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        inFlight -= 1;
        flush();
      });
  };

  return (events) =>
    new Promise<StoredDelivery>((resolve, reject) => {
      pending.push({ events, resolve, reject });
      pendingEvents += events.length;
      if (pendingEvents >= maxEvents) flush();
      else timer ??= setTimeout(flush, maxWaitMs);
    });
}
