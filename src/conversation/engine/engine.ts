// The conversation engine: (state, inbound message, context) -> (new state, replies, effects). No I/O.
//
// Routing order: the conversation's own state first (an answer to the step being asked), global commands
// when the whole message is one, then what a contact without a flow gets (welcome, greeting, menu).
import type { FlowName } from '../../../flows/index.js';
import type { InboundMessage } from '../../whatsapp/inbound-event.js';
import { normaliseText } from '../answers/fuzzy-match.js';
import { commandOf, isGreeting, type Command } from './commands.js';
import { completions, type FlowControl } from './completions.js';
import type { EngineContext } from './context.js';
import type { EngineResult } from './effects.js';
import type { StepDefinition } from './flow.js';
import { flowOf, isOnboarding, ONBOARDING_FLOWS, stepOf } from './flow-lookup.js';
import { guards } from './guards.js';
import { answerTypedToOffer, handleMarketAction, openSharedJob } from './market.js';
import { marketActionOf, shareCodeOf, typedAnswerOf } from './market-actions.js';
import { inputOf, type Input } from './input.js';
import { showMenu } from './menu.js';
import { firstUnanswered, resolveNext } from './next-step.js';
import { promptFieldPick, promptStep } from './prompt-step.js';
import { runCommand } from './run-command.js';
import { readState, type FlowPosition } from './state.js';
import { ownId } from './step-ids.js';
import { pickOption, takeAnswer } from './take-answer.js';
import { Turn } from './turn.js';

/** After this long away, a contact mid-onboarding is asked whether to continue or start over. */
export const RESUME_AFTER_MS = 12 * 60 * 60 * 1000;
/** Misunderstood answers in a row before help is offered. */
export const MAX_TRIES = 3;
/** While suspended or restricted, only these work: appeal, understand, and privacy rights. */
const ALLOWED_WHILE_MODERATED = new Set<Command>(['report', 'why', 'stop', 'start', 'delete', 'export', 'language']);
const FLOWS_WHILE_MODERATED = new Set(['report', 'delete_data', 'language']);
const NOTICE_EVERY_MS = 10 * 60 * 1000;

export function runEngine(rawState: unknown, message: InboundMessage, context: EngineContext): EngineResult {
  const turn = new Turn(readState(rawState), context);
  const content = message.content;
  // Meta's notices and reactions are not things to answer.
  if (content.type === 'system' || content.type === 'reaction') return turn.result();
  const input = inputOf(content);
  const command = commandOf(input);
  const engine = new Engine(turn);

  if (context.moderation.status !== 'active') {
    const allowed = command === null ? turn.state.flow !== null && FLOWS_WHILE_MODERATED.has(turn.state.flow.name) : ALLOWED_WHILE_MODERATED.has(command);
    if (!allowed) {
      engine.notice();
      return turn.result();
    }
  }
  engine.handle(input, command);
  // The language is fixed once the contact has said yes (suggested from the number until then).
  if (turn.state.consent === 'given') turn.state = { ...turn.state, locale: turn.state.locale ?? turn.locale };
  return turn.result();
}

export class Engine implements FlowControl {
  /** The position whose completion is running (its flow is already closed), for a completion that sends it back. */
  private finishing: FlowPosition | null = null;

  constructor(readonly turn: Turn) {}

  private get moderated(): boolean {
    return this.turn.context.moderation.status !== 'active';
  }

  private get registered(): boolean {
    return this.turn.state.consent === 'given' && this.turn.state.role !== null;
  }

  private now(): string {
    return this.turn.context.now.toISOString();
  }

