// The welcome flow through the engine alone: language from the number, role, privacy notice and consent.
import { describe, expect, it } from 'vitest';
import { render } from '../../../templates/index.js';
import {
  DEFAULT_NOW,
  ENGLISH_WA_ID,
  SPANISH_WA_ID,
  defaultSettings,
  expectAskedAgain,
  expectHelpOffered,
  expectNoHelpOffer,
  limitCheckedTranscripts,
  stepName,
  type Transcript,
} from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();
const privacyUrl = defaultSettings.privacyPolicyUrl;

const roleButtons = ['welcome/role/worker', 'welcome/role/employer', 'welcome/role/other_language'];

function atConsent(role: 'worker' | 'employer', waId: string | null = ENGLISH_WA_ID): Transcript {
  const t = chat({ waId });
  t.text('hi');
  t.tap(`welcome/role/${role}`);
  return t;
}

describe('welcome: first contact', () => {
  it('when a Spanish number writes "hola", then the bot greets in Spanish and asks work or hiring with three buttons', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(render('es', 'welcome.ask_role'));
    expect(t.buttonIds()).toEqual(roleButtons);
    expect(t.buttonTitles()).toEqual(['Buscar trabajo', 'Quiero contratar', 'English']);
    expect(stepName(t)).toBe('welcome/role');
    expect(t.effects).toEqual([]);
  });

  it('when a UK number writes "hi", then the bot greets in English and offers Spanish as the third button', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
    expect(t.buttonTitles()).toEqual(['Find work', "I'm hiring", 'Español']);
  });

  it('when a username user (no number from Meta) writes, then the bot greets in English', () => {
    const t = chat({ waId: null });
    t.text('hello');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
  });

  it('when the very first message is not a greeting, then the welcome starts all the same', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('¿Qué es esto?');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(render('es', 'welcome.ask_role'));
  });

  it('when the first message is a sticker or a pin, then the welcome starts all the same', () => {
    for (const send of [(t: Transcript) => t.sticker(), (t: Transcript) => t.location(40.4, -3.7)]) {
      const t = chat({ waId: ENGLISH_WA_ID });
      send(t);
      expect(stepName(t)).toBe('welcome/role');
      expect(t.buttonIds()).toEqual(roleButtons);
    }
  });
});

describe('welcome: role and consent', () => {
  it('when "Find work" is tapped, then the worker privacy notice comes with the policy link and [I agree] [No thanks]', () => {
    const t = atConsent('worker');
    expect(stepName(t)).toBe('welcome/consent_worker');
    expect(t.lastBody()).toBe(render('en', 'welcome.consent_worker', { privacyUrl }));
    expect(t.lastBody()).toContain(privacyUrl);
    expect(t.buttonIds()).toEqual(['welcome/consent_worker/agree', 'welcome/consent_worker/decline']);
    expect(t.buttonTitles()).toEqual(['I agree', 'No thanks']);
  });

  it('when "I\'m hiring" is tapped, then the employer privacy notice comes instead', () => {
    const t = atConsent('employer');
    expect(stepName(t)).toBe('welcome/consent_employer');
    expect(t.lastBody()).toBe(render('en', 'welcome.consent_employer', { privacyUrl }));
    expect(t.buttonIds()).toEqual(['welcome/consent_employer/agree', 'welcome/consent_employer/decline']);
  });

  it('when the privacy URL comes from the settings, then that is the link shown', () => {
    const t = chat({ waId: ENGLISH_WA_ID, settings: { privacyPolicyUrl: 'https://other.example/p' } });
    t.text('hi');
    t.tap('welcome/role/worker');
    expect(t.lastBody()).toContain('https://other.example/p');
  });

  it('when a worker agrees in English, then role, consent and language are stored and the name is asked', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_worker/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'worker', consent: 'given', optedOut: false }]);
    expect(t.state).toMatchObject({ role: 'worker', consent: 'given', locale: 'en', optedOut: false });
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(render('en', 'worker.ask_name'));
  });

  it('when a Spanish worker agrees, then the name is asked in Spanish', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.tap('welcome/role/worker');
    expect(t.lastBody()).toBe(render('es', 'welcome.consent_worker', { privacyUrl }));
    t.tap('welcome/consent_worker/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'es', role: 'worker', consent: 'given', optedOut: false }]);
    expect(t.lastBody()).toBe(render('es', 'worker.ask_name'));
  });

  it('when an employer agrees in Spanish, then the business name is asked', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.tap('welcome/role/employer');
    t.tap('welcome/consent_employer/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'es', role: 'employer', consent: 'given', optedOut: false }]);
    expect(stepName(t)).toBe('employer_onboarding/business_name');
    expect(t.lastBody()).toBe(render('es', 'employer.ask_business_name'));
  });

  it('when "English" is tapped by a Spanish number, then the question is asked again in English and the language is stored', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.tap('welcome/role/other_language');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
    expect(t.buttonTitles()).toEqual(['Find work', "I'm hiring", 'Español']);
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en' }]);
    t.tap('welcome/role/worker');
    t.tap('welcome/consent_worker/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'worker', consent: 'given', optedOut: false }]);
    expect(t.lastBody()).toBe(render('en', 'worker.ask_name'));
  });

  it('when "Español" is typed by an English number, then the welcome switches to Spanish', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.text('Español');
    expect(t.lastBody()).toBe(render('es', 'welcome.ask_role'));
    expect(t.buttonTitles()).toEqual(['Buscar trabajo', 'Quiero contratar', 'English']);
  });
});

