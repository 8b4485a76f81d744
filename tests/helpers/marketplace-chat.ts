// The marketplace through the chat: an employer who onboards and posts a job in chat, a newcomer who onboards as
// a worker by taps, and the rows they leave behind (the job, its offers, leads and referrals, the outbox).
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { jobs, leads, offers, outbox, referrals } from '../../src/db/schema.js';
import type { OutboundMessage } from '../../src/whatsapp/outbound-message.js';
import type { Database } from '../../src/db/database.js';
import { startChatService, type Chat, type ChatService, type Reply, type Turn } from './chat-driver.js';
import type { QueueBackend } from './backends.js';
import { CHAMBERI } from './marketplace-seed.js';

const j = (step: string, what: string) => `post_job/${step}/${what}`;
const e = (step: string, what: string) => `employer_onboarding/${step}/${what}`;
const w = (step: string, what: string) => `worker_onboarding/${step}/${what}`;

/** The business number the marketplace suites' share links name. */
export const DISPLAY_NUMBER = '15550783881';

/** The app for marketplace suites: employers active at once, share links on, no flood limit to trip. */
export function startMarketplaceService(database: Database, queue: QueueBackend, env: Record<string, string> = {}): Promise<ChatService> {
  return startChatService(database, queue, {
    EMPLOYER_VERIFICATION: 'auto',
    WHATSAPP_DISPLAY_PHONE_NUMBER: DISPLAY_NUMBER,
    WHATSAPP_CONTACT_FLOOD_PER_MINUTE: '10000',
    ...env,
  });
}

/** From the role question on: an employer of a business in Chamberí, active at once (EMPLOYER_VERIFICATION=auto). */
export async function onboardEmployerFromRole(chat: Chat, business: string): Promise<Turn> {
  await chat.tap('welcome/role/employer', "I'm hiring");
  await chat.tap('welcome/consent_employer/agree', 'I agree');
  await chat.text(business);
  await chat.text('Ana Garcia');
  await chat.pick(e('business_type', 'item/restaurant'), 'Restaurant / Cafe');
  await chat.text('Chamberí');
  return chat.tap(e('summary', 'confirm'), 'Looks good');
}

export async function activeEmployer(chat: Chat, business = 'Cafe Sol'): Promise<void> {
  await chat.text('hi');
  const done = await onboardEmployerFromRole(chat, business);
  expect(done.text).toContain('Ready to post your first job?');
}

/** A waiter shift tomorrow 10:00-16:00 (Madrid) at the business, paying EUR 14 an hour, for `headcount` workers. */
export async function postJob(chat: Chat, title: string, headcount: 1 | 2 | 3 = 1): Promise<Turn> {
  await chat.tap('cmd.post_job', 'Post a job');
  await chat.text(title);
  await chat.text('waiter');
  await chat.text('tomorrow');
  await chat.text('10:00-16:00');
  await chat.text('14');
  await chat.tap(j('headcount', `value/${headcount}`), String(headcount));
  await chat.tap(j('place', 'business'), 'At my business');
  await chat.tap(j('description', 'skip'), 'Skip');
  const posted = await chat.tap(j('summary', 'confirm'), 'Post job');
  expect(posted.text).toContain('Posted!');
  return posted;
}

/** From the role question on: a worker onboarding by taps, up to (not including) the summary's confirmation. */
export async function onboardWorkerToSummary(chat: Chat): Promise<void> {
  await chat.tap('welcome/role/worker', 'Find work');
  await chat.tap('welcome/consent_worker/agree', 'I agree');
  await chat.text('Maria Lopez');
  await chat.pick(w('skill', 'item/waiter'), 'Waiter / Waitress');
  await chat.tap(w('more_skills', 'done'), "That's all");
  await chat.tap(w('availability', 'preset/weekends'), 'Weekends');
  await chat.location(CHAMBERI.lat, CHAMBERI.lng);
  await chat.tap(w('radius', 'value/10'), 'Up to 10 km');
  await chat.text('12');
  await chat.tap(w('phone', 'use'), 'Yes, use it');
}

export const confirmWorkerSummary = (chat: Chat): Promise<Turn> => chat.tap(w('summary', 'confirm'), 'Looks good');

export async function jobOf(db: Db, chat: Chat, title: string): Promise<typeof jobs.$inferSelect> {
  const { id } = await chat.contact();
  const [row] = await db.select().from(jobs).where(and(eq(jobs.employerContactId, id), eq(jobs.title, title)));
  if (!row) throw new Error(`no job "${title}" for ${chat.waId}`);
  return row;
}

export const referralsOf = (db: Db, jobId: number) => db.select().from(referrals).where(eq(referrals.jobId, jobId)).orderBy(asc(referrals.id));
export const offersOf = (db: Db, jobId: number) => db.select().from(offers).where(eq(offers.jobId, jobId)).orderBy(asc(offers.id));
export const leadsOf = (db: Db, jobId: number) => db.select().from(leads).where(eq(leads.jobId, jobId)).orderBy(asc(leads.id));

/** Everything written to a contact (read receipts left out), in order. */
export async function messagesTo(db: Db, contactId: number): Promise<Reply[]> {
  const rows = await db.select().from(outbox).where(eq(outbox.contactId, contactId)).orderBy(asc(outbox.id));
  return rows.map((r) => r.message as OutboundMessage).filter((m): m is Reply => m.type !== 'read_receipt');
}
