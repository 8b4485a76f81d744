// Seeds workers exactly as the app saves them: a contact row, then the save_worker_profile effect in a
// transaction (which writes the workers row and its worker_reach rows, one per skill).
import { sql } from 'drizzle-orm';
import { carryOutEffect } from '../../src/conversation/carry-out-effects.js';
import type { WorkerProfile } from '../../src/conversation/engine/context.js';
import type { Db } from '../../src/db/database.js';
import { contacts, jobs, offers, workers } from '../../src/db/schema.js';
import { syncWorkerReach } from '../../src/marketplace/matching/sync-worker-reach.js';
import { testConfig } from './test-config.js';

export const SEED_NUMBER = '100000000000001';
/** The marketplace settings as the service reads them from an empty environment. */
export const MARKET = testConfig().marketplace;
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
    await carryOutEffect(tx, contactId, { type: 'save_worker_profile', profile }, now, `wamid.seed.${contactId}.${now.getTime()}`, MARKET);
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
    await carryOutEffect(tx, contactId, { type: 'set_worker_paused', paused: true }, now, `wamid.pause.${contactId}`, MARKET);
  });
}

/** Opts a contact out as "stop" does. */
export async function optOut(db: Db, contactId: number, now = new Date('2026-12-02T09:00:00Z')): Promise<void> {
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, { type: 'set_preferences', optedOut: true }, now, `wamid.stop.${contactId}`, MARKET);
  });
}

/** Sets a contact's moderation as an admin does: the matching index follows. */
export async function moderate(db: Db, contactId: number, moderation: 'restricted' | 'suspended'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(contacts).set({ moderation, moderationReason: 'test' }).where(sql`${contacts.id} = ${contactId}`);
    await syncWorkerReach(tx, contactId);
  });
}

/** Pauses a worker's offers until a time, as a no-show does: the matching index follows. */
export async function pauseOffersUntil(db: Db, contactId: number, until: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(workers).set({ offersPausedUntil: until }).where(sql`${workers.contactId} = ${contactId}`);
    await syncWorkerReach(tx, contactId);
  });
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A job code no other seeded job in this process has: its number in the share code alphabet, after a 'T'. */
function jobCodeFor(n: number): string {
  let code = '';
  for (let rest = n + (process.pid % 1000) * 100_000; code.length < 5; rest = Math.floor(rest / CODE_ALPHABET.length)) code = CODE_ALPHABET[rest % CODE_ALPHABET.length]! + code;
  return `T${code}`;
}

/** An employer contact (no profile needed for matching); returns its id. */
export async function seedEmployerContact(db: Db): Promise<number> {
  seq += 1;
  const waId = `3479${String(process.pid % 10_000).padStart(4, '0')}${String(seq).padStart(4, '0')}`;
  const [row] = await db.insert(contacts).values({ phoneNumberId: SEED_NUMBER, waId, role: 'employer', consent: 'given' }).returning({ id: contacts.id });
  return row!.id;
}

/** An open job row at a point and between two instants; returns its id. */
export async function seedJob(
  db: Db,
  employerContactId: number,
  options: { point: Point; startsAt: Date; endsAt: Date; skill?: string; payCents?: number; localDate?: string; headcount?: number },
): Promise<number> {
  seq += 1;
  const code = jobCodeFor(seq);
  const [row] = await db
    .insert(jobs)
    .values({
      code,
      employerContactId,
      title: 'Seeded shift',
      skill: options.skill ?? 'waiter',
      localDate: options.localDate ?? options.startsAt.toISOString().slice(0, 10),
      timeZone: 'Europe/Madrid',
      startsAt: options.startsAt,
      endsAt: options.endsAt,
      payCents: options.payCents ?? 1400,
      currency: 'EUR',
      headcount: options.headcount ?? 1,
      lat: options.point.lat,
      lng: options.point.lng,
      areaLabel: 'Madrid',
      sourceWamid: `wamid.seed.job.${seq}.${process.pid}`,
    })
    .returning({ id: jobs.id });
  return row!.id;
}

/** An offer of a job to a worker, as matching makes it; returns its id. */
export async function seedOffer(
  db: Db,
  jobId: number,
  workerContactId: number,
  options: { status?: (typeof offers.$inferInsert)['status']; sentAt?: Date; source?: 'match' | 'link' } = {},
): Promise<number> {
  const sentAt = options.sentAt ?? new Date('2026-12-04T09:00:00Z');
  const [row] = await db
    .insert(offers)
    .values({
      jobId,
      workerContactId,
      status: options.status ?? 'sent',
      source: options.source ?? 'match',
      round: options.source === 'link' ? 0 : 1,
      distanceKm: 1,
      fit: {},
      sentAt,
      expiresAt: new Date(sentAt.getTime() + 12 * 3_600_000),
    })
    .returning({ id: offers.id });
  return row!.id;
}
