// Lint of the message templates (templates/): both locales complete and alike, every key the flows and the
// engine use present, every text renders, WhatsApp's limits hold, and the approved templates are well formed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flows } from '../../flows/index.js';
import { catalogues, placeholdersOf, render, type TemplateKey, type TemplateParams } from '../../templates/index.js';
import { templateLanguage, whatsappTemplates } from '../../templates/whatsapp-templates.js';
import type { EngineContext, EngineSettings } from '../../src/conversation/engine/context.js';
import { runEngine } from '../../src/conversation/engine/engine.js';
import type { Effect } from '../../src/conversation/engine/effects.js';
import type { FlowDefinition, StepDefinition } from '../../src/conversation/engine/flow.js';
import { promptParams } from '../../src/conversation/engine/params.js';
import { locales, type Locale } from '../../src/conversation/engine/state.js';
import { inboundMessageSchema, type InboundMessage } from '../../src/whatsapp/inbound-event.js';
import { outboundMessageSchema, type OutboundMessage } from '../../src/whatsapp/outbound-message.js';

const keys = Object.keys(catalogues.en) as TemplateKey[];
const has = (locale: Locale, key: string): boolean => Object.hasOwn(catalogues[locale], key);
/** A locale's own keys: a key missing in one locale is reported by its test, not tripped over by the others. */
const keysOf = (locale: Locale): TemplateKey[] => Object.keys(catalogues[locale]) as TemplateKey[];
const textOf = (locale: Locale, key: string): string => (has(locale, key) ? catalogues[locale][key as TemplateKey] : '');
const allFlows = Object.values(flows) as unknown as FlowDefinition[];
const stepsOf = (flow: FlowDefinition): [string, StepDefinition<string>][] => Object.entries(flow.steps as Record<string, StepDefinition<string>>);

/** Every placeholder name any text uses, in either locale. */
const placeholderNames = [...new Set(locales.flatMap((locale) => keysOf(locale).flatMap((key) => placeholdersOf(catalogues[locale][key]))))].sort();

/** Short, distinct values: what a rendered text must contain once its placeholders are filled. */
const sampleParams: TemplateParams = Object.fromEntries(placeholderNames.map((name) => [name, `x-${name}`]));

// WhatsApp's limits (Cloud API interactive messages).
const BUTTON_TITLE_MAX = 20;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
const LIST_BUTTON_MAX = 20;
const INTERACTIVE_BODY_MAX = 1024;
const TEXT_MAX = 4096;

const pad = (word: string, length: number): string => `${word} `.repeat(Math.ceil(length / (word.length + 1))).slice(0, length).trimEnd().padEnd(length, 'x');
const longestText = (locale: Locale, prefix: string): string =>
  keysOf(locale)
    .filter((key) => key.startsWith(prefix))
    .map((key) => catalogues[locale][key])
    .reduce((a, b) => (b.length > a.length ? b : a), '');

/** Long but realistic values: the longest a profile field may be (context.ts), a name of 60, a business name of 80, a summary of 200. */
function longParams(locale: Locale): Record<string, string | number> {
  const name = pad('Maximiliana', 60);
  return {
    firstName: pad('Maximilianaalejandrabeatriz', 60),
    shortName: name,
    contactName: name,
    businessName: pad('Cafeteria', 80),
    businessType: pad('Restaurante', 24),
    summary: pad('summary', 200),
    skills: 'Camarero / Camarera, Ayudante de cocina, Limpieza, Barman / Bartender, Dependiente / Dependienta',
    availability: 'Mon-Fri 09:00-13:00 and 17:00-22:00, Sat 10:00-14:00, Sun 10:00-14:00 and 18:00-23:00',
    area: pad('Calle', 200),
    reason: pad('reason', 200),
    text: `${pad('typed', 39)}…`,
    example: pad('Chamberí Madrid', 60),
    value: pad('Chamberí', 200),
    privacyUrl: 'https://partimer.example.com/legal/privacy-policy?lang=es-ES&version=2025-06',
    currency: 'EUR',
    rate: 'EUR 500.50',
    radiusKm: 200,
    min: 1,
    max: 1000,
    phone: '+34 612 34 56 78',
    waPhone: '+34 612 34 56 78',
    title: pad('Camarero', 80),
    skill: 'Camarero / Camarera',
    date: 'mié 30 dic',
    times: '10:00-16:00',
    pay: 'EUR 500.50',
    count: 50,
    headcount: '50 personas',
    place: pad('Calle', 200),
    details: `\n${pad('details', 500)}`,
    link: 'https://wa.me/15550001111?text=JOB%20K7Q2AB%20RABCDEF',
    days: 365,
    hours: 720,
    deadline: 'mié 30 dic, 23:30',
    until: 'mié 30 dic, 23:30',
    distance: '199 km',
    initial: 'M.',
    name,
    interested: 500,
    unlocked: 50,
    waiting: 100,
    jobs: 9999,
    stars: '4,8',
    price: 'EUR 10,000.00',
    slot: 'mié 09:00-23:00',
    why: `libre mié 09:00-23:00, 199 km, ${'Camarero / Camarera'}`,
    record: '4,8 estrellas en 9999 valoraciones - 9999 trabajos hechos',
    share: '\nCompartir: https://wa.me/15550001111?text=JOB%20K7Q2AB',
    status: longestText(locale, 'status.'),
    feature: longestText(locale, 'feature.'),
    activity: longestText(locale, 'activity.'),
  };
}

