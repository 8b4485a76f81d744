// Group commit: the deliveries that arrive within a couple of milliseconds are stored together with
// multi-row statements, so the cost of a delivery is a share of a few statements rather than several
// round trips of its own. The common case (messages only) is one statement that matches or makes the
// senders, writes the inbox rows and moves the inbound times.
import { sql } from 'drizzle-orm';
import { createBatcher } from '../batcher.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { contacts, conversations, inbox } from '../db/schema.js';
import { findCandidates, resolveContact, type Contact, type Identity } from './contacts-repo.js';
import { recordStatuses } from './delivery-status.js';
import type { InboundMessage, StatusUpdate, WebhookEvent } from './inbound-event.js';
import { isItemError, storeEvent, storeWebhookEvents, withoutNul, type StoredDelivery } from './store-webhook-events.js';

interface Plain {
  delivery: number;
  message: InboundMessage;
}

interface Sender {
  phoneNumberId: string;
  identity: Identity;
}

const identityKey = (phoneNumberId: string, identity: Identity) => `${phoneNumberId}|${identity.userId ?? ''}|${identity.waId ?? ''}`;

/** The existing contacts that any of these senders could be: one query per business number. */
async function lookUpSenders(db: DbOrTx, senders: Sender[]): Promise<Map<string, Contact[]>> {
  const byNumber = new Map<string, Identity[]>();
  for (const { phoneNumberId, identity } of senders) byNumber.set(phoneNumberId, [...(byNumber.get(phoneNumberId) ?? []), identity]);
  const found = new Map<string, Contact[]>();
  for (const [phoneNumberId, identities] of byNumber) {
    const userIds = [...new Set(identities.map((i) => i.userId).filter((v): v is string => v !== null))];
    const waIds = [...new Set(identities.map((i) => i.waId).filter((v): v is string => v !== null))];
    found.set(phoneNumberId, await findCandidates(db, phoneNumberId, userIds, waIds));
  }
  return found;
}

interface Matched {
  resolved: Map<string, number>;
  /** Never seen: made with one insert. */
  fresh: Map<string, Sender>;
  /** A new id for a known number, a number for a known id, a number that moved: the careful path. */
  slow: Sender[];
}

function matchSenders(senders: Sender[], candidates: Map<string, Contact[]>): Matched {
  const matched: Matched = { resolved: new Map(), fresh: new Map(), slow: [] };
  const indexes = new Map(
    [...candidates].map(([phoneNumberId, list]) => [
      phoneNumberId,
      {
        byUser: new Map(list.filter((c) => c.userId !== null).map((c) => [c.userId!, c])),
        byWa: new Map(list.filter((c) => c.waId !== null).map((c) => [c.waId!, c])),
      },
    ]),
  );
  for (const sender of senders) {
    const { phoneNumberId, identity } = sender;
    const key = identityKey(phoneNumberId, identity);
    if (matched.resolved.has(key) || matched.fresh.has(key)) continue;
    const index = indexes.get(phoneNumberId);
    const u = identity.userId === null ? undefined : index?.byUser.get(identity.userId);
    const w = identity.waId === null ? undefined : index?.byWa.get(identity.waId);
    if (u !== undefined && (identity.waId === null || u.waId === identity.waId)) matched.resolved.set(key, u.id);
    else if (u === undefined && w !== undefined && identity.userId === null) matched.resolved.set(key, w.id);
    else if (u === undefined && w === undefined) matched.fresh.set(key, sender);
    else matched.slow.push(sender);
  }
  return matched;
}

