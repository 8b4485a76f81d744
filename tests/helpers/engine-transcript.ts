// Drives the conversation engine message by message, the way the processor does (effects applied to
// the context before the next message), with no database: a transcript a flow test reads top to bottom.
import { afterEach, expect } from 'vitest';
import { applyToContext } from '../../src/conversation/carry-out-effects.js';
import type { EngineContext, EngineSettings } from '../../src/conversation/engine/context.js';
import type { Effect, Reply } from '../../src/conversation/engine/effects.js';
import { runEngine } from '../../src/conversation/engine/engine.js';
import type { ConversationState } from '../../src/conversation/engine/state.js';
import { inboundMessageSchema, type InboundMessage, type MessageContent } from '../../src/whatsapp/inbound-event.js';
import { outboundMessageSchema } from '../../src/whatsapp/outbound-message.js';

export const DEFAULT_NOW = new Date('2026-12-04T10:00:00.000Z');
export const SPANISH_WA_ID = '34612345678';
export const ENGLISH_WA_ID = '447700900123';

export const defaultSettings: EngineSettings = {
  privacyPolicyUrl: 'https://partimer.example/privacy',
  employerVerification: 'manual',
  currency: 'EUR',
  defaultTimeZone: 'Europe/Madrid',
  displayPhoneNumber: '15550001111',
  maxOpenJobs: 10,
  maxPostsPerDay: 5,
  leadFreshHours: 48,
};

/** WhatsApp's limits on what we send. */
export const LIMITS = { text: 4096, body: 1024, buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24, rowDescription: 72, listButton: 20 } as const;

export type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export interface TranscriptOptions {
  /** The number Meta sent (digits); null for a username user. Spanish by default. */
  waId?: string | null;
  now?: Date | string;
  settings?: Partial<EngineSettings>;
  worker?: EngineContext['worker'];
  employer?: EngineContext['employer'];
  moderation?: EngineContext['moderation']['status'] | EngineContext['moderation'];
  /** The stored state to start from, as raw JSON (anything: the engine must cope). */
  state?: unknown;
  /** The employer's open jobs and jobs posted in the last 24 h (the posting caps). */
  jobs?: EngineContext['jobs'];
  /** The contact's id (1 by default). */
  contactId?: number;
  /** Their offers, jobs and candidates, as the processor reads them for a marketplace message. */
  market?: EngineContext['market'];
}

/** What a reply says: a text's text or an interactive message's body. */
export function bodyOf(reply: Reply | undefined): string {
  if (!reply) return '';
  if (reply.type === 'text') return reply.text;
  if ('body' in reply) return reply.body;
  return '';
}

export function buttonIdsOf(reply: Reply | undefined): string[] {
  return reply?.type === 'buttons' ? reply.buttons.map((b) => b.id) : [];
}

export function buttonTitlesOf(reply: Reply | undefined): string[] {
  return reply?.type === 'buttons' ? reply.buttons.map((b) => b.title) : [];
}

export function rowsOf(reply: Reply | undefined): { id: string; title: string; description?: string }[] {
  return reply?.type === 'list' ? reply.sections.flatMap((s) => s.rows) : [];
}