/** A flow step's every template key: prompt, hint, ack and option labels. */
function stepKeys(step: StepDefinition<string>): string[] {
  const found: string[] = [step.prompt];
  if (step.hint) found.push(step.hint);
  if (step.ack) found.push(step.ack);
  if (step.answer.kind === 'choice') found.push(...step.answer.options.map((o) => o.label));
  if (step.answer.kind === 'number') found.push(...(step.answer.options ?? []).map((o) => o.label));
  return found;
}

/** Every template key a flow refers to, with where: steps, summary field labels and `cancelled`. */
function flowKeys(flow: FlowDefinition): { where: string; key: string }[] {
  const found = stepsOf(flow).flatMap(([name, step]) => stepKeys(step).map((key) => ({ where: `${flow.name}.${name}`, key })));
  for (const field of flow.summary?.fields ?? []) found.push({ where: `${flow.name}.summary.${field.step}`, key: field.label });
  found.push({ where: `${flow.name}.cancelled`, key: flow.cancelled });
  return found;
}

describe('both locales', () => {
  it('when the locales are compared, then each has exactly the keys of the other', () => {
    const en = Object.keys(catalogues.en).sort();
    const es = Object.keys(catalogues.es).sort();
    expect(en.filter((key) => !has('es', key)), 'keys missing in es').toEqual([]);
    expect(es.filter((key) => !has('en', key)), 'keys missing in en').toEqual([]);
    expect(es).toEqual(en);
  });

  it('when a key is in both locales, then both texts use the same placeholders', () => {
    const differing = keys
      .filter((key) => has('es', key) && placeholdersOf(textOf('en', key)).join() !== placeholdersOf(textOf('es', key)).join())
      .map((key) => `${key}: en {${placeholdersOf(textOf('en', key)).join(',')}} es {${placeholdersOf(textOf('es', key)).join(',')}}`);
    expect(differing).toEqual([]);
  });

  it('when a text has braces, then they are all well-formed {placeholders} (a {first_name} would go out as typed)', () => {
    const stray = locales.flatMap((locale) =>
      keysOf(locale).filter((key) => /[{}]/.test(catalogues[locale][key].replace(/\{[a-zA-Z]+\}/g, ''))).map((key) => `${locale} ${key}`),
    );
    expect(stray).toEqual([]);
  });

  it('when the texts are read, then none is empty or only spaces', () => {
    const empty = locales.flatMap((locale) => keysOf(locale).filter((key) => catalogues[locale][key].trim() === '').map((key) => `${locale} ${key}`));
    expect(empty).toEqual([]);
  });

  // Names and words that read the same in both languages; anything else identical is an untranslated copy.
  const SAME_IN_BOTH: readonly TemplateKey[] = ['button.english', 'button.spanish', 'button.one', 'button.two', 'button.three', 'job.summary_body', 'candidates.row'];

  it('when a Spanish text equals the English one, then it is one of the few listed on purpose', () => {
    const same = keys.filter((key) => has('es', key) && textOf('es', key).trim().toLowerCase() === textOf('en', key).trim().toLowerCase());
    expect(same.filter((key) => !SAME_IN_BOTH.includes(key))).toEqual([]);
    for (const key of SAME_IN_BOTH) expect(has('en', key), key).toBe(true);
  });
});