  handle(input: Input, command: Command | null): void {
    // A tap on a marketplace card (an offer, a candidate, a job, a rating) or a share link, wherever the
    // conversation is; the question pending, if any, is asked again after.
    // Not while suspended or restricted (only appeals, language and privacy flows get that far).
    const action = this.moderated ? null : marketActionOf(input);
    const share = action || this.moderated ? null : shareCodeOf(input);
    // A typed "JOB <code>" that names no job is an answer like any other text when a question is pending.
    const pendingAnswer = share !== null && this.turn.state.flow !== null && !this.turn.context.market?.linked.some((j) => j.code === share.code);
    if (action || (share && !pendingAnswer)) {
      const pending = this.turn.state.flow;
      if (action) handleMarketAction(this, action);
      else openSharedJob(this, share!);
      if (pending && this.turn.state.flow === pending) this.repeat();
      return;
    }
    const position = this.turn.state.flow;
    if (position && !flowOf(position.name)) this.turn.state = { ...this.turn.state, flow: null };
    else if (position) return this.handleInFlow(position, input, command);
    if (command) return runCommand(this, command);
    const { parked } = this.turn.state;
    if (parked && flowOf(parked.name)) {
      this.turn.state = { ...this.turn.state, parked: null };
      return this.askResume(parked);
    }
    this.noFlow(input);
  }

  private handleInFlow(position: FlowPosition, input: Input, command: Command | null): void {
    // A command word that is also an answer to the question asked ("delete" at "Delete everything?") answers it.
    if (command && !this.answersChoice(position, input)) return runCommand(this, command);
    if (position.resumeAsked) return this.answerResume(position, input);
    const tapsThisStep = input.kind === 'reply' && ownId(input.id, position.name, position.step) !== null;
    if (!tapsThisStep && this.turn.context.now.getTime() - Date.parse(position.at) > RESUME_AFTER_MS) {
      if (isOnboarding(position.name, this.turn.context)) return this.askResume(position);
      // Anything else left half-done (a profile edit, a report) is dropped, and the message read afresh.
      this.turn.state = { ...this.turn.state, flow: null };
      return this.handle(input, command);
    }
    const current = this.reposition(position);
    // A position its flow moved away from: ask the question it moved to, rather than judge this message against it.
    if (current !== position) return this.enter(current);
    this.answer(current, input);
  }

  /** A contact with no question pending. */
  private noFlow(input: Input): void {
    const { state, context } = this.turn;
    if (!this.registered) return this.startFlow('welcome');
    if (state.role === 'worker' && context.worker === null) return this.start('worker_onboarding');
    if (state.role === 'employer' && context.employer === null) return this.start('employer_onboarding');
    const typed = typedAnswerOf(input);
    if (typed && answerTypedToOffer(this, typed)) return;
    const lead = isGreeting(input)
      ? this.turn.t('greeting.active', { firstName: (context.worker?.name ?? context.employer?.contactName ?? '').split(' ')[0] ?? '' })
      : this.turn.t(input.kind === 'other' ? 'unknown.media' : 'unknown.active');
    this.menu(lead);
  }

  private answersChoice(position: FlowPosition, input: Input): boolean {
    const step = stepOf(position);
    return step?.answer.kind === 'choice' && input.kind === 'text' && pickOption(step.answer.options, input, null) !== undefined;
  }

  /** A saved position whose flow changed since (a new version, a removed step) moves to its first unanswered step. */
  private reposition(position: FlowPosition): FlowPosition {
    const flow = flowOf(position.name)!;
    if (position.version === flow.version && stepOf(position)) return position;
    const step = firstUnanswered(flow, position.answers, this.turn.context);
    return { ...position, version: flow.version, step, trail: [], editing: false, replace: null, tries: 0, page: 0 };
  }

  startFlow(name: FlowName, answers: Record<string, unknown> = {}, step?: string, lead?: string): void {
    const current = this.turn.state.flow;
    if (current && isOnboarding(current.name, this.turn.context) && !ONBOARDING_FLOWS.has(name)) this.turn.state = { ...this.turn.state, parked: current };
    const flow = flowOf(name)!;
    this.enter(
      { name, version: flow.version, step: step ?? flow.start, answers, tries: 0, trail: [], page: 0, editing: false, replace: null, resumeAsked: false, at: this.now() },
      lead,
    );
  }

