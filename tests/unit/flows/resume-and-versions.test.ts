// Coming back after a long pause, and stored states the current flows did not write: older flow
// versions, removed steps, old shapes and garbage. The engine must never throw on any of them.
import { describe, expect, it } from 'vitest';
import { render } from '../../../templates/index.js';
import {
  DEFAULT_NOW,
  ENGLISH_WA_ID,
  SPANISH_WA_ID,
  aWorker,
  driveEmployerTo,
  driveWorkerTo,
  limitCheckedTranscripts,
  stepName,
  type Transcript,
} from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();
const HOUR = 60 * 60 * 1000;

function resumeAsked(t: Transcript, locale: 'en' | 'es', activity: 'worker_onboarding' | 'employer_onboarding' | 'welcome'): void {
  expect(t.replies).toHaveLength(1);
  expect(t.lastBody()).toBe(render(locale, 'resume.ask', { activity: render(locale, `activity.${activity}`) }));
  expect(t.buttonIds()).toEqual(['resume/continue', 'resume/restart']);
  expect(t.buttonTitles()).toEqual(locale === 'en' ? ['Continue', 'Start over'] : ['Seguir', 'Empezar de nuevo']);
}

/** A stored state, as JSON, of a registered English worker at a position. */
function storedAt(flow: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return JSON.parse(
    JSON.stringify({
      v: 1,
      locale: 'en',
      role: 'worker',
      consent: 'given',
      optedOut: false,
      flow: { tries: 0, trail: [], page: 0, editing: false, resumeAsked: false, at: new Date(DEFAULT_NOW.getTime() - 60_000).toISOString(), ...flow },
      parked: null,
      noticeAt: null,
      ...extra,
    }),
  );
}

describe('resume: coming back after a long pause', () => {
  it('when 13 hours pass mid-flow, then anything sent asks Continue / Start over and nothing is taken as an answer', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(13 * HOUR);
    t.text('15');
    resumeAsked(t, 'en', 'worker_onboarding');
    expect(t.state.flow?.answers.minRate).toBeUndefined();
    expect(stepName(t)).toBe('worker_onboarding/rate');
  });

  it('when Continue is tapped, then the pending step is asked again with the answers kept', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(13 * HOUR);
    t.text('hi');
    t.tap('resume/continue');
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_rate', { currency: 'EUR' }));
    t.text('12');
    expect(t.state.flow?.answers).toMatchObject({ name: 'Maria Lopez', skills: ['waiter'], radiusKm: 10, minRate: 12 });
  });

  it('when Start over is tapped, then the flow restarts at its first step with nothing kept', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'location');
    t.advance(13 * HOUR);
    t.sticker();
    resumeAsked(t, 'es', 'worker_onboarding');
    t.tap('resume/restart');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.state.flow?.answers).toEqual({});
    expect(t.state.flow?.trail).toEqual([]);
    expect(t.lastBody()).toBe(render('es', 'worker.ask_name'));
  });

  const typedChoices: [string, 'continue' | 'restart'][] = [
    ['continue', 'continue'],
    ['Seguir', 'continue'],
    ['continuar', 'continue'],
    ['1', 'continue'],
    ['start over', 'restart'],
    ['Empezar de nuevo', 'restart'],
    ['2', 'restart'],
  ];
  for (const [typed, choice] of typedChoices) {
    it(`when "${typed}" is typed at Continue / Start over, then it is read as ${choice}`, () => {
      const t = chat({ waId: ENGLISH_WA_ID });
      driveWorkerTo(t, 'availability');
      t.advance(13 * HOUR);
      t.text('hello');
      t.text(typed);
      expect(stepName(t)).toBe(choice === 'continue' ? 'worker_onboarding/availability' : 'worker_onboarding/name');
    });
  }

  it('when less than 12 hours pass, then the message is simply the answer', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(11 * HOUR);
    t.text('15');
    expect(t.state.flow?.answers.minRate).toBe(15);
  });

  it('when each answer comes within 12 hours of the last, then no resume question interrupts, however long it all takes', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'availability');
    t.advance(11 * HOUR);
    t.text('weekends');
    t.advance(11 * HOUR);
    t.text('chamberi');
    expect(stepName(t)).toBe('worker_onboarding/radius');
  });

  it('when the resume question was asked and a command comes, then the command runs', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(13 * HOUR);
    t.text('hi');
    t.text('help');
    expect(t.lastBody()).toContain(render('en', 'help.worker'));
  });

  it('when the welcome is left for 13 hours, then it asks to continue getting started', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.tap('welcome/role/employer');
    t.advance(13 * HOUR);
    t.text('hi');
    resumeAsked(t, 'en', 'welcome');
    t.tap('resume/continue');
    expect(stepName(t)).toBe('welcome/consent_employer');
  });

  it('when an employer comes back after 13 hours, then Continue returns to the business questions', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveEmployerTo(t, 'location');
    t.advance(13 * HOUR);
    t.text('hello');
    resumeAsked(t, 'en', 'employer_onboarding');
    t.tap('resume/continue');
    expect(stepName(t)).toBe('employer_onboarding/location');
    expect(t.lastBody()).toBe(render('en', 'employer.ask_location', { businessName: 'Cafe Sol' }));
  });

  it('when the resume buttons are tapped again later, then they are not answers to the step', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(13 * HOUR);
    t.text('hi');
    t.tap('resume/continue');
    t.tap('resume/restart');
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
  });
});