describe('keys the review added', () => {
  /** Each new key, with the placeholders it must use (the engine fills exactly these). */
  const added: Record<string, string[]> = {
    'notice.restricted_worker': [],
    'why.moderated': ['status'],
    'status.restricted': [],
    'status.suspended': [],
    'profile.in_progress': [],
    'hint.catalogue_pick': ['example'],
    'menu.why': [],
    'menu.privacy': [],
    'privacy.body': [],
    'worker.offer_phone': ['waPhone'],
  };

  it('when the keys added for moderation, privacy, editing and catalogue hints are looked up, then each is in both locales with exactly its placeholders', () => {
    const wrong = Object.entries(added).flatMap(([key, expected]) =>
      locales.flatMap((locale) => {
        if (!has(locale, key)) return [`${locale} ${key}: missing`];
        const used = placeholdersOf(textOf(locale, key));
        return used.join() === [...expected].sort().join() ? [] : [`${locale} ${key}: {${used.join(',')}} instead of {${expected.join(',')}}`];
      }),
    );
    expect(wrong).toEqual([]);
  });
});

describe('keys the flows use', () => {
  it('when every flow is walked, then each key it names exists in both locales', () => {
    const missing = allFlows.flatMap((flow) =>
      flowKeys(flow).flatMap(({ where, key }) => locales.filter((locale) => !has(locale, key)).map((locale) => `${where}: ${key} missing in ${locale}`)),
    );
    expect(missing).toEqual([]);
  });

  it('when the flows are walked, then every flow, with its steps and summary, was found', () => {
    expect(allFlows.length).toBe(Object.keys(flows).length);
    for (const flow of allFlows) {
      expect(stepsOf(flow).length, flow.name).toBeGreaterThan(0);
      for (const field of flow.summary?.fields ?? []) expect(Object.hasOwn(flow.steps, field.step), `${flow.name}.summary.${field.step}`).toBe(true);
    }
  });

  it('when a prompt is rendered, then it uses only the placeholders the engine fills (promptParams, and {summary} on a summary step)', () => {
    const context = engineContext('34612345678');
    const filled = Object.keys(promptParams({}, context));
    const unfilled = allFlows.flatMap((flow) =>
      stepsOf(flow).flatMap(([name, step]) => {
        const allowed = step.answer.kind === 'summary' ? [...filled, 'summary'] : filled;
        return locales.flatMap((locale) =>
          placeholdersOf(textOf(locale, step.prompt))
            .filter((p) => !allowed.includes(p))
            .map((p) => `${flow.name}.${name} ${locale} ${step.prompt}: {${p}}`),
        );
      }),
    );
    expect(unfilled).toEqual([]);
  });

  it('when an ack, an option label, a field label or a cancel text is rendered, then it needs no placeholder but {value} (acks)', () => {
    const wrong = allFlows.flatMap((flow) => {
      const plain = [
        ...stepsOf(flow).flatMap(([, step]) =>
          step.answer.kind === 'choice' ? step.answer.options.map((o) => o.label) : step.answer.kind === 'number' ? (step.answer.options ?? []).map((o) => o.label) : [],
        ),
        ...(flow.summary?.fields ?? []).map((f) => f.label),
        flow.cancelled,
      ];
      const acks = stepsOf(flow).flatMap(([, step]) => (step.ack ? [step.ack] : []));
      return locales.flatMap((locale) => [
        ...plain.filter((key) => placeholdersOf(textOf(locale, key)).length > 0).map((key) => `${flow.name} ${locale} ${key}`),
        ...acks.filter((key) => placeholdersOf(textOf(locale, key)).some((p) => p !== 'value')).map((key) => `${flow.name} ${locale} ${key}`),
      ]);
    });
    expect(wrong).toEqual([]);
  });
});