  start(name: 'welcome' | 'worker_onboarding' | 'employer_onboarding', options: { answers?: Record<string, unknown> } = {}): void {
    this.startFlow(name, options.answers ?? {});
  }

  unpark(lead?: string): boolean {
    const { parked } = this.turn.state;
    if (this.moderated || !parked || !flowOf(parked.name)) return false;
    this.turn.state = { ...this.turn.state, parked: null };
    this.enter({ ...parked, at: this.now() }, lead);
    return true;
  }

  /** The menu; a newcomer gets the welcome instead, a moderated contact the text alone. */
  menu(lead?: string): void {
    if (this.moderated) {
      if (lead) this.turn.text(lead);
      return;
    }
    if (!this.registered) return this.startFlow('welcome', {}, undefined, lead);
    showMenu(this.turn, lead);
  }

  reask(step: string, lead?: string): void {
    const position = this.turn.state.flow ?? this.finishing;
    if (!position) return;
    this.enter({ ...position, step, editing: true, tries: 0, page: 0 }, lead);
  }

  /** Asks a position's question (after skipping steps whose guard says so) and makes it the current one. */
  enter(position: FlowPosition, lead?: string): void {
    let current = { ...this.reposition(position), resumeAsked: false };
    const flow = flowOf(current.name)!;
    for (let hops = 0; hops < 10; hops += 1) {
      const step = stepOf(current);
      if (!step?.skip || !guards[step.skip.if](current.answers, this.turn.context)) break;
      current = { ...current, step: step.skip.to, page: 0 };
    }
    if (!stepOf(current)) current = { ...current, step: flow.start };
    this.turn.state = { ...this.turn.state, flow: current };
    promptStep(this.turn, current, lead);
  }

  /** Asks the current step again, after a command answered something else (help, stop...). */
  repeat(lead?: string): boolean {
    const position = this.turn.state.flow;
    // A moderated contact's pending question is not theirs to answer now (only the allowed flows are).
    if (!position || !flowOf(position.name) || (this.moderated && !FLOWS_WHILE_MODERATED.has(position.name))) return false;
    this.enter(position, lead);
    return true;
  }

  private askResume(position: FlowPosition): void {
    const turn = this.turn;
    turn.state = { ...turn.state, flow: { ...position, resumeAsked: true } };
    turn.buttons(turn.t('resume.ask', { activity: turn.t(`activity.${position.name}` as 'activity.welcome') }), [
      { id: 'resume/continue', label: 'button.continue' },
      { id: 'resume/restart', label: 'button.start_over' },
    ]);
  }

  /** Only a resume answer, or a tap on the pending question's own buttons, is taken here; anything else asks again. */
  private answerResume(position: FlowPosition, input: Input): void {
    const typed = input.kind === 'text' ? normaliseText(input.text) : '';
    const tapped = input.kind === 'reply' ? input.id : '';
    if (tapped === 'resume/restart' || ['start over', 'restart', 'empezar de nuevo', 'empezar', '2'].includes(typed)) return this.startFlow(position.name as FlowName);
    const back = { ...position, resumeAsked: false, at: this.now() };
    if (tapped === 'resume/continue' || ['continue', 'seguir', 'continuar', '1'].includes(typed)) return this.enter(back);
    if (input.kind === 'reply' && ownId(input.id, position.name, position.step) !== null) {
      const current = this.reposition(back);
      if (current !== back) return this.enter(current);
      this.turn.state = { ...this.turn.state, flow: current };
      return this.answer(current, input);
    }
    this.askResume(position);
  }