describe('versions: a saved position the current flows did not write', () => {
  it('when the flow version is older, then the first unanswered step is asked, without throwing', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 0, step: 'rate', answers: { name: 'Maria Lopez', skills: ['waiter'] } }) });
    expect(() => t.text('12')).not.toThrow();
    expect(stepName(t)).toBe('worker_onboarding/availability');
    expect(t.lastBody()).toContain(render('en', 'worker.ask_availability'));
    expect(t.state.flow?.version).toBe(1);
  });

  it('when the flow version is older, then the message is not judged against a question the person was never asked', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 0, step: 'rate', answers: { name: 'Maria Lopez', skills: ['waiter'] } }) });
    t.text('12');
    expect(t.lastBody()).not.toContain(render('en', 'hint.availability'));
    expect(t.state.flow?.tries).toBe(0);
  });

  it('when the saved step no longer exists, then the first unanswered step is asked, without throwing', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 1, step: 'hobbies', answers: { name: 'Maria Lopez' } }) });
    expect(() => t.text('hello')).not.toThrow();
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastBody()).toContain(render('en', 'worker.ask_skill', { firstName: 'Maria' }));
  });

  it('when an old employer position names a removed step, then the first missing business answer is asked', () => {
    const t = chat({
      waId: ENGLISH_WA_ID,
      state: storedAt({ name: 'employer_onboarding', version: 0, step: 'vat_number', answers: { businessName: 'Cafe Sol', contactName: 'Ana Garcia' } }, { role: 'employer' }),
    });
    t.text('ES12345678');
    expect(stepName(t)).toBe('employer_onboarding/business_type');
    expect(t.lastBody()).toContain(render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' }));
  });

  it('when an old position has every answer (Meta\'s number kept), then the summary is shown, not the other-number question, and confirming saves', () => {
    const answers = { name: 'Maria Lopez', skills: ['waiter'], availability: aWorker().availability, location: aWorker().location, radiusKm: 10, minRate: 12, phoneChoice: 'use' };
    const t = chat({ waId: SPANISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 0, step: 'gone', answers }) });
    t.text('hello');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    t.tap('worker_onboarding/summary/confirm');
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.effectsOf('save_worker_profile')[0]?.profile).toMatchObject({ name: 'Maria Lopez', minRateCents: 1200, phone: '+34612345678' });
  });

  it('when an old position has an answer that is no longer valid, then confirming the summary goes back to that step (no dead end)', () => {
    const answers = { name: 'Maria Lopez', skills: ['waiter'], availability: aWorker().availability, location: aWorker().location, radiusKm: 300, minRate: 12, phoneChoice: 'other', phone: '+34699111222' };
    const t = chat({ waId: SPANISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 0, step: 'gone', answers }) });
    t.text('hello');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    t.tap('worker_onboarding/summary/confirm');
    expect(t.effectsOf('save_worker_profile')).toEqual([]);
    expect(t.replies.length, 'the confirmation gets an answer').toBeGreaterThan(0);
    expect(stepName(t)).toBe('worker_onboarding/radius');
    expect(t.lastBody()).toContain(render('en', 'worker.ask_radius'));
    t.tap('worker_onboarding/radius/value/20');
    expect(stepName(t)).toBe('worker_onboarding/summary');
  });

  it('when the summary is confirmed with answers missing, then the first missing one is asked, not silence', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 1, step: 'summary', answers: { name: 'Maria Lopez', skills: ['waiter'] } }) });
    t.tap('worker_onboarding/summary/confirm');
    expect(t.effectsOf('save_worker_profile')).toEqual([]);
    expect(t.replies.length).toBeGreaterThan(0);
    expect(stepName(t)).toBe('worker_onboarding/availability');
  });

  it('when the saved flow no longer exists at all, then the contact is treated as having nothing pending', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'job_posting_v0', version: 3, step: 'title', answers: {} }) });
    expect(() => t.text('hi')).not.toThrow();
    expect(stepName(t)).toBe('worker_onboarding/name');
  });

  it('when a parked position names a flow that no longer exists, then "hi" does not offer to continue it', () => {
    const t = chat({
      waId: ENGLISH_WA_ID,
      state: { ...(storedAt({ name: 'worker_onboarding', version: 1, step: 'name' }) as object), flow: null, parked: { name: 'old_flow', version: 1, step: 'x', at: DEFAULT_NOW.toISOString() } },
    });
    t.text('hi');
    expect(t.buttonIds()).not.toContain('resume/continue');
    expect(t.replies.length).toBeGreaterThan(0);
  });

  it('when the saved time is not a date, then the step is still answered and nothing throws', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 1, step: 'name', at: 'yesterday' }) });
    expect(() => t.text('Maria Lopez')).not.toThrow();
    expect(t.replies.length).toBeGreaterThan(0);
  });

  it('when a saved page is beyond the last page, then the last page is shown', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: storedAt({ name: 'worker_onboarding', version: 1, step: 'skill', answers: { name: 'Maria Lopez' }, page: 99 }) });
    t.text('xyzzy qwerty');
    expect(t.rowIds().length).toBeGreaterThan(0);
    expect(t.rowIds().at(-1)).toBe('worker_onboarding/skill/page/0');
  });
});

