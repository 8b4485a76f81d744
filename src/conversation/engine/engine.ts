// The conversation engine: (state, inbound message, context) -> (new state, replies, effects). No I/O.
//
// Routing order: the conversation's own state first (an answer to the step being asked), global commands
// when the whole message is one, then what a contact without a flow gets (welcome, greeting, menu).
import { flows, type FlowName } from '../../../flows/index.js';
import type { InboundMessage } from '../../whatsapp/inbound-event.js';
import { normaliseText } from '../answers/fuzzy-match.js';
import { runCommand } from './run-command.js';
import { commandOf, isGreeting, type Command } from './commands.js';
import { completions, type FlowControl } from './completions.js';
import type { EngineContext } from './context.js';
import type { EngineResult } from './effects.js';
import type { FlowDefinition, StepDefinition } from './flow.js';
import { guards } from './guards.js';
import { firstUnanswered, resolveNext } from './next-step.js';
import { inputOf, type Input } from './input.js';
import { showMenu } from './menu.js';
import { promptFieldPick, promptStep, stepOf } from './prompt-step.js';
import { readState, type FlowPosition } from './state.js';
import { pickOption, takeAnswer } from './take-answer.js';
import { Turn } from './turn.js';

/** After this long away, a contact mid-flow is asked whether to continue or start over. */
export const RESUME_AFTER_MS = 12 * 60 * 60 * 1000;
/** Misunderstood answers in a row before help is offered. */
export const MAX_TRIES = 3;
/** The flows "cancel" sets aside (kept, offered again) rather than drops. */
const ONBOARDING = new Set<string>(['welcome', 'worker_onboarding', 'employer_onboarding']);
/** While suspended or restricted, only these work: appeal, understand, and privacy rights. */
const ALLOWED_WHILE_MODERATED = new Set<Command>(['report', 'why', 'stop', 'start', 'delete', 'export', 'language']);
const NOTICE_EVERY_MS = 10 * 60 * 1000;

const flowOf = (name: string): FlowDefinition | undefined => flows[name as FlowName] as FlowDefinition | undefined;

