// Seeding for the marketplace clock's tests: employers with a business, jobs and offers at chosen instants,
// leads made and unlocked through the use-cases themselves, and what the clock wrote and scheduled.
import { asc, eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { carryOutEffect } from '../../src/conversation/carry-out-effects.js';
import type { Db } from '../../src/db/database.js';
import { jobs, leads, offers, outbox } from '../../src/db/schema.js';
import { recordUnlock } from '../../src/marketplace/jobs/record-unlock.js';
import { recordInterest } from '../../src/marketplace/offers/answer-offer.js';
import type { EnqueueOptions, JobDefinition, JobQueue } from '../../src/queue/job.js';
import type { OutboundMessage } from '../../src/whatsapp/outbound-message.js';
import { sendJob } from '../../src/whatsapp/send-job.js';
import { MARKET, seedEmployerContact, seedJob, type Point } from './seed-workers.js';

const HOUR = 3_600_000;
/** Madrid centre: where the seeded businesses and jobs are. */
export const MADRID: Point = { lat: 40.4168, lng: -3.7038 };

export const silentLog = pino({ level: 'silent' });

/** A queue that runs nothing and keeps the outbox ids scheduled for sending, in order. */
export class SendsQueue implements JobQueue {
  readonly kind = 'memory' as const;
  readonly scheduled: number[] = [];
  async enqueue<T>(job: JobDefinition<T>, data: T, _options?: EnqueueOptions): Promise<void> {
    if (job.name === sendJob.name) this.scheduled.push((data as { outboxId: number }).outboxId);
  }
  start(): void {}
  async depth() {
    return [];
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Every table of the app emptied: each test's tick sees only the rows that test made. */
export async function emptyMarketplace(db: Db): Promise<void> {
  const tables = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as { rows: { tablename: string }[] };
  const names = tables.rows.map((t) => `"${t.tablename}"`).join(', ');
  await db.execute(sql.raw(`truncate ${names} restart identity cascade`));
}

/** An employer contact with an active business of this name; returns the contact id. */
export async function seedEmployer(db: Db, businessName: string, now = new Date('2027-03-01T09:00:00Z')): Promise<number> {
  const contactId = await seedEmployerContact(db);
  await db.transaction(async (tx) => {
    await carryOutEffect(
      tx,
      contactId,
      { type: 'save_employer_profile', status: 'active', profile: { businessName, contactName: 'Ana Garcia', businessType: 'restaurant', location: { ...MADRID, label: 'Centro, Madrid' } } },
      now,
      `wamid.seed.employer.${contactId}`,
      MARKET,
    );
  });
  return contactId;
}

export interface JobSeed {
  title: string;
  startsAt: Date;
  /** Shift length; 6 hours unless told. */
  hours?: number;
  createdAt: Date;
  headcount?: number;
  skill?: string;
  point?: Point;
  matchedAt?: Date | null;
  stillOpenAskedAt?: Date | null;
  stillOpenConfirmedAt?: Date | null;
}

/** An open job posted at `createdAt` (set explicitly: the clock reads a job's age from it); returns its id. */
export async function seedClockJob(db: Db, employerId: number, job: JobSeed): Promise<number> {
  const endsAt = new Date(job.startsAt.getTime() + (job.hours ?? 6) * HOUR);
  const id = await seedJob(db, employerId, { point: job.point ?? MADRID, startsAt: job.startsAt, endsAt, headcount: job.headcount ?? 1, skill: job.skill ?? 'waiter' });
  await db
    .update(jobs)
    .set({
      title: job.title,
      createdAt: job.createdAt,
      matchedAt: job.matchedAt ?? null,
      stillOpenAskedAt: job.stillOpenAskedAt ?? null,
      stillOpenConfirmedAt: job.stillOpenConfirmedAt ?? null,
    })
    .where(eq(jobs.id, id));
  return id;
}

/** An offer of a job to a worker, sent at `sentAt` with its own deadline; returns its id. */
export async function seedTimedOffer(
  db: Db,
  jobId: number,
  workerContactId: number,
  timing: { sentAt: Date; expiresAt: Date; status?: (typeof offers.$inferInsert)['status']; round?: number },
): Promise<number> {
  const [row] = await db
    .insert(offers)
    .values({
      jobId,
      workerContactId,
      status: timing.status ?? 'sent',
      source: 'match',
      round: timing.round ?? 1,
      distanceKm: 1,
      fit: {},
      sentAt: timing.sentAt,
      expiresAt: timing.expiresAt,
    })
    .returning({ id: offers.id });
  return row!.id;
}

/** The worker says yes to a new offer of the job at `now` (recordInterest); returns the lead's id. */
export async function seedLead(db: Db, jobId: number, workerContactId: number, now: Date): Promise<number> {
  const offerId = await seedTimedOffer(db, jobId, workerContactId, { sentAt: now, expiresAt: new Date(now.getTime() + 12 * HOUR) });
  await db.transaction((tx) => recordInterest(tx, { workerContactId, now, market: MARKET }, offerId));
  const [lead] = await db.select({ id: leads.id }).from(leads).where(eq(leads.offerId, offerId));
  if (lead === undefined) throw new Error(`offer ${offerId} made no lead`);
  return lead.id;
}

/** A lead made and unlocked at `now` (the job must be open, and stays so below its headcount); returns its id. */
export async function seedUnlockedLead(db: Db, jobId: number, workerContactId: number, now: Date): Promise<number> {
  const leadId = await seedLead(db, jobId, workerContactId, now);
  const outcome = await db.transaction((tx) => recordUnlock(tx, MARKET, leadId, now));
  if (outcome.kind !== 'unlocked') throw new Error(`lead ${leadId} could not be unlocked`);
  return leadId;
}

/** The messages written to a contact, oldest first, with the cause each was written for. */
export async function outboxOf(db: Db, contactId: number): Promise<{ id: number; causedBy: string | null; message: OutboundMessage }[]> {
  const rows = await db.select().from(outbox).where(eq(outbox.contactId, contactId)).orderBy(asc(outbox.id));
  return rows.map((r) => ({ id: r.id, causedBy: r.causedBy, message: r.message as OutboundMessage }));
}

/** The texts of the plain-text messages written to a contact. */
export async function textsTo(db: Db, contactId: number): Promise<string[]> {
  return (await outboxOf(db, contactId)).flatMap((r) => (r.message.type === 'text' ? [r.message.text] : []));
}

/** The reply ids (buttons or list rows) of each interactive message written to a contact. */
export async function choicesTo(db: Db, contactId: number): Promise<string[][]> {
  return (await outboxOf(db, contactId)).flatMap((r) => {
    if (r.message.type === 'buttons') return [r.message.buttons.map((b) => b.id)];
    if (r.message.type === 'list') return [r.message.sections.flatMap((s) => s.rows.map((row) => row.id))];
    return [];
  });
}
