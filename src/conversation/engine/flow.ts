// The shape of a flow file: steps as data (prompt key, how the answer is taken, where it goes next).
import type { TemplateKey } from '../../../templates/index.js';
import type { CatalogueName } from './catalogues.js';
import type { CompletionName, SummaryName } from './completions.js';
import type { GuardName } from './guards.js';

export interface ChoiceOption {
  id: string;
  /** The button or row title. */
  label: TemplateKey;
  /** Words that choose this option when typed, besides its label and position ("1", "2"). */
  typed?: readonly string[];
  /** Only typed, never shown (a fourth way of answering a three-button question). */
  hidden?: boolean;
}

/** How a step takes its answer. Each kind parses the inbound message with its own schema (answers.ts). */
export type AnswerSpec =
  | { kind: 'text'; min: number; max: number; /** 'name': letters needed, digits refused */ shape?: 'name' | 'free' }
  | { kind: 'choice'; options: readonly ChoiceOption[] }
  | { kind: 'catalogue'; catalogue: CatalogueName }
  | { kind: 'place' }
  | { kind: 'number'; min: number; max: number; unit: 'km' | 'money' | 'count'; options?: readonly { value: number; label: TemplateKey }[] }
  | { kind: 'availability' }
  | { kind: 'phone' }
  /** A day in the contact's zone ('tomorrow', 'sáb', '14/12', ISO), today or within a year. */
  | { kind: 'date' }
  /** Start and end times ('10:00-16:00', '10-4pm', 'de 22 a 6'); a shift may cross midnight. */
  | { kind: 'time_range' }
  /** Text, or the [Skip] button (saved as null). */
  | { kind: 'optional_text'; max: number }
  /** The summary of the answers with [Looks good] [Edit]; Edit lists the flow's fields. */
  | { kind: 'summary' };

export type Next<S extends string> = S | 'done' | { guard: GuardName; then: S | 'done'; else: S | 'done' };

export interface StepDefinition<S extends string> {
  prompt: TemplateKey;
  /** The prompt when the step is asked again with an answer already saved (another skill). */
  again?: TemplateKey;
  answer: AnswerSpec;
  /** Where the answer is kept in the flow's answers. `append` collects a list (skills). */
  save?: { key: string; append?: number };
  /** For choices: the next step per option id; otherwise one next step. */
  next: Next<S> | { [optionId: string]: Next<S> };
  /** Said before the next prompt, with {value}: "Got it: Mon-Fri 09:00-17:00." */
  ack?: TemplateKey;
  /** Steps of one field share a group: editing stays in the group, then returns to the summary. */
  group?: string;
  /** Skip this step when the guard holds (e.g. no number from Meta to offer). */
  skip?: { if: GuardName; to: S };
  /** The hint for a misunderstood answer; defaults to the answer kind's own. */
  hint?: TemplateKey;
  /** Options that set the language instead of answering: the step is asked again in it. */
  locale?: { readonly [optionId: string]: 'toggle' | 'en' | 'es' };
}

export interface SummarySpec<S extends string> {
  /** The step that shows the summary with [Looks good] [Edit]. */
  step: S;
  /** Renders the answers as the {summary} placeholder (completions.ts). */
  render: SummaryName;
  /** The confirm button's label, when "Looks good" is not the word ("Post job"). */
  confirm?: TemplateKey;
  /** The fields offered by [Edit]: a label and the step that asks it again. */
  fields: readonly { label: TemplateKey; step: S; clears?: string }[];
}

export interface FlowDefinition<S extends string = string> {
  name: string;
  /** Bump when steps change meaning; saved positions of older versions are re-checked, not trusted. */
  version: number;
  start: S;
  steps: Record<S, StepDefinition<S>>;
  summary?: SummarySpec<S>;
  /** What finishing the flow does (a named pure function in completions.ts). */
  complete: CompletionName;
  /** What "cancel" says in this flow. */
  cancelled: TemplateKey;
}

/** Keeps step names checked: a `next` naming a missing step fails to compile. */
export const defineFlow = <S extends string>(
  flow: { start: NoInfer<S>; steps: Record<S, StepDefinition<NoInfer<S>>>; summary?: SummarySpec<NoInfer<S>> } & Omit<FlowDefinition<S>, 'start' | 'steps' | 'summary'>,
): FlowDefinition<S> =>
  flow as FlowDefinition<S>;
