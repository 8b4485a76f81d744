// Employer onboarding through the engine alone: business, contact, type, location, summary and verification.
import { describe, expect, it } from 'vitest';
import { businessTypes } from '../../../data/business-types.js';
import { render } from '../../../templates/index.js';
import {
  ENGLISH_WA_ID,
  SPANISH_WA_ID,
  anEmployer,
  driveEmployerTo,
  expectAskedAgain,
  expectHelpOffered,
  expectNoHelpOffer,
  limitCheckedTranscripts,
  registeredState,
  stepName,
  type EmployerStep,
  type Transcript,
} from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();
const id = (step: string, what: string) => `employer_onboarding/${step}/${what}`;
const PAGE = 9;

function englishAt(step: EmployerStep, options: Parameters<typeof chat>[0] = {}): Transcript {
  const t = chat({ waId: ENGLISH_WA_ID, ...options });
  driveEmployerTo(t, step);
  return t;
}

describe('employer onboarding: the happy path in English, with automatic verification', () => {
  it('when an employer signs up and confirms, then the business is saved active and [Post a job] is offered', () => {
    const t = chat({ waId: ENGLISH_WA_ID, settings: { employerVerification: 'auto' } });
    t.text('hi');
    t.tap('welcome/role/employer');
    t.tap('welcome/consent_employer/agree');
    expect(t.lastBody()).toBe(render('en', 'employer.ask_business_name'));

    t.text('Cafe Sol');
    expect(stepName(t)).toBe('employer_onboarding/contact_name');
    expect(t.lastBody()).toBe(render('en', 'employer.ask_contact_name'));

    t.text('Ana Garcia');
    expect(stepName(t)).toBe('employer_onboarding/business_type');
    expect(t.lastReply()?.type).toBe('list');
    expect(t.lastBody()).toBe(render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' }));
    expect(t.rowTitles()[0]).toBe('Restaurant / cafe');

    t.pick(id('business_type', 'item/restaurant'));
    expect(stepName(t)).toBe('employer_onboarding/location');
    expect(t.lastBody()).toBe(render('en', 'employer.ask_location', { businessName: 'Cafe Sol' }));

    t.location(40.4155, -3.7074, 'Calle Mayor 1');
    expect(stepName(t)).toBe('employer_onboarding/summary');
    expect(t.lastBody()).toBe(
      render('en', 'employer.summary', { summary: render('en', 'employer.summary_body', { businessName: 'Cafe Sol', businessType: 'Restaurant / cafe', area: 'Calle Mayor 1', contactName: 'Ana Garcia' }) }),
    );
    expect(t.buttonIds()).toEqual([id('summary', 'confirm'), id('summary', 'edit')]);
    expect(t.effectsOf('save_employer_profile')).toEqual([]);

    t.tap(id('summary', 'confirm'));
    expect(t.lastEffects).toEqual([
      {
        type: 'save_employer_profile',
        profile: { businessName: 'Cafe Sol', contactName: 'Ana Garcia', businessType: 'restaurant', location: { lat: 40.4155, lng: -3.7074, label: 'Calle Mayor 1' } },
        status: 'active',
      },
    ]);
    expect(t.state.flow).toBeNull();
    expect(t.lastBody()).toBe(render('en', 'employer.done_active', { firstName: 'Ana', businessName: 'Cafe Sol' }));
    expect(t.buttonIds()).toEqual(['cmd.post_job', 'cmd.menu']);
    expect(t.buttonTitles()).toEqual(['Post a job', 'Menu']);
  });

  it('when [Post a job] is tapped, then posting starts with the job title', () => {
    const t = englishAt('summary', { settings: { employerVerification: 'auto' } });
    t.tap(id('summary', 'confirm'));
    t.tap('cmd.post_job');
    expect(stepName(t)).toBe('post_job/title');
    expect(t.lastBody()).toBe(render('en', 'job.ask_title'));
    expect(t.lastEffects).toEqual([]);
  });

  it('when the saved employer writes "hi" later, then the saved business is seen: a greeting and the employer menu', () => {
    const t = englishAt('summary', { settings: { employerVerification: 'auto' } });
    t.tap(id('summary', 'confirm'));
    expect(t.context.employer).toMatchObject({ businessName: 'Cafe Sol', status: 'active' });
    t.text('hi');
    expect(t.lastBody()).toContain(render('en', 'greeting.active', { firstName: 'Ana' }));
    expect(t.rowIds()).toEqual(expect.arrayContaining(['cmd.post_job', 'cmd.my_jobs', 'cmd.candidates', 'cmd.profile']));
    expect(t.state.flow).toBeNull();
  });
});

describe('employer onboarding: the happy path in Spanish, typing, with manual verification', () => {
  it('when a Spanish employer types every answer, then the business is saved pending and the reply says it will be verified, with [Menú]', () => {
    const t = chat({ waId: SPANISH_WA_ID, settings: { employerVerification: 'manual' } });
    t.text('hola');
    t.text('quiero contratar');
    t.text('acepto');
    expect(t.lastBody()).toBe(render('es', 'employer.ask_business_name'));
    t.text('Café Sol');
    expect(t.lastBody()).toBe(render('es', 'employer.ask_contact_name'));
    t.text('Ana García');
    expect(t.lastBody()).toBe(render('es', 'employer.ask_business_type', { businessName: 'Café Sol' }));
    expect(t.rowTitles()[0]).toBe('Restaurante / cafetería');
    t.text('restaurante');
    expect(t.lastBody()).toBe(render('es', 'employer.ask_location', { businessName: 'Café Sol' }));
    t.text('chamberi');
    expect(t.lastBody()).toContain('Café Sol - Restaurante / cafetería - Chamberí, Madrid');
    expect(t.lastBody()).toContain('Contacto: Ana García');
    expect(t.buttonTitles()).toEqual(['Todo bien', 'Editar']);
    t.text('todo bien');
    expect(t.lastEffects).toEqual([
      {
        type: 'save_employer_profile',
        profile: { businessName: 'Café Sol', contactName: 'Ana García', businessType: 'restaurant', location: { lat: 40.435, lng: -3.704, label: 'Chamberí, Madrid' } },
        status: 'pending',
      },
    ]);
    expect(t.replies).toEqual([
      { type: 'buttons', body: render('es', 'employer.done_pending', { firstName: 'Ana', businessName: 'Café Sol' }), buttons: [{ id: 'cmd.menu', title: 'Menú' }] },
    ]);
    expect(t.lastBody()).toContain('verificado');
  });

  it('when verification is manual in English, then there is no [Post a job] and the reply says the business will be verified', () => {
    const t = englishAt('summary', { settings: { employerVerification: 'manual' } });
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_employer_profile')[0]?.status).toBe('pending');
    expect(t.lastBody()).toBe(render('en', 'employer.done_pending', { firstName: 'Ana', businessName: 'Cafe Sol' }));
    expect(t.lastBody()).toContain('verified');
    expect(t.buttonIds()).not.toContain('cmd.post_job');
  });

  it('when a business type is typed with a typo ("restarant"), then it is found', () => {
    const t = englishAt('business_type');
    t.text('restarant');
    expect(t.state.flow?.answers.businessType).toBe('restaurant');
  });
});

describe('employer onboarding: the business types list', () => {
  it('when the business types are listed, then every type can be reached within ten rows a page, and a paged list leads back', () => {
    const t = englishAt('business_type');
    const seen: string[] = [];
    for (let page = 0; page < 10; page++) {
      const rows = t.rowIds();
      expect(rows.length).toBeLessThanOrEqual(10);
      seen.push(...rows.filter((r) => r.includes('/item/')).map((r) => r.split('/item/')[1]!));
      const more = rows.find((r) => r.endsWith(`page/${page + 1}`));
      if (!more) {
        if (page > 0) expect(rows.at(-1)).toBe(id('business_type', 'page/0'));
        break;
      }
      t.pick(more);
      expect(stepName(t)).toBe('employer_onboarding/business_type');
    }
    expect(seen).toEqual(businessTypes.map((b) => b.id));
  });

  it('when the list is longer than one page, then the first page ends with "More..." (page/1)', () => {
    const t = englishAt('business_type');
    if (businessTypes.length > PAGE) {
      expect(t.rowIds().at(-1)).toBe(id('business_type', 'page/1'));
      expect(t.rowTitles().at(-1)).toBe(render('en', 'list.more'));
    } else {
      expect(t.rowIds()).toEqual(businessTypes.map((b) => id('business_type', `item/${b.id}`)));
    }
  });

  it('when the last type of the list is picked, then it is kept', () => {
    const t = englishAt('business_type');
    const last = businessTypes.at(-1)!;
    t.pick(id('business_type', `item/${last.id}`));
    expect(t.state.flow?.answers.businessType).toBe(last.id);
  });
});

describe('employer onboarding: every re-prompt', () => {
  type Wrong = [string, (t: Transcript) => void];
  const sticker: Wrong = ['a sticker', (t) => t.sticker()];
  const image: Wrong = ['an image', (t) => t.media('image')];
  const pin: Wrong = ['a location pin', (t) => t.location(40.4155, -3.7074)];
  const contact: Wrong = ['a shared contact', (t) => t.contacts('+34 699 111 222')];
  const emoji: Wrong = ['emoji only', (t) => t.text('🍕🍕')];
  const huge: Wrong = ['a 5,000-character message', (t) => t.text('b'.repeat(5000))];
  const typed = (text: string): Wrong => [`"${text}"`, (t) => t.text(text)];
  const notText = new Set([sticker[0], image[0], pin[0], contact[0]]);
  const quoted = (what: string) => (what === 'emoji only' ? '🍕🍕' : what.startsWith('"') ? what.slice(1, -1) : `${'b'.repeat(39)}…`);

  const cases: { step: EmployerStep; hint: (what: string) => string; question: string; wrong: Wrong[] }[] = [
    { step: 'business_name', hint: () => render('en', 'hint.text', { max: 80 }), question: render('en', 'employer.ask_business_name'), wrong: [sticker, image, pin, contact, emoji, huge, typed('A'), typed('!!!')] },
    { step: 'contact_name', hint: () => render('en', 'hint.name'), question: render('en', 'employer.ask_contact_name'), wrong: [sticker, image, pin, emoji, huge, typed('Ana 123'), typed('A')] },
    {
      step: 'business_type',
      // What is not text cannot be quoted back: the hint gives the list's first item as an example instead.
      hint: (what) => (notText.has(what) ? render('en', 'hint.catalogue_pick', { example: businessTypes[0]!.en }) : render('en', 'hint.catalogue', { text: quoted(what) })),
      question: render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' }),
      wrong: [sticker, image, pin, contact, emoji, huge, typed('qwxz plonk')],
    },
    { step: 'location', hint: () => render('en', 'hint.place'), question: render('en', 'employer.ask_location', { businessName: 'Cafe Sol' }), wrong: [sticker, image, contact, emoji, huge, typed('zzzz qqqq')] },
    { step: 'summary', hint: () => render('en', 'hint.summary'), question: render('en', 'employer.summary', { summary: 'x' }).split('\n')[0]!, wrong: [sticker, image, pin, contact, emoji, huge, typed('hmm')] },
  ];

  for (const { step, hint, question, wrong } of cases) {
    describe(`at "${step}"`, () => {
      for (const [what, send] of wrong) {
        it(`when ${what} comes, then the hint and the question come again and the step stays`, () => {
          const t = englishAt(step);
          const before = JSON.stringify(t.state.flow?.answers);
          send(t);
          expectAskedAgain(t, { step: `employer_onboarding/${step}`, hint: hint(what), question });
          expect(JSON.stringify(t.state.flow?.answers)).toBe(before);
          expectNoHelpOffer(t);
        });
      }

      it('when three misunderstood answers come in a row, then Help and Menu are offered after the third', () => {
        const t = englishAt(step);
        t.sticker();
        t.media('video');
        expectNoHelpOffer(t);
        t.sticker();
        expect(stepName(t)).toBe(`employer_onboarding/${step}`);
        expectHelpOffered(t);
      });
    });
  }

  it('when a Spanish employer sends a sticker for the business name, then the hint is Spanish', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveEmployerTo(t, 'business_name');
    t.sticker();
    expectAskedAgain(t, { step: 'employer_onboarding/business_name', hint: render('es', 'hint.text', { max: 80 }), question: render('es', 'employer.ask_business_name') });
  });

  it('when an old worker-flow button is tapped at the business type, then it is not an answer', () => {
    const t = englishAt('business_type');
    t.pick('worker_onboarding/skill/page/1');
    expect(stepName(t)).toBe('employer_onboarding/business_type');
    expect(t.state.flow?.page).toBe(0);
    expect(t.state.flow?.answers.businessType).toBeUndefined();
  });

  it('when the welcome "I agree" is tapped again at the business name, then it is not taken as the name', () => {
    const t = englishAt('business_name');
    t.tap('welcome/consent_employer/agree');
    expect(stepName(t)).toBe('employer_onboarding/business_name');
    expect(t.state.flow?.answers.businessName).toBeUndefined();
  });
});