describe('versions: old shapes and garbage start fresh', () => {
  const garbage: [string, unknown][] = [
    ['the echo handler\'s { turns: 3 }', { turns: 3 }],
    ['"x"', 'x'],
    ['null', null],
    ['undefined', undefined],
    ['42', 42],
    ['an array', [1, 2, 3]],
    ['a state of a future version', { v: 99, flow: 'somewhere' }],
    ['a flow that is not an object', { v: 1, flow: 'worker_onboarding' }],
    ['a locale that does not exist', { v: 1, locale: 'fr' }],
  ];
  for (const [what, state] of garbage) {
    it(`when the stored state is ${what}, then "hi" starts the welcome without throwing`, () => {
      const t = chat({ waId: ENGLISH_WA_ID });
      t.rawState = state;
      expect(() => t.text('hi')).not.toThrow();
      expect(stepName(t)).toBe('welcome/role');
      expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
      expect(t.effects).toEqual([]);
    });
  }

  it('when an old shape still carries valid fields, then those are kept (a registered worker is not welcomed again)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, worker: aWorker() });
    t.rawState = { turns: 3, locale: 'en', role: 'worker', consent: 'given' };
    t.text('hi');
    expect(t.state.flow).toBeNull();
    expect(t.lastBody()).toContain(render('en', 'greeting.active', { firstName: 'Maria' }));
  });

  it('when a half-broken flow position is stored, then nothing throws and a reply comes', () => {
    for (const flow of [{ name: 'worker_onboarding' }, { name: 'worker_onboarding', version: 'one', step: 3, at: DEFAULT_NOW.toISOString() }, { name: 42 }]) {
      const t = chat({ waId: ENGLISH_WA_ID });
      t.rawState = { v: 1, locale: 'en', role: 'worker', consent: 'given', flow };
      expect(() => t.text('hi')).not.toThrow();
      expect(t.replies.length).toBeGreaterThan(0);
    }
  });

  it('when answers of the wrong type are stored, then the summary still renders and nothing throws', () => {
    const t = chat({
      waId: ENGLISH_WA_ID,
      state: storedAt({ name: 'worker_onboarding', version: 1, step: 'summary', answers: { name: 42, skills: 'waiter', availability: 'always', location: 'here', radiusKm: 'far', minRate: null } }),
    });
    expect(() => t.text('hmm')).not.toThrow();
    expect(t.replies.length).toBeGreaterThan(0);
    expect(() => t.tap('worker_onboarding/summary/confirm')).not.toThrow();
    expect(t.effectsOf('save_worker_profile')).toEqual([]);
    expect(t.replies.length).toBeGreaterThan(0);
  });
});

