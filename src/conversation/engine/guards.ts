// Conditions a flow may name (Next.guard, StepDefinition.skip): pure, over the answers and the context.
import { phoneFromWaId } from '../answers/phone.js';
import type { EngineContext } from './context.js';

type Answers = Readonly<Record<string, unknown>>;

export const guards = {
  /** Five skills is the most a profile holds. */
  skills_full: (answers: Answers) => Array.isArray(answers.skills) && answers.skills.length >= 5,
  /** Meta sent no usable phone number (a user with a username): ask for one. */
  no_meta_phone: (_answers: Answers, context: EngineContext) => context.waId === null || phoneFromWaId(context.waId) === null,
} satisfies Record<string, (answers: Answers, context: EngineContext) => boolean>;

export type GuardName = keyof typeof guards;