describe('employer onboarding: editing from the summary', () => {
  it('when Edit is tapped, then the four fields are listed', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    expect(t.rowIds()).toEqual(['business_name', 'contact_name', 'business_type', 'location'].map((s) => id('summary', `field/${s}`)));
    expect(t.rowTitles()).toEqual(['Business name', 'Contact person', 'Business type', 'Area']);
  });

  it('when the business name is changed, then the summary comes back with it and the save uses it', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/business_name'));
    expect(stepName(t)).toBe('employer_onboarding/business_name');
    t.text('Cafe Luna');
    expect(stepName(t)).toBe('employer_onboarding/summary');
    expect(t.lastBody()).toContain('Cafe Luna - Restaurant / cafe - Calle Mayor 1');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_employer_profile')[0]?.profile.businessName).toBe('Cafe Luna');
  });

  it('when the business type is changed by typing the field label, then the summary shows the new type', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.text('Business type');
    expect(stepName(t)).toBe('employer_onboarding/business_type');
    t.text('bar');
    expect(stepName(t)).toBe('employer_onboarding/summary');
    expect(t.lastBody()).toContain('Cafe Sol - Bar - ');
  });
});

describe('employer onboarding: an existing business', () => {
  it('when a verified business edits its details, then it stays active and the menu follows "Saved"', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer({ status: 'active' }), settings: { employerVerification: 'manual' } });
    t.text('profile');
    expect(stepName(t)).toBe('employer_onboarding/summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/contact_name'));
    t.text('Luis Perez');
    t.tap(id('summary', 'confirm'));
    expect(t.lastEffects).toEqual([
      {
        type: 'save_employer_profile',
        profile: { businessName: 'Cafe Sol', contactName: 'Luis Perez', businessType: 'restaurant', location: anEmployer().location },
        status: 'active',
      },
    ]);
    expect(t.lastBody()).toContain(render('en', 'employer.updated'));
    expect(t.lastReply()?.type).toBe('list');
  });

  it('when a pending business edits its details with verification on auto, then it stays pending (editing never verifies)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer({ status: 'pending' }), settings: { employerVerification: 'auto' } });
    t.text('profile');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_employer_profile')[0]?.status).toBe('pending');
  });
});