/** Contact ids for many senders: the looked-up ones, one insert for the new ones, the rare rest one by one. */
async function resolveContacts(tx: Tx, senders: Sender[], candidates: Map<string, Contact[]>): Promise<number[]> {
  const { resolved, fresh, slow } = matchSenders(senders, candidates);
  // Sorted, so that two batches inserting the same new contacts take their locks in the same order.
  const toInsert = [...fresh.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (toInsert.length > 0) {
    const created = await tx
      .insert(contacts)
      .values(toInsert.map(([, { phoneNumberId, identity }]) => ({ phoneNumberId, userId: identity.userId, waId: identity.waId })))
      .onConflictDoNothing()
      .returning();
    for (const row of created) resolved.set(identityKey(row.phoneNumberId, { userId: row.userId, waId: row.waId }), row.id);
    // Made by a concurrent batch meanwhile: read it the careful way.
    for (const [key, sender] of toInsert) if (!resolved.has(key)) slow.push(sender);
  }
  for (const { phoneNumberId, identity } of slow) {
    const key = identityKey(phoneNumberId, identity);
    if (!resolved.has(key)) resolved.set(key, (await resolveContact(tx, phoneNumberId, identity)).id);
  }
  return senders.map(({ phoneNumberId, identity }) => resolved.get(identityKey(phoneNumberId, identity))!);
}

/**
 * Messages into the inbox in one statement (atomic on its own): one JSON parameter for the whole batch,
 * so the text is the same whatever its size. The statement matches each sender to a contact itself
 * (the same rules as matchSenders) unless contactIds gives them, makes the contacts never seen by either
 * key (with their conversation rows), inserts the inbox rows in arrival order (ord: inbox.seq breaks
 * ties between messages of the same second; a redelivered wamid is skipped) and moves the contacts'
 * inbound times, locking the known contacts in id order first so that concurrent batches cannot
 * deadlock on them. The lock is FOR NO KEY UPDATE (what the update itself takes): FOR UPDATE would also
 * wait on the key-share locks that every inbox and outbox insert takes on its contact (the foreign key),
 * and two batches, each holding the other's key share, deadlocked (40P01) under load. Returns the stored wamids with their contacts, and the positions of the messages
 * whose sender changed identity (or was made meanwhile by a concurrent batch): those take the careful
 * path.
 */
async function insertMessages(
  db: DbOrTx,
  plain: Plain[],
  contactIds?: number[],
): Promise<{ inserted: Map<string, number>; unresolved: number[] }> {
  const rows = plain.map(({ message }, ord) => ({
    wamid: message.wamid,
    phone_number_id: message.phoneNumberId,
    contact_id: contactIds?.[ord] ?? null,
    user_id: message.sender.userId,
    wa_id: message.sender.waId,
    type: message.content.type,
    message,
    wa_timestamp: new Date(message.timestamp).toISOString(),
    ord,
  }));
  const result = await db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(wamid text, phone_number_id text, contact_id bigint, user_id text, wa_id text, type text, message jsonb,
          wa_timestamp timestamptz, ord int)
    ), k as (
      select r.*, coalesce(
        r.contact_id,
        (select c.id from ${contacts} c where r.user_id is not null and c.phone_number_id = r.phone_number_id
          and c.user_id = r.user_id and (r.wa_id is null or c.wa_id = r.wa_id)),
        (select c.id from ${contacts} c where r.user_id is null and c.phone_number_id = r.phone_number_id and c.wa_id = r.wa_id)
      ) as known_id
      from r
    ), fresh as (
      -- Never seen by either key: made here, with the inbound time already set (a statement does not
      -- see its own inserts) and a conversation row. A key another contact holds is not fresh.
      select k.phone_number_id, k.user_id, k.wa_id, max(k.wa_timestamp) as at from k
      where k.known_id is null
        and not exists (select 1 from ${contacts} c where k.user_id is not null and c.phone_number_id = k.phone_number_id and c.user_id = k.user_id)
        and not exists (select 1 from ${contacts} c where k.wa_id is not null and c.phone_number_id = k.phone_number_id and c.wa_id = k.wa_id)
      group by k.phone_number_id, k.user_id, k.wa_id
    ), made as (
      insert into ${contacts} (phone_number_id, user_id, wa_id, last_inbound_at)
      select phone_number_id, user_id, wa_id, at from fresh order by phone_number_id, user_id, wa_id
      on conflict do nothing
      returning id, phone_number_id, user_id, wa_id
    ), conversation_rows as (
      insert into ${conversations} (contact_id) select id from made
    ), m as (
      select k.*, coalesce(k.known_id, (select made.id from made where made.phone_number_id = k.phone_number_id
        and made.user_id is not distinct from k.user_id and made.wa_id is not distinct from k.wa_id)) as final_id
      from k
    ), ins as (
      insert into ${inbox} (wamid, phone_number_id, contact_id, type, message, wa_timestamp)
      select m.wamid, m.phone_number_id, m.final_id, m.type, m.message, m.wa_timestamp from m where m.final_id is not null order by m.ord
      on conflict do nothing
      returning wamid, contact_id, wa_timestamp
    ), latest as (
      select contact_id, max(wa_timestamp) as at from ins group by contact_id
    ), locked as (
      select ${contacts.id} as id from ${contacts}
      where ${contacts.id} = any(array(select distinct known_id from k where known_id is not null)) order by ${contacts.id} for no key update
    ), touched as (
      update ${contacts} set last_inbound_at = greatest(${contacts.lastInboundAt}, latest.at), needs_template = false
      from latest join locked on locked.id = latest.contact_id
      where ${contacts.id} = any(array(select contact_id from latest)) and ${contacts.id} = latest.contact_id
      returning ${contacts.id}
    )
    select wamid, contact_id as "contactId", null::int as unresolved from ins
    union all
    select null, null, ord from m where final_id is null`);
  const inserted = new Map<string, number>();
  const unresolved: number[] = [];
  for (const row of (result as unknown as { rows: { wamid: string | null; contactId: string | number | null; unresolved: number | null }[] }).rows) {
    if (row.unresolved !== null) unresolved.push(Number(row.unresolved));
    else inserted.set(row.wamid!, Number(row.contactId));
  }
  return { inserted, unresolved: unresolved.sort((a, b) => a - b) };
}

/** The stored messages go to their deliveries' results; the same wamid twice in one batch (a delivery posted again at once) is credited once. */
function credit(results: StoredDelivery[], plain: Plain[], inserted: Map<string, number>): void {
  for (const { delivery, message } of plain) {
    const contactId = inserted.get(message.wamid);
    if (contactId !== undefined && inserted.delete(message.wamid)) results[delivery]!.newMessages.push({ contactId, wamid: message.wamid });
  }
}

async function storeTogether(db: Db, deliveries: WebhookEvent[][]): Promise<StoredDelivery[]> {
  const results: StoredDelivery[] = deliveries.map(() => ({ newMessages: [], statuses: 0, errors: 0, refused: [] }));
  const plain: Plain[] = [];
  const statuses: { delivery: number; update: StatusUpdate }[] = [];
  const others: { delivery: number; event: WebhookEvent }[] = [];
  deliveries.forEach((events, delivery) => {
    for (const event of events) {
      if (event.kind === 'message' && event.content.type !== 'system') plain.push({ delivery, message: withoutNul(event) });
      else if (event.kind === 'status') statuses.push({ delivery, update: event });
      else others.push({ delivery, event });
    }
  });
  // Messages only: one statement stores them; only those it could not place need a transaction.
  if (statuses.length === 0 && others.length === 0) {
    if (plain.length === 0) return results;
    const { inserted, unresolved } = await insertMessages(db, plain);
    credit(results, plain, inserted);
    if (unresolved.length === 0) return results;
    return db.transaction(async (tx) => {
      await storeCarefully(tx, results, unresolved.map((i) => plain[i]!));
      return results;
    });
  }
  return db.transaction(async (tx) => {
    // Statuses (Meta sends three for each message we send) go in two statements for the whole batch.
    await recordStatuses(tx, statuses.map(({ update }) => update));
    for (const { delivery } of statuses) results[delivery]!.statuses += 1;
    if (plain.length > 0) {
      const { inserted, unresolved } = await insertMessages(tx, plain);
      credit(results, plain, inserted);
      if (unresolved.length > 0) await storeCarefully(tx, results, unresolved.map((i) => plain[i]!));
    }
    for (const { delivery, event } of others) await storeEvent(tx, event, results[delivery]!);
    return results;
  });
}

/** Messages whose senders the one statement could not place: their contacts resolved one rule at a time. */
async function storeCarefully(tx: Tx, results: StoredDelivery[], careful: Plain[]): Promise<void> {
  const senders = careful.map(({ message }) => ({ phoneNumberId: message.phoneNumberId, identity: { userId: message.sender.userId, waId: message.sender.waId } }));
  const contactIds = await resolveContacts(tx, senders, await lookUpSenders(tx, senders));
  credit(results, careful, (await insertMessages(tx, careful, contactIds)).inserted);
}

/** Stores several deliveries at once; when some item is refused, each delivery goes again on its own. */
export async function storeDeliveries(db: Db, deliveries: WebhookEvent[][]): Promise<StoredDelivery[]> {
  try {
    return await storeTogether(db, deliveries);
  } catch (error) {
    if (!isItemError(error)) throw error;
  }
  const results: StoredDelivery[] = [];
  for (const events of deliveries) results.push(await storeWebhookEvents(db, events));
  return results;
}

/** Concurrent deliveries stored together: up to 500 events a batch, at most maxInFlight batches at once. */
export function createDeliveryBatcher(
  store: (deliveries: WebhookEvent[][]) => Promise<StoredDelivery[]>,
  options: { maxWaitMs?: number; maxEvents?: number; maxInFlight?: number } = {},
): (events: WebhookEvent[]) => Promise<StoredDelivery> {
  return createBatcher(store, {
    maxWaitMs: options.maxWaitMs ?? 2,
    maxWeight: options.maxEvents ?? 500,
    maxInFlight: options.maxInFlight ?? 4,
    weigh: (events) => events.length,
  });
}
