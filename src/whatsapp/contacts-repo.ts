// Contacts keyed by business-scoped user id, falling back to the phone number (wa_id).
import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.js';
import { contacts } from '../db/schema.js';

export type Contact = typeof contacts.$inferSelect;

export interface Identity {
  userId: string | null;
  waId: string | null;
}

async function findBy(tx: DbOrTx, phoneNumberId: string, column: 'userId' | 'waId', value: string): Promise<Contact | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.phoneNumberId, phoneNumberId), eq(contacts[column], value)));
  return row;
}

/** The contacts of a business number that hold any of these user ids or phone numbers. */
export async function findCandidates(tx: DbOrTx, phoneNumberId: string, userIds: string[], waIds: string[]): Promise<Contact[]> {
  if (userIds.length === 0 && waIds.length === 0) return [];
  return tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.phoneNumberId, phoneNumberId),
        // Arrays as one parameter each: the statement text stays the same whatever the batch size.
        or(
          userIds.length > 0 ? sql`${contacts.userId} = any(${sql.param(userIds)}::text[])` : undefined,
          waIds.length > 0 ? sql`${contacts.waId} = any(${sql.param(waIds)}::text[])` : undefined,
        ),
      ),
    );
}

/**
 * The contact for this identity, made if new. A contact first seen by phone number gains its user id
 * when Meta sends one, and a contact first seen by user id gains the phone number when Meta gives it.
 */
export async function resolveContact(tx: DbOrTx, phoneNumberId: string, identity: Identity): Promise<Contact> {
  if (identity.userId === null && identity.waId === null) throw new Error('a contact needs a user id or a phone number');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // One query for both keys.
    const candidates = await findCandidates(tx, phoneNumberId, identity.userId === null ? [] : [identity.userId], identity.waId === null ? [] : [identity.waId]);
    const byUser = identity.userId === null ? undefined : candidates.find((c) => c.userId === identity.userId);
    const byPhone =
      identity.waId === null || byUser?.waId === identity.waId ? undefined : candidates.find((c) => c.waId === identity.waId);
    if (byUser !== undefined) {
      // Store the number when Meta gives it, unless another contact still holds it.
      if (identity.waId === null || byUser.waId !== null || byPhone !== undefined) return byUser;
      const [updated] = await tx.update(contacts).set({ waId: identity.waId }).where(eq(contacts.id, byUser.id)).returning();
      return updated!;
    }
    if (byPhone !== undefined) {
      if (identity.userId === null) return byPhone;
      if (byPhone.userId === null) {
        const [updated] = await tx.update(contacts).set({ userId: identity.userId }).where(eq(contacts.id, byPhone.id)).returning();
        return updated!;
      }
      // The number now belongs to another user id: it moves to the new contact.
      await tx.update(contacts).set({ waId: null }).where(eq(contacts.id, byPhone.id));
    }
    const [created] = await tx
      .insert(contacts)
      .values({ phoneNumberId, userId: identity.userId, waId: identity.waId })
      .onConflictDoNothing()
      .returning();
    if (created !== undefined) return created;
    // A concurrent delivery made it first: read it on the next pass.
  }
  throw new Error('could not resolve the contact');
}

/**
 * Keeps the latest inbound time (for the 24-hour window); a new message reopens free-form text (the
 * conversation turn then releases messages held outside the window).
 */
export async function recordInbound(tx: DbOrTx, contactId: number, at: Date): Promise<void> {
  await tx
    .update(contacts)
    .set({
      lastInboundAt: sql`greatest(${contacts.lastInboundAt}, ${at.toISOString()}::timestamptz)`,
      needsTemplate: false,
    })
    .where(eq(contacts.id, contactId));
}

/**
 * The user behind `from` now has another identity (a new number or a new user id). When no contact
 * holds the new identity yet, the contact simply takes it over (history and state stay); when one
 * does, the old contact points at it.
 */
export async function moveIdentity(tx: DbOrTx, from: Contact, to: Identity): Promise<void> {
  const column = to.waId !== null ? 'waId' : 'userId';
  const value = to.waId ?? to.userId;
  if (value === null) return;
  const holder = await findBy(tx, from.phoneNumberId, column, value);
  if (holder === undefined) {
    await tx.update(contacts).set({ [column]: value }).where(eq(contacts.id, from.id));
  } else if (holder.id !== from.id) {
    await tx.update(contacts).set({ supersededBy: holder.id }).where(eq(contacts.id, from.id));
  }
}
