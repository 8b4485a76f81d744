// A contact's conversation state as it is stored (conversations.state): plain JSON, parsed on every read.
import { z } from 'zod';

export const locales = ['en', 'es'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

export const roleSchema = z.enum(['worker', 'employer']);
export type Role = z.infer<typeof roleSchema>;

/** Where a contact is inside a flow. Answers are kept as JSON values and re-checked by each step's schema. */
export const flowPositionSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  step: z.string(),
  answers: z.record(z.string(), z.unknown()).default({}),
  /** Misunderstood answers in a row at this step. */
  tries: z.number().int().min(0).default(0),
  /** Steps answered so far, for "back". */
  trail: z.array(z.string()).default([]),
  /** Page of a long list being shown. */
  page: z.number().int().min(0).default(0),
  /** Changing one field from the summary: the next answer goes back to the summary. */
  editing: z.boolean().default(false),
  /** Editing a list from the summary: the first new item replaces the list (kept until then, for "back"). */
  replace: z.string().nullable().default(null),
  /** Asked "continue or restart?" after a long pause. */
  resumeAsked: z.boolean().default(false),
  /** When the contact last answered in this flow (ISO). */
  at: z.string(),
});
export type FlowPosition = z.infer<typeof flowPositionSchema>;

export const STATE_VERSION = 1;

export const conversationStateSchema = z.object({
  v: z.literal(STATE_VERSION).default(STATE_VERSION),
  locale: localeSchema.nullable().default(null),
  role: roleSchema.nullable().default(null),
  consent: z.enum(['given', 'declined']).nullable().default(null),
  /** "stop": no messages we start (offers, reminders); replies still go. */
  optedOut: z.boolean().default(false),
  flow: flowPositionSchema.nullable().default(null),
  /** An onboarding set aside by a command (language, report, menu): offered again on the next message. */
  parked: flowPositionSchema.nullable().default(null),
  /** When the suspended/restricted notice last went out (ISO), so a flood of messages gets one notice. */
  noticeAt: z.string().nullable().default(null),
  /** A job's share link opened before the contact had a worker profile: shown once onboarding is done. */
  pendingJob: z.object({ code: z.string(), referrer: z.number().int().nullable() }).nullable().default(null),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

export const freshState = (): ConversationState => conversationStateSchema.parse({});

/**
 * The stored JSON as a state. Older or foreign shapes (the interim echo handler's `{ turns }`, a
 * state from an older release) keep what still parses field by field and start fresh for the rest.
 */
export function readState(raw: unknown): ConversationState {
  const whole = conversationStateSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const state = freshState();
  const shape = conversationStateSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (key === 'v') continue;
    const field = shape[key].safeParse(fields[key]);
    if (field.success) (state as Record<string, unknown>)[key] = field.data;
  }
  return state;
}
