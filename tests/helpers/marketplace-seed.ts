// Workers who can chat: a contact of the chat driver's business number with a saved profile (through the app's
// own effect, so the matching index is written as the app writes it) and a registered conversation state.
import { sql } from 'drizzle-orm';
import { carryOutEffect } from '../../src/conversation/carry-out-effects.js';
import type { WorkerProfile } from '../../src/conversation/engine/context.js';
import type { Db } from '../../src/db/database.js';
import { contacts, conversations } from '../../src/db/schema.js';
import { BUSINESS, freshNumber } from './chat-driver.js';
import { MARKET, workerProfile } from './seed-workers.js';

/** Chamberí, Madrid, as data/areas.ts places it. */
export const CHAMBERI = { lat: 40.435, lng: -3.704 };

export interface SeededWorker {
  contactId: number;
  waId: string;
  profile: WorkerProfile;
}

/** A registered English-speaking worker with this profile; `then` changes them after (pause, opt out...). */
export async function seedChatWorker(db: Db, overrides: Partial<WorkerProfile> = {}): Promise<SeededWorker> {
  const waId = freshNumber('us');
  const profile = workerProfile({ location: { ...CHAMBERI, label: 'Chamberí, Madrid' }, phone: `+${waId}`, ...overrides });
  const [contact] = await db
    .insert(contacts)
    .values({ phoneNumberId: BUSINESS.phoneNumberId, waId, role: 'worker', consent: 'given', consentAt: new Date(), locale: 'en', lastInboundAt: new Date() })
    .returning({ id: contacts.id });
  const contactId = contact!.id;
  await db.insert(conversations).values({
    contactId,
    state: { v: 1, locale: 'en', role: 'worker', consent: 'given', optedOut: false, flow: null, parked: null, noticeAt: null, pendingJob: null },
  });
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, { type: 'save_worker_profile', profile }, new Date(), `wamid.seed.profile.${contactId}`, MARKET);
  });
  return { contactId, waId, profile };
}

/** Runs one of the app's own effects for a seeded contact (pause, stop...), as a turn would. */
export async function applyEffect(db: Db, contactId: number, effect: Parameters<typeof carryOutEffect>[2]): Promise<void> {
  await db.transaction(async (tx) => {
    await carryOutEffect(tx, contactId, effect, new Date(), `wamid.seed.effect.${contactId}.${Date.now()}`, MARKET);
  });
}

export async function contactIdOf(db: Db, waId: string): Promise<number> {
  const result = (await db.execute(sql`select id from contacts where phone_number_id = ${BUSINESS.phoneNumberId} and wa_id = ${waId}`)) as unknown as { rows: { id: string | number }[] };
  return Number(result.rows[0]!.id);
}