describe('welcome: typed answers instead of taps', () => {
  const roleCases: [string, string, 'worker' | 'employer'][] = [
    [ENGLISH_WA_ID, '1', 'worker'],
    [ENGLISH_WA_ID, '2', 'employer'],
    [ENGLISH_WA_ID, 'Find work', 'worker'],
    [ENGLISH_WA_ID, "i'm hiring", 'employer'],
    [ENGLISH_WA_ID, 'FIND WORK', 'worker'],
    [SPANISH_WA_ID, 'Buscar trabajo', 'worker'],
    [SPANISH_WA_ID, 'quiero contratar', 'employer'],
    [SPANISH_WA_ID, 'trabajo', 'worker'],
    [SPANISH_WA_ID, 'contratar', 'employer'],
  ];
  for (const [waId, typed, role] of roleCases) {
    it(`when "${typed}" is typed at the role question, then it is read as ${role}`, () => {
      const t = chat({ waId });
      t.text('hi');
      t.text(typed);
      expect(stepName(t)).toBe(`welcome/consent_${role}`);
    });
  }

  for (const typed of ['yes', 'si', 'sí', 'Sí', 'ok', 'I agree', 'acepto', '1']) {
    it(`when "${typed}" is typed at the privacy notice, then it is read as agreeing`, () => {
      const t = atConsent('worker');
      t.text(typed);
      expect(t.state.consent).toBe('given');
      expect(stepName(t)).toBe('worker_onboarding/name');
    });
  }

  for (const typed of ['no', 'No thanks', 'no gracias', '2']) {
    it(`when "${typed}" is typed at the privacy notice, then it is read as declining`, () => {
      const t = atConsent('worker');
      t.text(typed);
      expect(t.state.consent).toBe('declined');
      expect(t.state.flow).toBeNull();
    });
  }
});

describe('welcome: stale buttons and misunderstood answers', () => {
  it('when a role button is tapped again at the privacy notice, then it is not an answer and the notice is asked again', () => {
    const t = atConsent('worker');
    t.tap('welcome/role/employer');
    expectAskedAgain(t, {
      step: 'welcome/consent_worker',
      hint: render('en', 'hint.choice'),
      question: render('en', 'welcome.consent_worker', { privacyUrl }),
    });
    expect(t.state.role).toBeNull();
  });

  it('when the privacy "I agree" of the other role is tapped, then it is not taken for this one', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_employer/agree');
    expect(stepName(t)).toBe('welcome/consent_worker');
    expect(t.state.consent).toBeNull();
    expect(t.lastEffects).toEqual([]);
  });

  it('when a tap after consent repeats "I agree", then nothing is stored twice and the name question stays', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_worker/agree');
    t.tap('welcome/consent_worker/agree');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.effectsOf('set_preferences')).toHaveLength(1);
    expect(t.state.flow?.answers.name).toBeUndefined();
  });

  const wrong: [string, (t: Transcript) => void][] = [
    ['a sticker', (t) => t.sticker()],
    ['an image', (t) => t.media('image')],
    ['a voice note', (t) => t.media('audio')],
    ['a location pin', (t) => t.location(40.4, -3.7)],
    ['a shared contact', (t) => t.contacts('+34 699 111 222')],
    ['emoji only', (t) => t.text('🙂🙂')],
    ['garbage', (t) => t.text('asdkjh qwe')],
    ['a 5,000-character message', (t) => t.text('a'.repeat(5000))],
  ];
  for (const [what, send] of wrong) {
    it(`when the role question gets ${what}, then the hint and the question come again and the step stays`, () => {
      const t = chat({ waId: ENGLISH_WA_ID });
      t.text('hi');
      send(t);
      expectAskedAgain(t, { step: 'welcome/role', hint: render('en', 'hint.choice'), question: render('en', 'welcome.ask_role') });
      expect(t.buttonIds()).toEqual(roleButtons);
    });
  }

  it('when the privacy notice gets three misunderstood answers in a row, then a message with Help and Menu comes after the third', () => {
    const t = atConsent('worker');
    t.sticker();
    expectNoHelpOffer(t);
    t.text('maybe later');
    expectNoHelpOffer(t);
    t.text('🤔');
    expectAskedAgain(t, { step: 'welcome/consent_worker', hint: render('en', 'hint.choice'), question: render('en', 'welcome.consent_worker', { privacyUrl }) });
    expectHelpOffered(t);
    expect(t.replies).toHaveLength(2);
  });

  it('when a good answer comes between misunderstood ones, then the count starts again', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.sticker();
    t.sticker();
    t.tap('welcome/role/worker');
    t.sticker();
    t.sticker();
    expectNoHelpOffer(t);
    expect(stepName(t)).toBe('welcome/consent_worker');
  });
});