// ---- Regression tests for the review's changes (each one fails if the behaviour comes back). ----

describe('resume: only a resume answer is taken at the resume question (review item 3)', () => {
  /** A newcomer who tapped "Find work", then came back 13 hours later and said hi: the resume question is pending. */
  function atResumeOverConsent(): Transcript {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.tap('welcome/role/worker');
    t.advance(13 * HOUR);
    t.text('hi');
    resumeAsked(t, 'en', 'welcome');
    return t;
  }

  it('when "no" is typed at the resume question, then the resume question is asked again and consent is not declined', () => {
    const t = atResumeOverConsent();
    t.text('no');
    resumeAsked(t, 'en', 'welcome');
    expect(t.state.consent).toBeNull();
    expect(t.state.flow).toMatchObject({ name: 'welcome', step: 'consent_worker', resumeAsked: true, answers: { role: 'worker' } });
    expect(t.effects).toEqual([]);
  });

  for (const typed of ['yes', 'I agree', 'Find work', 'maybe']) {
    it(`when "${typed}" is typed at the resume question, then it is asked again and nothing is answered`, () => {
      const t = atResumeOverConsent();
      t.text(typed);
      resumeAsked(t, 'en', 'welcome');
      expect(t.state.consent).toBeNull();
      expect(t.effects).toEqual([]);
    });
  }

  it('when a sticker comes at the resume question, then it is asked again', () => {
    const t = atResumeOverConsent();
    t.sticker();
    resumeAsked(t, 'en', 'welcome');
  });

  it('when a number is typed at the resume question over the rate, then it is asked again and the rate is not saved', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.advance(13 * HOUR);
    t.text('hi');
    t.text('15');
    resumeAsked(t, 'en', 'worker_onboarding');
    expect(t.state.flow?.answers.minRate).toBeUndefined();
    t.text('continue');
    expect(stepName(t)).toBe('worker_onboarding/rate');
    t.text('15');
    expect(t.state.flow?.answers.minRate).toBe(15);
  });

  it('when the pending step\'s own button is tapped at the resume question, then it is taken as the answer', () => {
    const t = atResumeOverConsent();
    t.tap('welcome/consent_worker/agree');
    expect(t.state.consent).toBe('given');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'worker', consent: 'given', optedOut: false }]);
  });

  it('when a button of another step is tapped at the resume question, then the resume question is asked again', () => {
    const t = atResumeOverConsent();
    t.tap('welcome/role/employer');
    resumeAsked(t, 'en', 'welcome');
    expect(t.state.flow?.answers).toEqual({ role: 'worker' });
  });

  it('when "2" is typed at the resume question, then the flow starts over', () => {
    const t = atResumeOverConsent();
    t.text('2');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.state.flow?.answers).toEqual({});
  });
});

describe('versions: every position is checked on the way in (review item 3)', () => {
  const oldParked = {
    v: 1,
    locale: 'en',
    role: 'worker',
    consent: 'given',
    optedOut: false,
    flow: null,
    noticeAt: null,
    parked: { name: 'worker_onboarding', version: 0, step: 'rate', answers: { name: 'Maria Lopez', skills: ['waiter'] }, at: DEFAULT_NOW.toISOString() },
  };

  it('when a parked position of an older version is continued, then its first unanswered step is asked, at the current version', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: oldParked });
    t.text('hi');
    resumeAsked(t, 'en', 'worker_onboarding');
    t.tap('resume/continue');
    expect(stepName(t)).toBe('worker_onboarding/availability');
    expect(t.state.flow?.version).toBe(1);
    expect(t.lastBody()).toBe(render('en', 'worker.ask_availability'));
    expect(t.state.flow?.answers).toEqual({ name: 'Maria Lopez', skills: ['waiter'] });
  });

  it('when a parked position of an older version comes back after a language change, then its first unanswered step is asked', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: { ...oldParked, flow: { ...oldParked.parked, version: 1, name: 'language', step: 'choose', answers: {} } } });
    t.tap('language/choose/es');
    expect(t.bodies()[0]).toBe(render('es', 'language.set'));
    expect(stepName(t)).toBe('worker_onboarding/availability');
    expect(t.state.flow?.version).toBe(1);
    expect(t.lastBody()).toBe(render('es', 'worker.ask_availability'));
  });
});