describe('employer onboarding: long answers', () => {
  it('when the business and contact names are as long as allowed, then every reply still fits (checked after each test)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, settings: { employerVerification: 'auto' } });
    driveEmployerTo(t, 'business_name');
    const business = 'The Very Long Name Of A Family Restaurant And Cocktail Bar By The Old Harbour'.slice(0, 80);
    t.text(business);
    expect(t.state.flow?.answers.businessName).toBe(business);
    t.text('Maria Alejandra de los Angeles Fernandez de la Torre Garcia'.slice(0, 60));
    t.pick(id('business_type', 'item/restaurant'));
    t.location(40.4155, -3.7074, 'Calle de un sitio con un nombre larguisimo '.repeat(20));
    expect(stepName(t)).toBe('employer_onboarding/summary');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_employer_profile')).toHaveLength(1);
  });
});

// ---- Regression tests for the review's changes (each one fails if the behaviour comes back). ----

describe('employer onboarding: the review\'s changes', () => {
  it('when verification is manual, then "Thanks, we check every business" comes with a [Menu] button that opens the employer menu (review item 11)', () => {
    const t = englishAt('summary', { settings: { employerVerification: 'manual' } });
    t.tap(id('summary', 'confirm'));
    expect(t.replies).toEqual([
      { type: 'buttons', body: render('en', 'employer.done_pending', { firstName: 'Ana', businessName: 'Cafe Sol' }), buttons: [{ id: 'cmd.menu', title: 'Menu' }] },
    ]);
    t.tap('cmd.menu');
    expect(t.rowIds()).toEqual(['cmd.post_job', 'cmd.my_jobs', 'cmd.candidates', 'cmd.profile', 'cmd.language', 'cmd.help', 'cmd.why', 'cmd.report', 'cmd.privacy']);
  });

  const greetings: [EmployerStep, string, string][] = [
    ['business_name', 'hi', render('en', 'employer.ask_business_name')],
    ['contact_name', 'Hola', render('en', 'employer.ask_contact_name')],
    ['business_type', 'hello', render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' })],
    ['location', 'buenas', render('en', 'employer.ask_location', { businessName: 'Cafe Sol' })],
  ];
  for (const [step, greeting, question] of greetings) {
    it(`when "${greeting}" comes at "${step}", then the question is asked again with no hint and no strike (review item 5)`, () => {
      const t = englishAt(step);
      const before = JSON.stringify(t.state.flow?.answers);
      t.text(greeting);
      expect(stepName(t)).toBe(`employer_onboarding/${step}`);
      expect(t.replies).toHaveLength(1);
      expect(t.lastBody()).toBe(question);
      expect(JSON.stringify(t.state.flow?.answers)).toBe(before);
      expect(t.state.flow?.tries).toBe(0);
    });
  }

  it('when "3" is typed at the business types, then the third row shown is picked (review item 9)', () => {
    const t = englishAt('business_type');
    t.text('3');
    expect(t.state.flow?.answers.businessType).toBe(businessTypes[2]!.id);
    expect(stepName(t)).toBe('employer_onboarding/location');
  });

  for (const typed of ['more', '10']) {
    it(`when "${typed}" is typed at the business types, which fit on one page, then there is no next page to show and it is misunderstood (review item 9)`, () => {
      expect(businessTypes.length, 'the types fit on one page').toBeLessThanOrEqual(PAGE);
      const t = englishAt('business_type');
      t.text(typed);
      expectAskedAgain(t, {
        step: 'employer_onboarding/business_type',
        hint: render('en', 'hint.catalogue', { text: typed }),
        question: render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' }),
      });
      expect(t.state.flow?.page).toBe(0);
      expect(t.rowIds()).toEqual(businessTypes.map((b) => id('business_type', `item/${b.id}`)));
    });
  }

  it('when a sticker comes at the Spanish business types, then the hint gives the first type as an example (review item 9)', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveEmployerTo(t, 'business_type');
    t.sticker();
    expectAskedAgain(t, {
      step: 'employer_onboarding/business_type',
      hint: render('es', 'hint.catalogue_pick', { example: businessTypes[0]!.es }),
      question: render('es', 'employer.ask_business_type', { businessName: 'Cafe Sol' }),
    });
  });

  it('when "profile" is typed in the middle of employer onboarding, then it says the profile is being set up and asks the question again (review item 2)', () => {
    const t = englishAt('business_type');
    t.text('my business');
    expect(stepName(t)).toBe('employer_onboarding/business_type');
    expect(t.lastBody()).toBe(`${render('en', 'profile.in_progress')}\n${render('en', 'employer.ask_business_type', { businessName: 'Cafe Sol' })}`);
  });

  it('when a saved employer opens the business and types "menu", then the edit is not parked and "hi" gives the menu (review item 2)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer() });
    t.text('profile');
    t.text('menu');
    expect(t.state.parked).toBeNull();
    t.text('hi');
    expect(t.buttonIds()).toEqual([]);
    expect(t.rowIds()).toContain('cmd.post_job');
  });
});