describe('welcome: declining', () => {
  it('when a worker declines, then only the opt-out is kept: no role, no answers; the data is deleted, then the preferences are cleared', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_worker/decline');
    // "Nothing else is stored": not even the language (a later "hi" suggests it from the number again).
    expect(t.effects).toEqual([{ type: 'delete_my_data' }, { type: 'set_preferences', locale: null, role: null, consent: 'declined', optedOut: true }]);
    expect(t.state.role).toBeNull();
    expect(t.state.locale).toBeNull();
    expect(t.state.consent).toBe('declined');
    expect(t.state.optedOut).toBe(true);
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toBeNull();
    expect(JSON.stringify(t.state)).not.toContain('worker');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'welcome.declined') }]);
  });

  it('when a Spanish employer declines, then the answer comes in Spanish and nothing is kept', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.tap('welcome/role/employer');
    t.tap('welcome/consent_employer/decline');
    expect(t.effects).toEqual([{ type: 'delete_my_data' }, { type: 'set_preferences', locale: null, role: null, consent: 'declined', optedOut: true }]);
    expect(t.state.role).toBeNull();
    expect(JSON.stringify(t.state)).not.toContain('employer');
    expect(t.lastBody()).toBe(render('es', 'welcome.declined'));
  });

  it('when someone who declined writes "hi" later, then the welcome starts again from the role question', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_worker/decline');
    t.advance(60 * 60 * 1000);
    t.text('hi');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
  });

  it('when someone who declined agrees the second time, then the opt-out is lifted', () => {
    const t = atConsent('worker');
    t.tap('welcome/consent_worker/decline');
    t.text('hi');
    t.tap('welcome/role/worker');
    t.tap('welcome/consent_worker/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'worker', consent: 'given', optedOut: false }]);
    expect(t.state.optedOut).toBe(false);
    expect(stepName(t)).toBe('worker_onboarding/name');
  });
});

describe('welcome: leaving it', () => {
  it('when "cancel" is typed during the welcome, then it stops and a later "hi" starts from the beginning', () => {
    const t = atConsent('worker');
    t.text('cancel');
    expect(t.lastBody()).toBe(render('en', 'welcome.cancelled'));
    expect(t.state.flow).toBeNull();
    expect(t.effects).toEqual([]);
    t.text('hi');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
  });

  it('when "ayuda" is typed during the welcome, then the newcomer help comes and the question is asked again', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.text('ayuda');
    expect(t.lastBody()).toContain(render('es', 'help.new'));
    expect(t.lastBody()).toContain(render('es', 'welcome.ask_role'));
    expect(stepName(t)).toBe('welcome/role');
  });

  it('when the clock is injected, then the welcome position records it', () => {
    const t = chat({ waId: ENGLISH_WA_ID, now: DEFAULT_NOW });
    t.text('hi');
    expect(t.state.flow?.at).toBe(DEFAULT_NOW.toISOString());
  });
});

// ---- Regression tests for the review's changes (each one fails if the behaviour comes back). ----