/** Every way a reply breaks WhatsApp's limits (or the outbox schema), as readable lines; empty when it fits. */
export function limitProblems(reply: Reply): string[] {
  const problems: string[] = [];
  const parsed = outboundMessageSchema.safeParse(reply);
  if (!parsed.success) problems.push(`schema: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  if (reply.type === 'text') {
    if (reply.text.length > LIMITS.text) problems.push(`text of ${reply.text.length} characters`);
    if (reply.text.trim() === '') problems.push('empty text');
  }
  if (reply.type === 'buttons' || reply.type === 'list' || reply.type === 'contact_request') {
    if (reply.body.length > LIMITS.body) problems.push(`body of ${reply.body.length} characters`);
    if (reply.body.trim() === '') problems.push('empty body');
  }
  if (reply.type === 'buttons') {
    if (reply.buttons.length === 0 || reply.buttons.length > LIMITS.buttons) problems.push(`${reply.buttons.length} buttons`);
    for (const b of reply.buttons) if (b.title.length > LIMITS.buttonTitle || b.title.length === 0) problems.push(`button title "${b.title}"`);
    if (new Set(reply.buttons.map((b) => b.id)).size !== reply.buttons.length) problems.push('repeated button ids');
  }
  if (reply.type === 'list') {
    const rows = rowsOf(reply);
    if (rows.length === 0 || rows.length > LIMITS.rows) problems.push(`${rows.length} rows`);
    if (reply.button.length > LIMITS.listButton) problems.push(`list button "${reply.button}"`);
    for (const r of rows) {
      if (r.title.length > LIMITS.rowTitle || r.title.length === 0) problems.push(`row title "${r.title}"`);
      if (r.description !== undefined && r.description.length > LIMITS.rowDescription) problems.push(`row description "${r.description}"`);
    }
    if (new Set(rows.map((r) => r.id)).size !== rows.length) problems.push('repeated row ids');
  }
  return problems;
}

export interface Transcript {
  /** The replies to the last message. */
  readonly replies: Reply[];
  /** The effects of the last message. */
  readonly lastEffects: Effect[];
  /** Every effect so far, in order. */
  readonly effects: Effect[];
  /** The state the last message left (what the processor stores). */
  readonly state: ConversationState;
  /** The stored state as raw JSON, to be tampered with. */
  rawState: unknown;
  readonly context: EngineContext;
  readonly now: Date;
  /** Every limit broken by any reply so far ("message 3, reply 1: body of 1100 characters"). */
  readonly problems: string[];
  /** Every message sent so far, as parsed. */
  readonly sent: InboundMessage[];

  send(content: MessageContent): Reply[];
  text(body: string): Reply[];
  /** A reply button; the title is the one the bot sent with that id, if any. */
  tap(id: string, title?: string): Reply[];
  /** A list row; the title is the one the bot sent with that id, if any. */
  pick(id: string, title?: string): Reply[];
  location(lat: number, lng: number, name?: string, address?: string): Reply[];
  /** A shared contact card (as the "Share contact info" button sends it). */
  contacts(phone: string, options?: { waId?: string; origin?: string }): Reply[];
  media(type: MediaType, caption?: string): Reply[];
  sticker(): Reply[];
  reaction(emoji?: string | null): Reply[];
  system(systemType?: string): Reply[];
  /** Moves the clock. */
  advance(ms: number): void;
  /** Changes the context for the following messages (moderation, a profile saved elsewhere). */
  setContext(change: Partial<EngineContext>): void;

  lastReply(): Reply | undefined;
  /** Text or body of the last reply. */
  lastBody(): string;
  /** Text or body of every reply to the last message. */
  bodies(): string[];
  /** Every reply to the last message as one text. */
  allText(): string;
  /** Button ids of the last reply with buttons. */
  buttonIds(): string[];
  buttonTitles(): string[];
  /** Row ids of the last list reply. */
  rowIds(): string[];
  rowTitles(): string[];
  /** Effects of one type so far. */
  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[];
}

export function transcript(options: TranscriptOptions = {}): Transcript {
  const waId = options.waId === undefined ? SPANISH_WA_ID : options.waId;
  const moderation =
    options.moderation === undefined
      ? { status: 'active' as const, reason: null }
      : typeof options.moderation === 'string'
        ? { status: options.moderation, reason: null }
        : options.moderation;
  let context: EngineContext = {
    now: options.now === undefined ? new Date(DEFAULT_NOW) : new Date(options.now),
    waId,
    timeZone: 'Europe/Madrid',
    jobs: options.jobs ?? { open: 0, postedToday: 0 },
    messageId: '',
    moderation,
    worker: options.worker ?? null,
    employer: options.employer ?? null,
    settings: { ...defaultSettings, ...options.settings },
    contactId: options.contactId ?? 1,
    market: options.market ?? null,
  };
  let rawState: unknown = options.state === undefined ? null : options.state;
  let replies: Reply[] = [];
  let lastEffects: Effect[] = [];
  const effects: Effect[] = [];
  const problems: string[] = [];
  const sent: InboundMessage[] = [];
  /** Every reply so far: a tap on an old message carries the title that message showed. */
  const history: Reply[] = [];
  let counter = 0;

  const titleFor = (id: string): string => {
    for (const reply of [...history].reverse()) {
      const found = [...(reply.type === 'buttons' ? reply.buttons : []), ...rowsOf(reply)].find((b) => b.id === id);
      if (found) return found.title;
    }
    return id;
  };

  const lastWith = (has: (r: Reply) => boolean): Reply | undefined => [...replies].reverse().find(has);

  const send = (content: MessageContent): Reply[] => {
    counter += 1;
    const message = inboundMessageSchema.parse({
      kind: 'message',
      phoneNumberId: '1000000001',
      wamid: `wamid.test.${counter}`,
      timestamp: context.now.toISOString(),
      sender: {
        userId: waId === null ? 'US.1234567890' : null,
        waId,
        parentUserId: null,
        profileName: 'Test Person',
        username: waId === null ? 'test.person' : null,
      },
      content,
    });
    sent.push(message);
    context = { ...context, messageId: message.wamid };
    const result = runEngine(rawState, message, context);
    // The processor stores the state as JSON: what does not survive that does not survive a turn.
    rawState = JSON.parse(JSON.stringify(result.state));
    replies = result.replies;
    history.push(...replies);
    lastEffects = result.effects;
    effects.push(...result.effects);
    for (const effect of result.effects) context = applyToContext(context, effect);
    replies.forEach((reply, i) => {
      for (const problem of limitProblems(reply)) problems.push(`message ${counter}, reply ${i + 1}: ${problem}`);
    });
    return replies;
  };

  const t: Transcript = {
    get replies() {
      return replies;
    },
    get lastEffects() {
      return lastEffects;
    },
    effects,
    get state() {
      return rawState as ConversationState;
    },
    get rawState() {
      return rawState;
    },
    set rawState(value: unknown) {
      rawState = value;
    },
    get context() {
      return context;
    },
    get now() {
      return context.now;
    },
    problems,
    sent,
    send,
    text: (body) => send({ type: 'text', body }),
    tap: (id, title) => send({ type: 'button_reply', id, title: title ?? titleFor(id) }),
    pick: (id, title) => send({ type: 'list_reply', id, title: title ?? titleFor(id) }),
    location: (lat, lng, name, address) =>
      send({ type: 'location', latitude: lat, longitude: lng, ...(name === undefined ? {} : { name }), ...(address === undefined ? {} : { address }) }),
    contacts: (phone, extra = {}) =>
      send({
        type: 'contacts',
        contacts: [{ name: 'Me', phones: [{ phone, ...(extra.waId === undefined ? {} : { waId: extra.waId }) }], origin: extra.origin ?? 'contact_request' }],
      }),
    media: (type, caption) =>
      send({ type: 'media', mediaType: type, mediaId: `media-${counter + 1}`, mimeType: type === 'sticker' ? 'image/webp' : 'application/octet-stream', ...(caption === undefined ? {} : { caption }) }),
    sticker: () => t.media('sticker'),
    reaction: (emoji = '👍') => send({ type: 'reaction', messageId: 'wamid.out.1', emoji }),
    system: (systemType = 'user_changed_number') => send({ type: 'system', systemType, body: 'User changed number', newWaId: '34699999999' }),
    advance(ms) {
      context = { ...context, now: new Date(context.now.getTime() + ms) };
    },
    setContext(change) {
      context = { ...context, ...change };
    },
    lastReply: () => replies.at(-1),
    lastBody: () => bodyOf(replies.at(-1)),
    bodies: () => replies.map(bodyOf),
    allText: () => replies.map(bodyOf).join('\n'),
    buttonIds: () => buttonIdsOf(lastWith((r) => r.type === 'buttons')),
    buttonTitles: () => buttonTitlesOf(lastWith((r) => r.type === 'buttons')),
    rowIds: () => rowsOf(lastWith((r) => r.type === 'list')).map((r) => r.id),
    rowTitles: () => rowsOf(lastWith((r) => r.type === 'list')).map((r) => r.title),
    effectsOf: <T extends Effect['type']>(type: T) => effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type),
  };
  return t;
}

/** The current flow position of a transcript, or null. */
export const positionOf = (t: Transcript) => t.state.flow;
/** "<flow>/<step>" of the pending question, or null. */
export const stepName = (t: Transcript): string | null => (t.state.flow ? `${t.state.flow.name}/${t.state.flow.step}` : null);

/** A worker profile as the context carries it, for tests that start registered. */
export function aWorker(change: Partial<NonNullable<EngineContext['worker']>> = {}): NonNullable<EngineContext['worker']> {
  return {
    name: 'Maria Lopez',
    skills: ['waiter'],
    availability: [{ days: [0, 1, 2, 3, 4], from: '09:00', to: '17:00' }],
    location: { lat: 40.435, lng: -3.704, label: 'Chamberí, Madrid' },
    radiusKm: 10,
    minRateCents: 1200,
    currency: 'EUR',
    phone: '+34612345678',
    phoneShareConsentAt: '2026-12-01T10:00:00.000Z',
    paused: false,
    ...change,
  };
}

export function anEmployer(change: Partial<NonNullable<EngineContext['employer']>> = {}): NonNullable<EngineContext['employer']> {
  return {
    businessName: 'Cafe Sol',
    contactName: 'Ana Garcia',
    businessType: 'restaurant',
    location: { lat: 40.4155, lng: -3.7074, label: 'Centro, Madrid' },
    status: 'active',
    ...change,
  };
}

/** The stored state of a contact who finished the welcome in the given role. */
export function registeredState(role: 'worker' | 'employer', locale: 'en' | 'es' = 'es'): ConversationState {
  return { v: 1, locale, role, consent: 'given', optedOut: false, flow: null, parked: null, noticeAt: null, pendingJob: null };
}

/**
 * A transcript factory for a test file: after each test, every reply any of its transcripts received
 * must have fitted WhatsApp's limits (the test fails otherwise, naming the message and the limit).
 */
export function limitCheckedTranscripts(): (options?: TranscriptOptions) => Transcript {
  const open: Transcript[] = [];
  afterEach(() => {
    const problems = open.splice(0).flatMap((t) => t.problems);
    expect(problems, 'replies over WhatsApp limits').toEqual([]);
  });
  return (options) => {
    const t = transcript(options);
    open.push(t);
    return t;
  };
}

export const workerSteps = ['name', 'skill', 'more_skills', 'availability', 'location', 'radius', 'rate', 'phone', 'phone_other', 'phone_confirm', 'summary'] as const;
export type WorkerStep = (typeof workerSteps)[number];

/**
 * From a first "hi" to the given worker onboarding step, with ordinary answers (Maria Lopez, waiter,
 * weekdays, a pin in central Madrid, 10 km, 12/h; "phone_other" and later go through "Use another"
 * with +34 699 111 222, unless Meta sent no number).
 */
export function driveWorkerTo(t: Transcript, until: WorkerStep): void {
  const reached = () => t.state.flow?.name === 'worker_onboarding' && t.state.flow.step === until;
  t.text('hi');
  t.tap('welcome/role/worker');
  t.tap('welcome/consent_worker/agree');
  const answers: [WorkerStep, () => void][] = [
    ['name', () => t.text('Maria Lopez')],
    ['skill', () => t.pick('worker_onboarding/skill/item/waiter')],
    ['more_skills', () => t.tap('worker_onboarding/more_skills/done')],
    ['availability', () => t.tap('worker_onboarding/availability/preset/weekdays')],
    ['location', () => t.location(40.4155, -3.7074)],
    ['radius', () => t.tap('worker_onboarding/radius/value/10')],
    ['rate', () => t.text('12')],
    ['phone', () => t.tap(until === 'summary' ? 'worker_onboarding/phone/use' : 'worker_onboarding/phone/other')],
    ['phone_other', () => t.text('+34 699 111 222')],
    ['phone_confirm', () => t.tap('worker_onboarding/phone_confirm/yes')],
  ];
  for (const [step, answer] of answers) {
    if (reached()) return;
    if (t.state.flow?.step !== step) continue; // skipped (no number from Meta to offer)
    answer();
  }
  if (!reached()) throw new Error(`driveWorkerTo: stuck at ${stepName(t)} before ${until}`);
}

export const employerSteps = ['business_name', 'contact_name', 'business_type', 'location', 'summary'] as const;
export type EmployerStep = (typeof employerSteps)[number];

/** From a first "hi" to the given employer onboarding step (Cafe Sol, Ana Garcia, restaurant, a pin). */
export function driveEmployerTo(t: Transcript, until: EmployerStep): void {
  const reached = () => t.state.flow?.name === 'employer_onboarding' && t.state.flow.step === until;
  t.text('hi');
  t.tap('welcome/role/employer');
  t.tap('welcome/consent_employer/agree');
  const answers: [EmployerStep, () => void][] = [
    ['business_name', () => t.text('Cafe Sol')],
    ['contact_name', () => t.text('Ana Garcia')],
    ['business_type', () => t.pick('employer_onboarding/business_type/item/restaurant')],
    ['location', () => t.location(40.4155, -3.7074, 'Calle Mayor 1')],
  ];
  for (const [step, answer] of answers) {
    if (reached()) return;
    if (t.state.flow?.step !== step) throw new Error(`driveEmployerTo: at ${stepName(t)}, expected ${step}`);
    answer();
  }
  if (!reached()) throw new Error(`driveEmployerTo: stuck at ${stepName(t)} before ${until}`);
}

/**
 * The last message was misunderstood: the step did not move, and the first reply gives the hint and
 * then asks the same question again (a later reply may offer help).
 */
export function expectAskedAgain(t: Transcript, expected: { step: string; hint: string; question: string }): void {
  expect(stepName(t), 'the step does not move').toBe(expected.step);
  const body = bodyOf(t.replies[0]);
  expect(body, 'the hint comes first').toContain(expected.hint);
  expect(body, 'then the question again').toContain(expected.question);
  expect(body.indexOf(expected.hint)).toBeLessThan(body.lastIndexOf(expected.question));
  expect(t.lastEffects, 'a misunderstood answer changes nothing').toEqual([]);
}

/** The "having trouble?" message, with its Help and Menu buttons. */
export function expectHelpOffered(t: Transcript): void {
  const offer = t.replies.find((r) => r.type === 'buttons' && r.buttons.some((b) => b.id === 'cmd.help'));
  expect(offer, 'a message with Help and Menu buttons').toBeDefined();
  expect(buttonIdsOf(offer)).toEqual(['cmd.help', 'cmd.menu']);
}

export function expectNoHelpOffer(t: Transcript): void {
  expect(t.replies.some((r) => r.type === 'buttons' && r.buttons.some((b) => b.id === 'cmd.help'))).toBe(false);
}