describe('keys the engine uses', () => {
  const engineDir = fileURLToPath(new URL('../../src/conversation/engine/', import.meta.url));
  const sources = readdirSync(engineDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: readFileSync(join(engineDir, file), 'utf8') }));

  /** 'word.word' literals anywhere: keys in maps, ternaries and arguments. `cmd.<command>` is a reply id, not a text. */
  const DOTTED_LITERAL = /'([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)'/g;
  const NOT_TEMPLATE_PREFIXES = ['cmd.'];
  /** Any literal passed straight to t( / say( / render(locale, …) or given as label:, dotted or not ('coming_soon'). */
  const CALL_LITERAL = /(?:\b(?:t|say)\(\s*|\blabel:\s*|\brender\(\s*[\w.]+,\s*)'([^'\\\s]+)'/g;

  const found = sources.flatMap(({ file, text }) => [
    ...[...text.matchAll(DOTTED_LITERAL)].map((m) => ({ file, key: m[1]! })).filter(({ key }) => !NOT_TEMPLATE_PREFIXES.some((p) => key.startsWith(p))),
    ...[...text.matchAll(CALL_LITERAL)].map((m) => ({ file, key: m[1]! })),
  ]);

  it('when the engine source is scanned, then it finds the keys it uses (the scan itself works)', () => {
    expect(sources.map((s) => s.file)).toContain('engine.ts');
    const unique = new Set(found.map((f) => f.key));
    expect(unique.size).toBeGreaterThan(50);
    for (const key of ['coming_soon', 'menu.body', 'list.button', 'button.looks_good', 'hint.too_many_tries', 'delete.done']) expect(unique, key).toContain(key);
    expect(keys.some((key) => NOT_TEMPLATE_PREFIXES.some((p) => key.startsWith(p))), 'a template key with a reply-id prefix would be skipped').toBe(false);
  });

  it('when a key literal is in the engine source, then it exists in both locales', () => {
    const missing = found.flatMap(({ file, key }) => locales.filter((locale) => !has(locale, key)).map((locale) => `${file}: ${key} missing in ${locale}`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('when the engine names an activity by its flow (`activity.${name}`), then every flow has one in both locales', () => {
    expect(sources.some(({ text }) => text.includes('`activity.${'))).toBe(true);
    const missing = Object.keys(flows).flatMap((name) => locales.filter((locale) => !has(locale, `activity.${name}`)).map((locale) => `activity.${name} missing in ${locale}`));
    expect(missing).toEqual([]);
  });
});

describe('rendering', () => {
  it('when every key is rendered in both locales with every placeholder given, then no placeholder is left and no text is empty', () => {
    const wrong: string[] = [];
    for (const locale of locales) {
      for (const key of keysOf(locale)) {
        const text = render(locale, key, sampleParams);
        if (/[{}]/.test(text)) wrong.push(`${locale} ${key}: braces left in "${text}"`);
        if (text.trim() === '') wrong.push(`${locale} ${key}: empty`);
        for (const name of placeholdersOf(catalogues[locale][key])) if (!text.includes(`x-${name}`)) wrong.push(`${locale} ${key}: {${name}} not filled`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('when a key with placeholders is rendered without params, or with one missing, then render throws naming it', () => {
    expect(keys.filter((key) => placeholdersOf(catalogues.en[key]).length > 0).length).toBeGreaterThan(0);
    for (const locale of locales) {
      for (const key of keysOf(locale).filter((k) => placeholdersOf(catalogues[locale][k]).length > 0)) {
        expect(() => render(locale, key), `${locale} ${key}`).toThrow(`template ${locale}:${key} needs {`);
        for (const name of placeholdersOf(catalogues[locale][key])) {
          const { [name]: _left, ...rest } = sampleParams;
          expect(() => render(locale, key, rest), `${locale} ${key} without ${name}`).toThrow(`needs {${name}}`);
        }
      }
    }
  });

  it('when a key has no placeholders, then it renders without params to its text', () => {
    for (const locale of locales) for (const key of keysOf(locale).filter((k) => placeholdersOf(catalogues[locale][k]).length === 0)) expect(render(locale, key)).toBe(catalogues[locale][key]);
  });
});

/** Marketplace texts the engine sends as a message of their own (a card, a list, a notice), never before a flow's question. */
const MESSAGES_OF_THEIR_OWN = ['offer.', 'offers.', 'lead.', 'jobs.', 'candidates.', 'rate.', 'notice.job_', 'notice.still_open', 'notice.closed_no_reply', 'notice.no_show', 'job.detail', 'job.cancel', 'job.kept', 'job.closed_done', 'job.not_'];

describe("WhatsApp's limits", () => {
  const tooLong = (keysToCheck: readonly TemplateKey[], max: number, params: (locale: Locale) => TemplateParams = () => sampleParams): string[] =>
    locales.flatMap((locale) =>
      keysToCheck
        .filter((key) => has(locale, key))
        .map((key) => ({ key, text: render(locale, key, params(locale)) }))
        .filter(({ text }) => text.length > max)
        .map(({ key, text }) => `${locale} ${key}: ${text.length} > ${max} ("${text}")`),
    );

  const ROW_TITLE_KEYS = keys.filter(
    (key) => (key.startsWith('menu.') && key !== 'menu.body' && key !== 'menu.button') || key.startsWith('field.') || key === 'list.more' || key === 'list.first_page',
  );

  it('when the long sample values are built, then there is one for every placeholder name', () => {
    for (const locale of locales) expect(placeholderNames.filter((name) => !(name in longParams(locale)))).toEqual([]);
  });

  it(`when a button label (button.*) is rendered, then it is at most ${BUTTON_TITLE_MAX} characters in both locales`, () => {
    const buttons = keys.filter((key) => key.startsWith('button.'));
    expect(buttons.length).toBeGreaterThan(10);
    expect(tooLong(buttons, BUTTON_TITLE_MAX)).toEqual([]);
  });

  it('when a button label is rendered, then it needs no placeholder (the engine renders labels without params)', () => {
    const withParams = locales.flatMap((locale) => keysOf(locale).filter((key) => key.startsWith('button.') && placeholdersOf(catalogues[locale][key]).length > 0).map((key) => `${locale} ${key}`));
    expect(withParams).toEqual([]);
  });

  it(`when a list-row title (menu rows, field labels, list.more, list.first_page) is rendered, then it is at most ${ROW_TITLE_MAX} characters`, () => {
    expect(ROW_TITLE_KEYS).toEqual(expect.arrayContaining(['menu.find_jobs', 'menu.report', 'field.business_name', 'list.more', 'list.first_page']));
    expect(tooLong(ROW_TITLE_KEYS, ROW_TITLE_MAX)).toEqual([]);
  });

  it(`when a flow option is shown (as a button up to 3 options, else as a row), then its label fits (${BUTTON_TITLE_MAX} / ${ROW_TITLE_MAX})`, () => {
    const wrong = allFlows.flatMap((flow) =>
      stepsOf(flow).flatMap(([, step]) => {
        const labels = step.answer.kind === 'choice' ? step.answer.options.map((o) => o.label) : step.answer.kind === 'number' ? (step.answer.options ?? []).map((o) => o.label) : [];
        return tooLong(labels, labels.length <= 3 ? BUTTON_TITLE_MAX : ROW_TITLE_MAX).map((problem) => `${flow.name}: ${problem}`);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it(`when the label of a list's button (list.button, menu.button) is rendered, then it is at most ${LIST_BUTTON_MAX} characters`, () => {
    expect(tooLong(['list.button', 'menu.button'], LIST_BUTTON_MAX)).toEqual([]);
  });

  it(`when a row description (list.more_description) is rendered, then it is at most ${ROW_DESCRIPTION_MAX} characters`, () => {
    expect(tooLong(['list.more_description'], ROW_DESCRIPTION_MAX)).toEqual([]);
  });

  it(`when every text is rendered with long values, then it is at most ${TEXT_MAX} characters (a text message)`, () => {
    expect(tooLong(keys, TEXT_MAX, longParams)).toEqual([]);
  });

  it(`when every text is rendered with long values, then it is at most ${INTERACTIVE_BODY_MAX} characters (any text may lead an interactive body)`, () => {
    expect(tooLong(keys, INTERACTIVE_BODY_MAX, longParams)).toEqual([]);
  });

  it(`when a flow prompt is rendered with long values after the longest lead any text makes, then the body is at most ${INTERACTIVE_BODY_MAX} characters`, () => {
    const wrong = locales.flatMap((locale) => {
      const params = longParams(locale);
      // Summary bodies fill {summary}; the marketplace's cards, lists and notices are messages of their own:
      // none of them leads another question.
      const lead = keysOf(locale)
        .filter((key) => !key.endsWith('.summary_body') && !MESSAGES_OF_THEIR_OWN.some((prefix) => key.startsWith(prefix)))
        .map((key) => render(locale, key, params))
        .reduce((a, b) => (b.length > a.length ? b : a), '');
      return allFlows.flatMap((flow) =>
        stepsOf(flow)
          .filter(([, step]) => has(locale, step.prompt))
          .map(([name, step]) => ({ name, prompt: step.prompt, body: `${lead}\n${render(locale, step.prompt, params)}` }))
          .filter(({ body }) => body.length > INTERACTIVE_BODY_MAX)
          .map(({ name, prompt, body }) => `${locale} ${flow.name}.${name} ${prompt}: ${body.length} > ${INTERACTIVE_BODY_MAX}`),
      );
    });
    expect(wrong).toEqual([]);
  });

  it(`when a summary prompt carries the real summary of long answers, then it is at most ${INTERACTIVE_BODY_MAX} characters with its hint`, () => {
    const wrong = locales.flatMap((locale) => {
      const params = longParams(locale);
      return (['worker', 'employer', 'job'] as const).flatMap((who) => {
        const summary = render(locale, `${who}.summary_body`, params);
        const body = `${render(locale, 'hint.summary', params)}\n${render(locale, `${who}.summary`, { ...params, summary })}`;
        return body.length > INTERACTIVE_BODY_MAX ? [`${locale} ${who}.summary: ${body.length} > ${INTERACTIVE_BODY_MAX}`] : [];
      });
    });
    expect(wrong).toEqual([]);
  });
});

// ---- The engine driven through a few conversations: every reply must parse with the outbound schema. ----

const START = Date.parse('2025-06-02T09:00:00.000Z');
const settings: EngineSettings = { privacyPolicyUrl: 'https://partimer.example/privacy', employerVerification: 'auto', currency: 'EUR', defaultTimeZone: 'Europe/Madrid', displayPhoneNumber: '15550001111', maxOpenJobs: 10, maxPostsPerDay: 5, leadFreshHours: 48 };

function engineContext(waId: string): EngineContext {
  return { now: new Date(START), waId, timeZone: 'Europe/Madrid', jobs: { open: 0, postedToday: 0 }, messageId: 'wamid.x', moderation: { status: 'active', reason: null }, worker: null, employer: null, settings, contactId: 1, market: null };
}

/** What typing answers a step that offers nothing to tap. */
const TYPED: Readonly<Record<string, string>> = {
  name: 'Maria Lopez',
  business_name: 'Cafe Sol',
  contact_name: 'Ana Garcia',
  location: 'Chamberi',
  rate: '12',
  phone_other: '+34 612 345 678',
  describe: 'Someone asked me to pay to see a job offer.',
};

interface Sent {
  turn: number;
  sent: string;
  reply: unknown;
}

/** A contact's conversation, carrying out the effects on the context the way the processor would. */
function conversation(waId: string) {
  let state: unknown = null;
  let context = engineContext(waId);
  let turn = 0;
  const tapped = new Set<string>();
  const replies: (OutboundMessage & { turn: number })[] = [];
  const invalid: Sent[] = [];
  const effects: Effect[] = [];
  let last: { replies: OutboundMessage[]; step: string | null } = { replies: [], step: null };

  function apply(effect: Effect): void {
    effects.push(effect);
    if (effect.type === 'save_worker_profile') context = { ...context, worker: { ...effect.profile, paused: context.worker?.paused ?? false } };
    if (effect.type === 'save_employer_profile') context = { ...context, employer: { ...effect.profile, status: effect.status } };
    if (effect.type === 'set_worker_paused' && context.worker) context = { ...context, worker: { ...context.worker, paused: effect.paused } };
    if (effect.type === 'delete_my_data') context = { ...context, worker: null, employer: null };
  }

  function send(content: Record<string, unknown>): void {
    turn += 1;
    const message: InboundMessage = inboundMessageSchema.parse({
      kind: 'message',
      phoneNumberId: '106540352242922',
      wamid: `wamid.${waId}.${turn}`,
      timestamp: new Date(START + turn * 60_000).toISOString(),
      sender: { userId: null, waId, parentUserId: null, profileName: 'Maria Lopez', username: null },
      content,
    });
    let result: ReturnType<typeof runEngine>;
    try {
      result = runEngine(state, message, { ...context, now: new Date(START + turn * 60_000) });
    } catch (error) {
      invalid.push({ turn, sent: JSON.stringify(content), reply: `engine threw: ${(error as Error).message}` });
      last = { replies: [], step: null };
      return;
    }
    const parsed: OutboundMessage[] = [];
    for (const reply of result.replies) {
      const check = outboundMessageSchema.safeParse(reply);
      if (check.success) parsed.push(check.data);
      else invalid.push({ turn, sent: JSON.stringify(content), reply: { reply, issues: check.error.issues } });
    }
    replies.push(...parsed.map((r) => ({ ...r, turn })));
    result.effects.forEach(apply);
    state = result.state;
    last = { replies: parsed, step: result.state.flow?.step ?? null };
  }

  /** Taps the first button or row of the last interactive reply not tapped yet (else the first); types an answer when there is none. */
  function goOn(): void {
    const interactive = last.replies.findLast((r) => r.type === 'buttons' || r.type === 'list');
    if (interactive?.type === 'buttons' || interactive?.type === 'list') {
      const choices = interactive.type === 'buttons' ? interactive.buttons : interactive.sections.flatMap((s) => s.rows);
      const choice = choices.find((c) => !tapped.has(c.id)) ?? choices[0]!;
      tapped.add(choice.id);
      send({ type: interactive.type === 'buttons' ? 'button_reply' : 'list_reply', id: choice.id, title: choice.title });
      return;
    }
    send({ type: 'text', body: (last.step !== null ? TYPED[last.step] : undefined) ?? 'hi' });
  }

  return {
    replies,
    invalid,
    effects,
    text: (body: string) => send({ type: 'text', body }),
    media: () => send({ type: 'media', mediaType: 'image', mediaId: 'media-1', mimeType: 'image/jpeg' }),
    goOn: (times: number) => {
      for (let i = 0; i < times; i += 1) goOn();
    },
  };
}

const COMMANDS = ['help', 'why', 'profile', 'menu', 'pause', 'resume', 'back', 'language', 'stop', 'start', 'cancel', 'report', 'find jobs', 'delete my data'];

/** Each reply's visible strings, to look for a clipped ("…") title or body and for values that went wrong. */
function visible(reply: OutboundMessage): { bodies: string[]; titles: string[] } {
  switch (reply.type) {
    case 'text':
      return { bodies: [reply.text], titles: [] };
    case 'buttons':
      return { bodies: [reply.body], titles: reply.buttons.map((b) => b.title) };
    case 'list':
      return { bodies: [reply.body], titles: [reply.button, ...reply.sections.flatMap((s) => s.rows.flatMap((r) => [r.title, ...(r.description ? [r.description] : [])]))] };
    case 'contact_request':
      return { bodies: [reply.body], titles: [] };
    default:
      return { bodies: [], titles: [] };
  }
}

describe('the engine against the outbound schema', () => {
  const cases = [
    { waId: '34612345678', locale: 'es' },
    { waId: '447700900123', locale: 'en' },
  ] as const;

  for (const { waId, locale } of cases) {
    describe(`a contact from ${waId}`, () => {
      // Driven on first use, inside a test: a key the engine cannot render fails these tests, not the file's collection.
      let driven: ReturnType<typeof conversation> | undefined;
      const talk = () => {
        if (driven) return driven;
        const chat = conversation(waId);
        chat.text('hi');
        chat.goOn(45);
        chat.media();
        for (const command of COMMANDS) {
          chat.text(command);
          chat.goOn(3);
        }
        return (driven = chat);
      };

      it(`when they say "hi", then the welcome comes in ${locale === 'es' ? 'Spanish' : 'English'}`, () => {
        const first = talk().replies.find((r) => r.turn === 1);
        expect(first?.type).toBe('buttons');
        expect(first?.type === 'buttons' ? first.body : null).toBe(render(locale, 'welcome.ask_role'));
      });

      it('when they go on tapping the first button and answering, then every reply parses with the outbound schema', () => {
        const chat = talk();
        expect(chat.invalid).toEqual([]);
        expect(chat.replies.length).toBeGreaterThan(60);
        const types = new Set(chat.replies.map((r) => r.type));
        for (const type of ['text', 'buttons', 'list']) expect(types, type).toContain(type);
      });

      it('when they go on, then the conversation reaches a saved profile (the drive covered onboarding)', () => {
        expect(talk().effects.map((e) => e.type)).toContain('save_worker_profile');
      });

      it('when a reply is sent, then no title or body was clipped to fit, and no value went out as undefined or NaN', () => {
        const wrong = talk().replies.flatMap((reply) => {
          const { bodies, titles } = visible(reply);
          return [
            ...titles.filter((t) => t.endsWith('…')).map((t) => `turn ${reply.turn}: clipped title "${t}"`),
            ...bodies.filter((b) => b.endsWith('…')).map((b) => `turn ${reply.turn}: clipped body "${b}"`),
            ...[...bodies, ...titles].filter((s) => /\bundefined\b|\bNaN\b|\[object |[{}]/.test(s)).map((s) => `turn ${reply.turn}: "${s}"`),
          ];
        });
        expect(wrong).toEqual([]);
      });

      it('when a lead and a question are joined into one body, then no sentence is said twice', () => {
        // Sentences of some length only: "e.g." and "p. ej." fragments may well come twice.
        const repeated = talk().replies.flatMap((reply) =>
          visible(reply).bodies.flatMap((body) => {
            const sentences = body.split(/(?<=[.!?])\s+|\n/).map((s) => s.trim()).filter((s) => s.length >= 12);
            return sentences.filter((s, i) => sentences.indexOf(s) !== i).map((s) => `turn ${reply.turn}: "${s}" twice in "${body}"`);
          }),
        );
        expect([...new Set(repeated.map((r) => r.replace(/^turn \d+: /, '')))]).toEqual([]);
      });
    });
  }
});

describe('approved WhatsApp templates', () => {
  const templates = Object.entries(whatsappTemplates);

  it('when the templates are listed, then there is at least one, each with a language code per locale', () => {
    expect(templates.length).toBeGreaterThan(0);
    for (const locale of locales) expect(templateLanguage[locale], locale).toMatch(/^[a-z]{2}(_[A-Z]{2})?$/);
  });

  it("when a template's name is read, then it is in Meta's format (lowercase letters, digits, underscores) and unique", () => {
    for (const [id, template] of templates) {
      expect(template.name, id).toMatch(/^[a-z0-9_]+$/);
      expect(template.name.length, id).toBeLessThanOrEqual(512);
    }
    const names = templates.map(([, t]) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('when a template body is read per locale, then its {{n}} parameters are exactly 1..params.length', () => {
    const wrong: string[] = [];
    for (const [id, template] of templates) {
      const expected = template.params.map((_, i) => i + 1);
      for (const locale of locales) {
        const body: string | undefined = (template.body as Partial<Record<Locale, string>>)[locale];
        if (typeof body !== 'string' || body.trim() === '') {
          wrong.push(`${id} ${locale}: no body`);
          continue;
        }
        const used = [...new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
        if (used.join() !== expected.join()) wrong.push(`${id} ${locale}: uses {{${used.join('}}, {{')}}}, params are ${expected.length}`);
        if (/[{}]/.test(body.replace(/\{\{\d+\}\}/g, ''))) wrong.push(`${id} ${locale}: stray braces in "${body}"`);
        if (body.length > INTERACTIVE_BODY_MAX) wrong.push(`${id} ${locale}: body ${body.length} > ${INTERACTIVE_BODY_MAX}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('when a template is registered, then its Spanish body is not a copy of the English one', () => {
    for (const [id, template] of templates) expect(template.body.es, id).not.toBe(template.body.en);
  });
});