describe('welcome: a newcomer\'s command, then the welcome (review item 4)', () => {
  it('when a newcomer types "find jobs", then "no profile yet" leads the welcome question in one message', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('find jobs');
    expect(t.replies).toHaveLength(1);
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(`${render('en', 'only.profile')}\n${render('en', 'welcome.ask_role')}`);
    expect(t.buttonIds()).toEqual(roleButtons);
  });

  it('when a newcomer types "start", then messages are turned on and the welcome question follows in the same message', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('start');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: false }]);
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(`${render('es', 'start.done')}\n${render('es', 'welcome.ask_role')}`);
    expect(stepName(t)).toBe('welcome/role');
  });
});

describe('welcome: a language typed by name (review item 4)', () => {
  const typedLanguages: [string, string, 'en' | 'es'][] = [
    [ENGLISH_WA_ID, 'English', 'en'],
    [ENGLISH_WA_ID, 'english', 'en'],
    [ENGLISH_WA_ID, 'in english', 'en'],
    [ENGLISH_WA_ID, 'Español', 'es'],
    [ENGLISH_WA_ID, 'castellano', 'es'],
    [SPANISH_WA_ID, 'Español', 'es'],
    [SPANISH_WA_ID, 'espanol', 'es'],
    [SPANISH_WA_ID, 'English', 'en'],
    [SPANISH_WA_ID, 'inglés', 'en'],
  ];
  for (const [waId, typed, locale] of typedLanguages) {
    it(`when "${typed}" is typed at the welcome by a ${waId === ENGLISH_WA_ID ? 'UK' : 'Spanish'} number, then the welcome is in ${locale === 'en' ? 'English' : 'Spanish'} and that language is stored`, () => {
      const t = chat({ waId });
      t.text('hi');
      t.text(typed);
      expect(stepName(t)).toBe('welcome/role');
      expect(t.state.locale).toBe(locale);
      expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale }]);
      expect(t.lastBody()).toBe(render(locale, 'welcome.ask_role'));
      expect(t.state.flow?.answers).toEqual({});
    });
  }

  it('when the third button is tapped twice, then the language toggles there and back, and no role is saved', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.tap('welcome/role/other_language');
    expect(t.state.locale).toBe('es');
    expect(t.state.flow?.answers).toEqual({});
    t.tap('welcome/role/other_language');
    expect(t.state.locale).toBe('en');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
    expect(t.state.flow?.answers).toEqual({});
    expect(t.state.flow?.answers.role).toBeUndefined();
  });

  it('when the language is switched and then the role tapped, then only the role is saved and the notice is in the new language', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('hi');
    t.tap('welcome/role/other_language');
    t.tap('welcome/role/worker');
    expect(t.state.flow?.answers).toEqual({ role: 'worker' });
    expect(t.lastBody()).toBe(render('es', 'welcome.consent_worker', { privacyUrl }));
  });
});

describe('welcome: greetings at the welcome (review item 5)', () => {
  it('when "hola" comes at the role question, then it is asked again with no hint and no strike', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.text('hola');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(render('es', 'welcome.ask_role'));
    expect(t.state.flow?.tries).toBe(0);
    expect(t.lastEffects).toEqual([]);
  });
});

describe('welcome: declining and opting out (review item 7)', () => {
  it('when someone declines, then delete_my_data comes before set_preferences, and the state keeps only the decline and the opt-out', () => {
    const t = atConsent('employer');
    t.text('no thanks');
    expect(t.lastEffects.map((e) => e.type)).toEqual(['delete_my_data', 'set_preferences']);
    expect(t.lastEffects[1]).toEqual({ type: 'set_preferences', locale: null, role: null, consent: 'declined', optedOut: true });
    expect(t.state).toMatchObject({ locale: null, role: null, consent: 'declined', optedOut: true, flow: null, parked: null });
  });

  it('when a newcomer typed "stop" and then agrees, then the opt-out they asked for is kept', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('stop');
    expect(t.state.optedOut).toBe(true);
    t.tap('welcome/role/worker');
    t.tap('welcome/consent_worker/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'worker', consent: 'given', optedOut: true }]);
    expect(t.state.optedOut).toBe(true);
    expect(stepName(t)).toBe('worker_onboarding/name');
  });

  it('when someone who declined agrees later, then the opt-out the decline set is lifted in the state and the effect', () => {
    const t = atConsent('employer');
    t.tap('welcome/consent_employer/decline');
    expect(t.state.optedOut).toBe(true);
    t.text('hi');
    t.tap('welcome/role/employer');
    t.tap('welcome/consent_employer/agree');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en', role: 'employer', consent: 'given', optedOut: false }]);
    expect(t.state.optedOut).toBe(false);
  });
});
