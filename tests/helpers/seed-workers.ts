// Seeds workers exactly as the app saves them: a contact row, then the save_worker_profile effect in a
// transaction (which writes the workers row and its worker_reach rows, one per skill).
import { sql } from 'drizzle-orm';
import { carryOutEffect } from '../../src/conversation/carry-out-effects.js';
import type { WorkerProfile } from '../../src/conversation/engine/context.js';
import type { Db } from '../../src/db/database.js';
import { contacts } from '../../src/db/schema.js';

export const SEED_NUMBER = '100000000000001';
export const KM_PER_DEGREE_LAT = 111.32;

export interface Point {
  lat: number;
  lng: number;
}

/** The point `km` kilometres due north of `from` (a degree of latitude taken as 111.32 km). */
export function northOf(from: Point, km: number): Point {
  return { lat: from.lat + km / KM_PER_DEGREE_LAT, lng: from.lng };
}

/** A complete, valid worker profile; override any part of it. */
export function workerProfile(overrides: Partial<WorkerProfile> = {}): WorkerProfile {
  return {
    name: 'Test Worker',
    skills: ['waiter'],
    availability: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '22:00' }],
    location: { lat: 40.4168, lng: -3.7038, label: 'Centro, Madrid' },
    radiusKm: 10,
    minRateCents: 1200,
    currency: 'EUR',
    phone: '+34600000000',
    phoneShareConsentAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}

let seq = 0;

/** A new contact with a wa_id no other seeded contact has; returns its id. */
export async function seedContact(db: Db, lastInboundAt: Date | null = new Date('2026-12-01T09:00:00Z')): Promise<number> {
  seq += 1;
  const waId = `3469${String(process.pid % 10_000).padStart(4, '0')}${String(seq).padStart(4, '0')}`;
  const [row] = await db.insert(contacts).values({ phoneNumberId: SEED_NUMBER, waId, role: 'worker', consent: 'given', lastInboundAt }).returning({ id: contacts.id });
  return row!.id;
}

/** Saves (or saves again) a worker's profile through the app's own effect. */
export async function saveWorkerProfile(db: Db, contactId: number, profile: WorkerProfile, now = new Date('2026-12-01T09:00:00Z')): Promise<void> {
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, { type: 'save_worker_profile', profile }, now, `wamid.seed.${contactId}.${now.getTime()}`);
  });
}

/** A new contact with this profile saved; returns the contact id. */
export async function seedWorker(db: Db, profile: WorkerProfile): Promise<number> {
  const contactId = await seedContact(db);
  await saveWorkerProfile(db, contactId, profile);
  return contactId;
}

/** Pauses a worker as the "pause" command does. */
export async function pauseWorker(db: Db, contactId: number, now = new Date('2026-12-02T09:00:00Z')): Promise<void> {
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, { type: 'set_worker_paused', paused: true }, now, `wamid.pause.${contactId}`);
  });
}

/** Opts a contact out as "stop" does. */
export async function optOut(db: Db, contactId: number, now = new Date('2026-12-02T09:00:00Z')): Promise<void> {
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, { type: 'set_preferences', optedOut: true }, now, `wamid.stop.${contactId}`);
  });
}

/** Sets a contact's moderation as an admin does. */
export async function moderate(db: Db, contactId: number, moderation: 'restricted' | 'suspended'): Promise<void> {
  await db.update(contacts).set({ moderation, moderationReason: 'test' }).where(sql`${contacts.id} = ${contactId}`);
}
