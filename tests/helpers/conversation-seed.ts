// Puts a contact's conversation where its replies make the order of its messages visible, and reads
// those replies back. A worker at the onboarding "skill" step who types something not in the skills
// catalogue gets `I could not find "<text>". Please pick one from the list...` (hint.catalogue in
// templates/en.ts): each reply quotes the message it answers, so the replies' order is the handling order.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { contacts, conversations } from '../../src/db/schema.js';
import { resolveContact } from '../../src/whatsapp/contacts-repo.js';
import { PHONE_NUMBER_ID } from './meta-webhook.js';

/** A registered English-speaking worker who gave their name and is asked for a skill. */
export function skillStepState(now: Date = new Date()) {
  return {
    v: 1,
    locale: 'en',
    role: 'worker',
    consent: 'given',
    optedOut: false,
    flow: {
      name: 'worker_onboarding',
      version: 1,
      step: 'skill',
      answers: { name: 'Test User' },
      tries: 0,
      trail: [],
      page: 0,
      editing: false,
      resumeAsked: false,
      at: now.toISOString(),
    },
    parked: null,
    noticeAt: null,
  };
}

/**
 * Makes (or finds) the contact of this number, as the ingest keys it (business number + wa_id), with its
 * choices mirrored as the welcome flow leaves them, and its conversation at the skill step. Returns its id.
 */
export async function seedAtSkillStep(
  db: Db,
  options: { waId: string; phoneNumberId?: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  const contact = await resolveContact(db, options.phoneNumberId ?? PHONE_NUMBER_ID, { userId: null, waId: options.waId });
  await db
    .update(contacts)
    .set({ locale: 'en', role: 'worker', consent: 'given', consentAt: now })
    .where(sql`${contacts.id} = ${contact.id}`);
  const state = skillStepState(now);
  await db
    .insert(conversations)
    .values({ contactId: contact.id, state, updatedAt: now })
    .onConflictDoUpdate({ target: conversations.contactId, set: { state, updatedAt: now } });
  return contact.id;
}

/** The start of the skill step's answer to an unknown text: `I could not find "<quote>".` */
export const NOT_FOUND = /^I could not find "(.*)"\. Please pick one from the list/;
/** The body of the skill step's answer to exactly this unknown text (a short one: longer texts are cut to 40 characters). */
export function notFoundFor(text: string): RegExp {
  const literal = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^I could not find "${literal}"\\. Please pick one from the list`);
}
/** What follows the re-prompt on every third misunderstood answer in a row (hint.too_many_tries). */
export const HAVING_TROUBLE = /^Having trouble\?/;
/** The first question a new contact gets (welcome.ask_role). */
export const WELCOME = /^Welcome to Partimer/;
/** A misunderstood answer to a question with buttons (hint.choice), before the question again. */
export const CHOICE_HINT = /^Please tap one of the buttons, or type its number\.\n/;

/** The text a reply shows: a text's text, the body of buttons, a list or a contact request; null for a receipt or template. */
export function replyText(message: unknown): string | null {
  const m = message as { type?: string; text?: unknown; body?: unknown };
  if (m.type === 'text') return typeof m.text === 'string' ? m.text : null;
  if (m.type === 'buttons' || m.type === 'list' || m.type === 'contact_request') return typeof m.body === 'string' ? m.body : null;
  return null;
}

/** The text a "could not find" reply quotes (up to 40 characters of the message), or null for any other message. */
export function quotedText(message: unknown): string | null {
  const text = replyText(message);
  if (text === null) return null;
  return NOT_FOUND.exec(text)?.[1] ?? null;
}

/** The quoted texts of the "could not find" replies among these outbox messages, in the order given. */
export function quotedTexts(messages: readonly unknown[]): string[] {
  return messages.map(quotedText).filter((quote): quote is string => quote !== null);
}