  private answer(position: FlowPosition, input: Input): void {
    const turn = this.turn;
    const step = stepOf(position)!;
    const now = this.now();
    // "hi" in the middle of a question is not an answer (not even a name): ask again, without a hint or a strike.
    if (isGreeting(input) && (step.answer.kind === 'text' || step.answer.kind === 'choice' || step.answer.kind === 'catalogue' || step.answer.kind === 'place')) {
      return this.enter({ ...position, at: now });
    }
    const taken = takeAnswer(turn, position, step, input);
    switch (taken.kind) {
      case 'page':
        return this.enter({ ...position, page: taken.page, at: now });
      case 'edit':
        turn.state = { ...turn.state, flow: { ...position, at: now } };
        return promptFieldPick(turn, position);
      case 'edit_field': {
        const field = flowOf(position.name)!.summary!.fields.find((f) => f.step === taken.step)!;
        return this.enter({ ...position, step: field.step, editing: true, replace: field.clears ?? null, tries: 0, page: 0, trail: [...position.trail, position.step], at: now });
      }
      case 'invalid': {
        const tries = position.tries + 1;
        turn.state = { ...turn.state, flow: { ...position, tries: tries >= MAX_TRIES ? 0 : tries, at: now } };
        if (taken.rows) turn.list(taken.hint, taken.rows);
        else promptStep(turn, turn.state.flow!, taken.hint);
        if (tries >= MAX_TRIES) {
          turn.buttons(turn.t('hint.too_many_tries'), [
            { id: 'cmd.help', label: 'button.help' },
            { id: 'cmd.menu', label: 'button.menu' },
          ]);
        }
        return;
      }
      case 'value':
        return this.advance(position, step, taken.value, taken.display, taken.option);
    }
  }

  private advance(position: FlowPosition, step: StepDefinition<string>, value: unknown, display: string, option: string | undefined): void {
    const turn = this.turn;
    const flow = flowOf(position.name)!;
    const switchTo = option === undefined ? undefined : step.locale?.[option];
    if (switchTo) {
      const locale = switchTo === 'toggle' ? (turn.locale === 'en' ? 'es' : 'en') : switchTo;
      turn.state = { ...turn.state, locale };
      turn.effect({ type: 'set_preferences', locale });
      return this.enter({ ...position, tries: 0, at: this.now() });
    }
    const answers = { ...position.answers };
    let replace = position.replace;
    if (step.save) {
      const { key, append } = step.save;
      if (append) {
        // Editing a list: the first new item starts it afresh.
        const list = replace === key ? [] : Array.isArray(answers[key]) ? (answers[key] as unknown[]) : [];
        if (replace === key) replace = null;
        answers[key] = list.includes(value) ? list : [...list, value].slice(0, append);
      } else answers[key] = value;
    }
    const lead = step.ack ? turn.t(step.ack, { value: display }) : undefined;
    let next = resolveNext(step.next, option, answers, turn.context);
    let editing = position.editing;
    if (editing && flow.summary && next !== 'done') {
      const stays = step.group !== undefined && stepOf({ name: position.name, step: next })?.group === step.group;
      if (!stays) {
        next = flow.summary.step;
        editing = false;
      }
    }
    if (next === 'done') {
      const parked = turn.state.parked?.name === position.name ? null : turn.state.parked;
      turn.state = { ...turn.state, flow: null, parked };
      this.finishing = { ...position, answers, at: this.now() };
      completions[flow.complete](turn, answers, this);
      this.finishing = null;
      return;
    }
    this.enter({ ...position, step: next, answers, editing, replace, tries: 0, page: 0, trail: [...position.trail, position.step].slice(-20), at: this.now() }, lead);
  }

  /** Suspended or restricted: one clear message, then quiet for a while however many messages come. */
  notice(): void {
    const { turn } = this;
    const { moderation, now, worker } = turn.context;
    const last = turn.state.noticeAt ? Date.parse(turn.state.noticeAt) : 0;
    if (now.getTime() - last < NOTICE_EVERY_MS) return;
    turn.state = { ...turn.state, noticeAt: now.toISOString() };
    if (moderation.status === 'restricted') turn.say(worker || turn.state.role === 'worker' ? 'notice.restricted_worker' : 'notice.restricted');
    else if (moderation.reason) turn.say('notice.suspended_reason', { reason: moderation.reason.slice(0, 200) });
    else turn.say('notice.suspended');
  }
}