export function runEngine(rawState: unknown, message: InboundMessage, context: EngineContext): EngineResult {
  const turn = new Turn(readState(rawState), context);
  const content = message.content;
  // Meta's notices and reactions are not things to answer.
  if (content.type === 'system' || content.type === 'reaction') return turn.result();
  const input = inputOf(content);
  const command = commandOf(input);
  const engine = new Engine(turn);

  if (context.moderation.status !== 'active') {
    const inAllowedFlow = turn.state.flow !== null && ['report', 'delete_data', 'language'].includes(turn.state.flow.name);
    if (!(command && ALLOWED_WHILE_MODERATED.has(command)) && !inAllowedFlow) {
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
  constructor(readonly turn: Turn) {}

  handle(input: Input, command: Command | null): void {
    const { state } = this.turn;
    const position = state.flow;
    if (position && !flowOf(position.name)) this.turn.state = { ...state, flow: null };
    else if (position) {
      // A command word that is also an answer to the question asked ("delete" at "Delete everything?") answers it.
      if (command && !this.answersChoice(position, input)) return runCommand(this, command);
      if (position.resumeAsked) return this.answerResume(position, input);
      if (this.turn.context.now.getTime() - Date.parse(position.at) > RESUME_AFTER_MS) return this.askResume(position);
      const current = this.checked(position);
      // A position its flow moved away from: ask the question it moved to, rather than judge this message against it.
      if (current !== position) return this.enter(current);
      return this.answer(current, input);
    }
    if (command) return runCommand(this, command);
    const { parked } = this.turn.state;
    if (parked && flowOf(parked.name)) {
      this.turn.state = { ...this.turn.state, parked: null };
      return this.askResume(parked);
    }
    this.noFlow(input);
  }

  /** A contact with no question pending. */
  private noFlow(input: Input): void {
    const { state, context } = this.turn;
    if (state.consent !== 'given' || state.role === null) return this.startFlow('welcome');
    if (state.role === 'worker' && context.worker === null) return this.start('worker_onboarding');
    if (state.role === 'employer' && context.employer === null) return this.start('employer_onboarding');
    const lead = isGreeting(input)
      ? this.turn.t('greeting.active', { firstName: (context.worker?.name ?? context.employer?.contactName ?? '').split(' ')[0] ?? '' })
      : this.turn.t(input.kind === 'other' ? 'unknown.media' : 'unknown.active');
    this.menu(lead);
  }

  private answersChoice(position: FlowPosition, input: Input): boolean {
    const step = stepOf(position);
    return step?.answer.kind === 'choice' && input.kind === 'text' && pickOption(step.answer.options, input, null) !== undefined;
  }

  /** A saved position whose flow changed since (a new version, a removed step) goes to its first unanswered step. */
  private checked(position: FlowPosition): FlowPosition {
    const flow = flowOf(position.name)!;
    const steps = flow.steps as Record<string, StepDefinition<string>>;
    if (position.version === flow.version && steps[position.step]) return position;
    const answers = { ...position.answers };
    const step = firstUnanswered(flow, answers, this.turn.context);
    const moved = { ...position, version: flow.version, step, answers, trail: [], editing: false, tries: 0, page: 0 };
    this.turn.state = { ...this.turn.state, flow: moved };
    return moved;
  }


  startFlow(name: FlowName, answers: Record<string, unknown> = {}, step?: string): void {
    const current = this.turn.state.flow;
    if (current && ONBOARDING.has(current.name) && !ONBOARDING.has(name)) this.turn.state = { ...this.turn.state, parked: current };
    const flow = flowOf(name)!;
    const position: FlowPosition = {
      name,
      version: flow.version,
      step: step ?? flow.start,
      answers,
      tries: 0,
      trail: [],
      page: 0,
      editing: false,
      resumeAsked: false,
      at: this.turn.context.now.toISOString(),
    };
    this.enter(position);
  }

  start(name: 'welcome' | 'worker_onboarding' | 'employer_onboarding', options: { answers?: Record<string, unknown> } = {}): void {
    this.startFlow(name, options.answers ?? {});
  }

  unpark(): boolean {
    const { parked } = this.turn.state;
    if (!parked || !flowOf(parked.name)) return false;
    this.turn.state = { ...this.turn.state, parked: null };
    this.enter({ ...parked, at: this.turn.context.now.toISOString(), resumeAsked: false });
    return true;
  }

  menu(lead?: string): void {
    showMenu(this.turn, lead);
  }

  reask(step: string): void {
    const position = this.turn.state.flow ?? this.finishing;
    if (!position) return;
    this.enter({ ...position, step, editing: true, tries: 0, page: 0 });
  }

  /** The position whose completion is running (its flow is already closed), for a completion that sends it back. */
  private finishing: FlowPosition | null = null;

  /** Asks a position's question (after skipping steps whose guard says so) and makes it the current one. */
  enter(position: FlowPosition, lead?: string): void {
    const flow = flowOf(position.name)!;
    let current = position;
    for (let hops = 0; hops < 10; hops += 1) {
      const step = (flow.steps as Record<string, StepDefinition<string>>)[current.step];
      if (!step?.skip || !guards[step.skip.if](current.answers, this.turn.context)) break;
      current = { ...current, step: step.skip.to };
    }
    this.turn.state = { ...this.turn.state, flow: { ...current, page: current.step === position.step ? current.page : 0 } };
    promptStep(this.turn, this.turn.state.flow!, lead);
  }

  /** Asks the current step again, after a command answered something else (help, stop...). */
  repeat(lead?: string): boolean {
    const position = this.turn.state.flow;
    if (!position || !stepOf(position)) return false;
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

  private answerResume(position: FlowPosition, input: Input): void {
    const now = this.turn.context.now.toISOString();
    const typed = input.kind === 'text' ? normaliseText(input.text) : '';
    const restart = (input.kind === 'reply' && input.id === 'resume/restart') || ['start over', 'restart', 'empezar de nuevo', 'empezar', '2'].includes(typed);
    const resume = (input.kind === 'reply' && input.id === 'resume/continue') || ['continue', 'seguir', 'continuar', '1'].includes(typed);
    if (restart) return this.startFlow(position.name as FlowName);
    const back = { ...position, resumeAsked: false, at: now };
    if (resume) return this.enter(back);
    // Anything else is taken as an answer to the question they left: continuing is what they meant.
    this.turn.state = { ...this.turn.state, flow: back };
    this.answer(this.checked(back), input);
  }

  private answer(position: FlowPosition, input: Input): void {
    const turn = this.turn;
    const step = stepOf(position)!;
    const taken = takeAnswer(turn, position, step, input);
    const now = turn.context.now.toISOString();
    switch (taken.kind) {
      case 'page':
        return this.enter({ ...position, page: taken.page, at: now });
      case 'edit':
        turn.state = { ...turn.state, flow: { ...position, at: now } };
        return promptFieldPick(turn, position);
      case 'edit_field': {
        const field = flowOf(position.name)!.summary!.fields.find((f) => f.step === taken.step)!;
        const answers = { ...position.answers };
        if (field.clears) delete answers[field.clears];
        return this.enter({ ...position, step: field.step, answers, editing: true, tries: 0, page: 0, trail: [...position.trail, position.step], at: now });
      }
      case 'invalid': {
        // "hi" in the middle of a question is not a wrong answer: ask again, without a hint or a strike.
        if (isGreeting(input)) return this.enter({ ...position, at: now });
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
    const answers = { ...position.answers };
    if (step.save) {
      const { key, append } = step.save;
      if (append) {
        const list = Array.isArray(answers[key]) ? (answers[key] as unknown[]) : [];
        answers[key] = list.includes(value) ? list : [...list, value].slice(0, append);
      } else answers[key] = value;
    }
    if (option === 'other_language') {
      const locale = turn.locale === 'en' ? 'es' : 'en';
      turn.state = { ...turn.state, locale };
      turn.effect({ type: 'set_preferences', locale });
      delete answers[step.save?.key ?? ''];
    }
    const lead = step.ack ? turn.t(step.ack, { value: display }) : undefined;
    let next = resolveNext(step.next, option, answers, turn.context);
    const steps = flow.steps as Record<string, StepDefinition<string>>;
    let editing = position.editing;
    if (editing && flow.summary && next !== 'done') {
      const stays = step.group !== undefined && steps[next]?.group === step.group;
      if (!stays) {
        next = flow.summary.step;
        editing = false;
      }
    }
    const now = turn.context.now.toISOString();
    if (next === 'done') {
      turn.state = { ...turn.state, flow: null };
      this.finishing = { ...position, answers, at: now };
      completions[flow.complete](turn, answers, this);
      this.finishing = null;
      return;
    }
    this.enter({ ...position, step: next, answers, editing, tries: 0, page: 0, trail: [...position.trail, position.step].slice(-20), at: now }, lead);
  }


  /** Suspended or restricted: one clear message, then quiet for a while however many messages come. */
  notice(): void {
    const { turn } = this;
    const { moderation, now } = turn.context;
    const last = turn.state.noticeAt ? Date.parse(turn.state.noticeAt) : 0;
    if (now.getTime() - last < NOTICE_EVERY_MS) return;
    turn.state = { ...turn.state, noticeAt: now.toISOString() };
    if (moderation.status === 'restricted') turn.say('notice.restricted');
    else if (moderation.reason) turn.say('notice.suspended_reason', { reason: moderation.reason.slice(0, 200) });
    else turn.say('notice.suspended');
  }
}
