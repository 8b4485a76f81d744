// Worker onboarding through the engine alone: every step, its re-prompts, typed fallbacks, paging and editing.
import { describe, expect, it } from 'vitest';
import { skills } from '../../../data/skills.js';
import { render } from '../../../templates/index.js';
import {
  DEFAULT_NOW,
  SPANISH_WA_ID,
  aWorker,
  driveWorkerTo,
  expectAskedAgain,
  expectHelpOffered,
  expectNoHelpOffer,
  limitCheckedTranscripts,
  registeredState,
  stepName,
  type Transcript,
  type WorkerStep,
} from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();

/** A UK mobile libphonenumber accepts, so Meta's number can be offered. */
const UK_WA_ID = '447400123456';
const UK_DISPLAY = '+44 7400 123456';

const id = (step: string, what: string) => `worker_onboarding/${step}/${what}`;
const PAGE = 9;

function englishAt(step: WorkerStep, options: Parameters<typeof chat>[0] = {}): Transcript {
  const t = chat({ waId: UK_WA_ID, ...options });
  driveWorkerTo(t, step);
  return t;
}

describe('worker onboarding: the happy path in English, tapping', () => {
  it('when a worker signs up tapping buttons and rows, then each step asks the next and Looks good saves the exact profile', () => {
    const t = chat({ waId: UK_WA_ID, settings: { currency: 'GBP' } });
    t.text('hi');
    t.tap('welcome/role/worker');
    t.tap('welcome/consent_worker/agree');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_name'));

    t.text('Maria Lopez');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastReply()?.type).toBe('list');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_skill', { firstName: 'Maria' }));
    expect(t.rowIds()).toEqual([...skills.slice(0, PAGE).map((s) => id('skill', `item/${s.id}`)), id('skill', 'page/1')]);
    expect(t.rowTitles()[0]).toBe('Waiter / Waitress');

    t.pick(id('skill', 'item/waiter'));
    expect(stepName(t)).toBe('worker_onboarding/more_skills');
    expect(t.lastBody()).toBe(`${render('en', 'ack.added', { value: 'Waiter / Waitress' })}\n${render('en', 'worker.ask_more_skills')}`);
    expect(t.buttonIds()).toEqual([id('more_skills', 'add'), id('more_skills', 'done')]);
    expect(t.buttonTitles()).toEqual(['Add another', "That's all"]);

    t.tap(id('more_skills', 'add'));
    expect(stepName(t)).toBe('worker_onboarding/skill');
    t.pick(id('skill', 'page/1'));
    t.pick(id('skill', 'item/cook'));
    expect(t.lastBody()).toContain(render('en', 'ack.added', { value: 'Cook' }));

    t.tap(id('more_skills', 'done'));
    expect(stepName(t)).toBe('worker_onboarding/availability');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_availability'));
    expect(t.buttonIds()).toEqual([id('availability', 'preset/weekdays'), id('availability', 'preset/evenings'), id('availability', 'preset/weekends')]);

    t.tap(id('availability', 'preset/weekdays'));
    expect(stepName(t)).toBe('worker_onboarding/location');
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: 'Mon-Fri 09:00-17:00' })}\n${render('en', 'worker.ask_location')}`);

    t.location(40.4155, -3.7074);
    expect(stepName(t)).toBe('worker_onboarding/radius');
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: 'Centro, Madrid' })}\n${render('en', 'worker.ask_radius')}`);
    expect(t.buttonIds()).toEqual([id('radius', 'value/5'), id('radius', 'value/10'), id('radius', 'value/20')]);

    t.tap(id('radius', 'value/10'));
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: '10 km' })}\n${render('en', 'worker.ask_rate', { currency: 'GBP' })}`);

    t.text('12');
    expect(stepName(t)).toBe('worker_onboarding/phone');
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: 'GBP 12' })}\n${render('en', 'worker.offer_phone', { waPhone: UK_DISPLAY })}`);
    expect(t.buttonIds()).toEqual([id('phone', 'use'), id('phone', 'other')]);
    expect(t.buttonTitles()).toEqual(['Yes, use it', 'Use another']);

    t.tap(id('phone', 'use'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('Maria L. - Waiter / Waitress, Cook');
    expect(t.lastBody()).toContain('Mon-Fri 09:00-17:00, within 10 km of Centro, Madrid');
    expect(t.lastBody()).toContain('GBP 12/h');
    expect(t.lastBody()).toContain(UK_DISPLAY);
    expect(t.buttonIds()).toEqual([id('summary', 'confirm'), id('summary', 'edit')]);
    expect(t.buttonTitles()).toEqual(['Looks good', 'Edit']);
    expect(t.effectsOf('save_worker_profile')).toEqual([]);

    t.tap(id('summary', 'confirm'));
    expect(t.lastEffects).toEqual([
      {
        type: 'save_worker_profile',
        profile: {
          name: 'Maria Lopez',
          skills: ['waiter', 'cook'],
          availability: [{ days: [0, 1, 2, 3, 4], from: '09:00', to: '17:00' }],
          location: { lat: 40.4155, lng: -3.7074, label: 'Centro, Madrid' },
          radiusKm: 10,
          minRateCents: 1200,
          currency: 'GBP',
          phone: '+447400123456',
          phoneShareConsentAt: DEFAULT_NOW.toISOString(),
        },
      },
    ]);
    expect(t.state.flow).toBeNull();
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(render('en', 'worker.done', { firstName: 'Maria' }));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a saved worker writes "hi" later, then the saved profile is seen: a greeting and the menu, not onboarding again', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'confirm'));
    expect(t.context.worker?.name).toBe('Maria Lopez');
    t.advance(24 * 60 * 60 * 1000);
    t.text('hi');
    expect(t.state.flow).toBeNull();
    expect(t.lastReply()?.type).toBe('list');
    expect(t.lastBody()).toContain(render('en', 'greeting.active', { firstName: 'Maria' }));
    expect(t.rowIds()).toContain('cmd.profile');
    expect(t.lastEffects).toEqual([]);
  });
});

describe('worker onboarding: the happy path in Spanish, typing', () => {
  it('when a Spanish worker types every answer (a typo, "fines de semana", "chamberi", "15 km", "12,50", another number), then the profile is saved', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.text('trabajo');
    t.text('acepto');
    expect(t.lastBody()).toBe(render('es', 'worker.ask_name'));

    t.text('María López');
    expect(t.lastBody()).toBe(render('es', 'worker.ask_skill', { firstName: 'María' }));
    expect(t.rowTitles()[0]).toBe('Camarero / Camarera');
    expect(t.rowTitles().at(-1)).toBe('Más...');

    t.text('camarreo');
    expect(stepName(t)).toBe('worker_onboarding/more_skills');
    expect(t.lastBody()).toBe(`${render('es', 'ack.added', { value: 'Camarero / Camarera' })}\n${render('es', 'worker.ask_more_skills')}`);
    expect(t.buttonTitles()).toEqual(['Añadir otra', 'Nada más']);

    t.text('sí');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    t.text('cocinero');
    expect(t.lastBody()).toContain(render('es', 'ack.added', { value: 'Cocinero / Cocinera' }));
    t.text('nada más');
    expect(t.lastBody()).toBe(render('es', 'worker.ask_availability'));
    expect(t.buttonTitles()).toEqual(['Entre semana', 'Tardes', 'Fines de semana']);

    t.text('fines de semana');
    expect(t.lastBody()).toBe(`${render('es', 'ack.got_it', { value: 'sáb-dom 09:00-17:00' })}\n${render('es', 'worker.ask_location')}`);

    t.text('chamberi');
    expect(t.lastBody()).toBe(`${render('es', 'ack.got_it', { value: 'Chamberí, Madrid' })}\n${render('es', 'worker.ask_radius')}`);
    expect(t.buttonTitles()).toEqual(['Hasta 5 km', 'Hasta 10 km', 'Hasta 20 km']);

    t.text('15 km');
    expect(t.lastBody()).toBe(`${render('es', 'ack.got_it', { value: '15 km' })}\n${render('es', 'worker.ask_rate', { currency: 'EUR' })}`);

    t.text('12,50');
    expect(t.lastBody()).toBe(`${render('es', 'ack.got_it', { value: '12,50 EUR' })}\n${render('es', 'worker.offer_phone', { waPhone: '+34 612 34 56 78' })}`);
    expect(t.buttonTitles()).toEqual(['Sí, úsalo', 'Usar otro']);

    t.text('Usar otro');
    expect(stepName(t)).toBe('worker_onboarding/phone_other');
    expect(t.lastReply()).toEqual({ type: 'contact_request', body: render('es', 'worker.ask_phone') });

    t.text('699 111 222');
    expect(stepName(t)).toBe('worker_onboarding/phone_confirm');
    expect(t.lastBody()).toBe(render('es', 'worker.confirm_phone', { phone: '+34 699 11 12 22' }));
    expect(t.buttonTitles()).toEqual(['Sí, compártelo', 'Cambiarlo']);

    t.text('si');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('María L. - Camarero / Camarera, Cocinero / Cocinera');
    expect(t.lastBody()).toContain('sáb-dom 09:00-17:00, a menos de 15 km de Chamberí, Madrid');
    expect(t.lastBody()).toContain('12,50 EUR/h');
    expect(t.lastBody()).toContain('+34 699 11 12 22');
    expect(t.buttonTitles()).toEqual(['Todo bien', 'Editar']);

    t.text('Todo bien');
    expect(t.lastEffects).toEqual([
      {
        type: 'save_worker_profile',
        profile: {
          name: 'María López',
          skills: ['waiter', 'cook'],
          availability: [{ days: [5, 6], from: '09:00', to: '17:00' }],
          location: { lat: 40.435, lng: -3.704, label: 'Chamberí, Madrid' },
          radiusKm: 15,
          minRateCents: 1250,
          currency: 'EUR',
          phone: '+34699111222',
          phoneShareConsentAt: DEFAULT_NOW.toISOString(),
        },
      },
    ]);
    expect(t.lastBody()).toBe(render('es', 'worker.done', { firstName: 'María' }));
    expect(t.buttonTitles()).toEqual(['Menú']);
  });

  it('when Meta\'s number is kept with "Sí, úsalo", then the profile phone is that number in E.164', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'phone');
    t.tap(id('phone', 'use'));
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+34612345678');
  });
});

describe('worker onboarding: the steps one by one', () => {
  it('when "wiater" is typed, then it is read as Waiter / Waitress', () => {
    const t = englishAt('skill');
    t.text('wiater');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(t.lastBody()).toContain(render('en', 'ack.added', { value: 'Waiter / Waitress' }));
  });

  it('when "camarero" is typed by an English speaker, then the Spanish name finds the same skill, shown in English', () => {
    const t = englishAt('skill');
    t.text('camarero');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(t.lastBody()).toContain('Waiter / Waitress');
  });

  it('when the same skill is added twice, then it is kept once', () => {
    const t = englishAt('skill');
    t.text('waiter');
    t.tap(id('more_skills', 'add'));
    t.text('waitress');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
  });

  it('when five skills are added, then the sixth is not offered and the hours are asked', () => {
    const t = englishAt('skill');
    const five = ['waiter', 'cook', 'cleaning', 'bartender', 'barista'];
    five.forEach((skill, i) => {
      t.pick(id('skill', `item/${skill}`));
      if (i < 4) t.tap(id('more_skills', 'add'));
    });
    expect(t.state.flow?.answers.skills).toEqual(five);
    expect(stepName(t)).toBe('worker_onboarding/availability');
    expect(t.lastBody()).toContain(render('en', 'worker.ask_availability'));
  });

  it('when hours are typed as "Mon-Fri 09:00-17:00", then they are echoed back and kept', () => {
    const t = englishAt('availability');
    t.text('Mon-Fri 09:00-17:00');
    expect(t.state.flow?.answers.availability).toEqual([{ days: [0, 1, 2, 3, 4], from: '09:00', to: '17:00' }]);
    expect(t.lastBody()).toContain(render('en', 'ack.got_it', { value: 'Mon-Fri 09:00-17:00' }));
  });

  it('when the Evenings or Weekends preset is tapped, then those hours are kept', () => {
    const evenings = englishAt('availability');
    evenings.tap(id('availability', 'preset/evenings'));
    expect(evenings.state.flow?.answers.availability).toEqual([{ days: [0, 1, 2, 3, 4, 5, 6], from: '18:00', to: '23:00' }]);
    const weekends = englishAt('availability');
    weekends.tap(id('availability', 'preset/weekends'));
    expect(weekends.state.flow?.answers.availability).toEqual([{ days: [5, 6], from: '09:00', to: '17:00' }]);
  });

  it('when a pin with a place name is sent, then the name is the label', () => {
    const t = englishAt('location');
    t.location(40.4169, -3.7035, 'Puerta del Sol 1');
    expect(t.state.flow?.answers.location).toEqual({ lat: 40.4169, lng: -3.7035, label: 'Puerta del Sol 1' });
  });

  it('when a pin far from every known area is sent, then it is still accepted (a pin is always an answer)', () => {
    const t = englishAt('location');
    t.location(-33.8688, 151.2093);
    expect(stepName(t)).toBe('worker_onboarding/radius');
    const place = t.state.flow?.answers.location as { lat: number; lng: number; label: string };
    expect(place).toMatchObject({ lat: -33.8688, lng: 151.2093 });
    expect(place.label.length).toBeGreaterThan(0);
  });

  it('when the area is typed ("chamberi") where a pin is asked, then it is accepted', () => {
    const t = englishAt('location');
    t.text('chamberi');
    expect(t.state.flow?.answers.location).toEqual({ lat: 40.435, lng: -3.704, label: 'Chamberí, Madrid' });
    expect(stepName(t)).toBe('worker_onboarding/radius');
  });

  const radii: [string, number][] = [
    ['15 km', 15],
    ['15km', 15],
    ['15', 15],
    ['Up to 10 km', 10],
    ['1', 1],
    ['100', 100],
  ];
  for (const [typed, km] of radii) {
    it(`when the distance is typed as "${typed}", then ${km} km is kept`, () => {
      const t = englishAt('radius');
      t.text(typed);
      expect(t.state.flow?.answers.radiusKm).toBe(km);
      expect(stepName(t)).toBe('worker_onboarding/rate');
    });
  }

  const rates: [string, number][] = [
    ['12', 12],
    ['12,50', 12.5],
    ['12.50', 12.5],
    ['€12', 12],
    ['12 euros', 12],
  ];
  for (const [typed, amount] of rates) {
    it(`when the rate is typed as "${typed}", then ${amount} is kept and saved as ${Math.round(amount * 100)} cents`, () => {
      const t = englishAt('rate');
      t.text(typed);
      expect(t.state.flow?.answers.minRate).toBe(amount);
      t.tap(id('phone', 'use'));
      t.tap(id('summary', 'confirm'));
      expect(t.effectsOf('save_worker_profile')[0]?.profile.minRateCents).toBe(Math.round(amount * 100));
    });
  }

  it('when "Use another" is tapped and a number typed and confirmed, then that number is saved', () => {
    const t = englishAt('phone');
    t.tap(id('phone', 'other'));
    expect(t.lastReply()).toEqual({ type: 'contact_request', body: render('en', 'worker.ask_phone') });
    t.text('+34 699 111 222');
    expect(t.lastBody()).toBe(render('en', 'worker.confirm_phone', { phone: '+34 699 11 12 22' }));
    t.tap(id('phone_confirm', 'yes'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('+34 699 11 12 22');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+34699111222');
  });

  it('when the number is shared with the contact-request button (a contacts message), then it is taken', () => {
    const t = englishAt('phone_other');
    t.contacts('+34 699 111 222');
    expect(stepName(t)).toBe('worker_onboarding/phone_confirm');
    expect(t.state.flow?.answers.phone).toBe('+34699111222');
  });

  it('when "Change it" is tapped at the confirmation, then the number is asked again', () => {
    const t = englishAt('phone_confirm');
    t.tap(id('phone_confirm', 'change'));
    expect(stepName(t)).toBe('worker_onboarding/phone_other');
    expect(t.lastReply()?.type).toBe('contact_request');
    t.text('+44 7400 654321');
    t.tap(id('phone_confirm', 'yes'));
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+447400654321');
  });

  it('when a Spanish number types a national number ("699 111 222"), then the country of the chat is assumed', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'phone_other');
    t.text('699 111 222');
    expect(t.state.flow?.answers.phone).toBe('+34699111222');
  });

  it('when an image comes with a caption at the name step, then the caption is read as the answer', () => {
    const t = englishAt('name');
    t.media('image', 'Maria Lopez');
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });
});

describe('worker onboarding: a username user (no number from Meta)', () => {
  it('when the rate is answered, then the number is asked straight away with a contact request, and a shared contact completes the profile', () => {
    const t = chat({ waId: null });
    driveWorkerTo(t, 'rate');
    expect(t.state.locale).toBe('en');
    t.text('12');
    expect(stepName(t)).toBe('worker_onboarding/phone_other');
    expect(t.replies).toEqual([{ type: 'contact_request', body: `${render('en', 'ack.got_it', { value: 'EUR 12' })}\n${render('en', 'worker.ask_phone')}` }]);

    t.contacts('+34 612 345 678');
    expect(stepName(t)).toBe('worker_onboarding/phone_confirm');
    expect(t.lastBody()).toBe(render('en', 'worker.confirm_phone', { phone: '+34 612 34 56 78' }));
    t.tap(id('phone_confirm', 'yes'));
    expect(t.lastBody()).toContain('+34 612 34 56 78');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+34612345678');
  });

  it('when a username user types a number without the country code, then it is refused with the hint (no country to assume)', () => {
    const t = chat({ waId: null });
    driveWorkerTo(t, 'phone_other');
    t.text('612 345 678');
    expectAskedAgain(t, { step: 'worker_onboarding/phone_other', hint: render('en', 'hint.phone'), question: render('en', 'worker.ask_phone') });
    expect(t.lastReply()?.type).toBe('contact_request');
  });

  it('when a username user goes back from the number question, then the rate is asked (the skipped offer is not)', () => {
    const t = chat({ waId: null });
    driveWorkerTo(t, 'phone_other');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/rate');
  });
});

// Every step given what it cannot take: the hint, the same question, the same step, nothing stored.
type Wrong = [string, (t: Transcript) => void];
const sticker: Wrong = ['a sticker', (t) => t.sticker()];
const image: Wrong = ['an image', (t) => t.media('image')];
const voice: Wrong = ['a voice note', (t) => t.media('audio')];
const video: Wrong = ['a video', (t) => t.media('video')];
const document: Wrong = ['a document', (t) => t.media('document')];
const pin: Wrong = ['a location pin', (t) => t.location(40.4155, -3.7074)];
const contact: Wrong = ['a shared contact', (t) => t.contacts('+34 699 111 222')];
const emoji: Wrong = ['emoji only', (t) => t.text('😀👍')];
const huge: Wrong = ['a 5,000-character message', (t) => t.text('a'.repeat(5000))];
const typed = (text: string): Wrong => [`"${text}"`, (t) => t.text(text)];

interface StepCase {
  step: WorkerStep;
  hint: (input: string) => string;
  question: (t: Transcript) => string;
  wrong: Wrong[];
}

const quoteOf = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

const stepCases: StepCase[] = [
  {
    step: 'name',
    hint: () => render('en', 'hint.name'),
    question: () => render('en', 'worker.ask_name'),
    wrong: [sticker, image, voice, pin, contact, emoji, huge, typed('12345'), typed('@@@@'), typed('A'), typed('maria@example.com')],
  },
  {
    step: 'skill',
    // What is not text cannot be quoted back: the hint gives the list's first item as an example instead.
    hint: (input) => (input === NOT_TEXT ? render('en', 'hint.catalogue_pick', { example: skills[0]!.en }) : render('en', 'hint.catalogue', { text: input })),
    question: () => render('en', 'worker.ask_skill', { firstName: 'Maria' }),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('xyzzy qwerty')],
  },
  {
    step: 'more_skills',
    hint: () => render('en', 'hint.choice'),
    question: () => render('en', 'worker.ask_more_skills'),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('maybe'), typed('3')],
  },
  {
    step: 'availability',
    hint: () => render('en', 'hint.availability'),
    question: () => render('en', 'worker.ask_availability'),
    wrong: [sticker, image, video, pin, contact, emoji, huge, typed('whenever I feel like it'), typed('25:00-26:00'), typed('not on Mondays')],
  },
  {
    step: 'location',
    hint: () => render('en', 'hint.place'),
    question: () => render('en', 'worker.ask_location'),
    wrong: [sticker, image, document, contact, emoji, huge, typed('zzzz qqqq')],
  },
  {
    step: 'radius',
    hint: () => render('en', 'hint.number_km', { min: 1, max: 100, currency: 'EUR' }),
    question: () => render('en', 'worker.ask_radius'),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('far'), typed('0'), typed('500 km')],
  },
  {
    step: 'rate',
    hint: () => render('en', 'hint.number_money', { min: 1, max: 500, currency: 'EUR' }),
    question: () => render('en', 'worker.ask_rate', { currency: 'EUR' }),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('cheap'), typed('0'), typed('9999')],
  },
  {
    step: 'phone',
    hint: () => render('en', 'hint.choice'),
    question: () => render('en', 'worker.offer_phone', { waPhone: UK_DISPLAY }),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('maybe')],
  },
  {
    step: 'phone_other',
    hint: () => render('en', 'hint.phone'),
    question: () => render('en', 'worker.ask_phone'),
    wrong: [sticker, image, pin, emoji, huge, typed('call me'), typed('123'), typed('+1 555')],
  },
  {
    step: 'phone_confirm',
    hint: () => render('en', 'hint.choice'),
    question: () => render('en', 'worker.confirm_phone', { phone: '+34 699 11 12 22' }),
    wrong: [sticker, image, pin, contact, emoji, huge, typed('perhaps')],
  },
  {
    step: 'summary',
    hint: () => render('en', 'hint.summary'),
    question: () => render('en', 'worker.summary', { summary: 'Maria L. - Waiter / Waitress' }).split('\n')[0]!,
    wrong: [sticker, image, pin, contact, emoji, huge, typed('hmm')],
  },
];

/** Stands for a message that is not text, which a catalogue hint cannot quote. */
const NOT_TEXT = '(not text)';

/** What a catalogue hint quotes back: the typed text (cut short), or NOT_TEXT for what is not text. */
function quotedInput(name: string): string {
  if (name === 'a 5,000-character message') return quoteOf('a'.repeat(5000));
  if (name.startsWith('"')) return name.slice(1, -1);
  if (name === 'emoji only') return '😀👍';
  return NOT_TEXT;
}

describe('worker onboarding: every re-prompt', () => {
  for (const { step, hint, question, wrong } of stepCases) {
    describe(`at "${step}"`, () => {
      for (const [what, send] of wrong) {
        it(`when ${what} comes, then the hint and the question come again and the step stays`, () => {
          const t = englishAt(step);
          const before = JSON.stringify(t.state.flow?.answers);
          send(t);
          expectAskedAgain(t, { step: `worker_onboarding/${step}`, hint: hint(quotedInput(what)), question: question(t) });
          expect(JSON.stringify(t.state.flow?.answers), 'nothing is stored').toBe(before);
          expect(t.state.flow?.tries).toBe(1);
          expectNoHelpOffer(t);
        });
      }

      it('when three misunderstood answers come in a row, then after the third a message with Help and Menu comes', () => {
        const t = englishAt(step);
        sticker[1](t);
        emoji[1](t);
        expectNoHelpOffer(t);
        huge[1](t);
        expectAskedAgain(t, { step: `worker_onboarding/${step}`, hint: hint(quotedInput(huge[0])), question: question(t) });
        expectHelpOffered(t);
        expect(t.replies).toHaveLength(2);
      });
    });
  }

  it('when the help offer has been made, then tapping Help answers and asks the pending question again', () => {
    const t = englishAt('rate');
    t.sticker();
    t.sticker();
    t.sticker();
    t.tap('cmd.help');
    expect(t.lastBody()).toContain(render('en', 'help.worker'));
    expect(t.lastBody()).toContain(render('en', 'worker.ask_rate', { currency: 'EUR' }));
    expect(stepName(t)).toBe('worker_onboarding/rate');
  });

  it('when a 5,000-character message is quoted back, then the quote is cut short', () => {
    const t = englishAt('skill');
    t.text('x'.repeat(5000));
    expect(t.lastBody().length).toBeLessThan(600);
    expect(t.lastBody()).not.toContain('x'.repeat(100));
  });
});

describe('worker onboarding: paging the skills list', () => {
  const pages = [skills.slice(0, PAGE), skills.slice(PAGE, 2 * PAGE), skills.slice(2 * PAGE)];

  it('when the list has more than ten skills, then the first page has nine and a "More..." row ending in page/1', () => {
    expect(skills.length).toBeGreaterThan(10);
    const t = englishAt('skill');
    expect(t.rowIds()).toHaveLength(10);
    expect(t.rowIds().at(-1)).toMatch(/page\/1$/);
    expect(t.rowTitles().at(-1)).toBe(render('en', 'list.more'));
  });

  it('when "More..." is picked, then the next page comes, the step stays, and it does not count as a misunderstood answer', () => {
    const t = englishAt('skill');
    t.pick(id('skill', 'page/1'));
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.flow?.tries).toBe(0);
    expect(t.rowIds().slice(0, -1)).toEqual(pages[1]!.map((s) => id('skill', `item/${s.id}`)));
    expect(t.rowIds().at(-1)).toBe(id('skill', 'page/2'));
  });

  it('when the last page is reached, then it lists the rest and offers a way back to the start', () => {
    const t = englishAt('skill');
    t.pick(id('skill', 'page/1'));
    t.pick(id('skill', 'page/2'));
    expect(t.rowIds().slice(0, -1)).toEqual(pages[2]!.map((s) => id('skill', `item/${s.id}`)));
    expect(t.rowIds().at(-1)).toBe(id('skill', 'page/0'));
    expect(t.rowTitles().at(-1)).toBe(render('en', 'list.first_page'));
    t.pick(id('skill', 'page/0'));
    expect(t.rowIds().slice(0, -1)).toEqual(pages[0]!.map((s) => id('skill', `item/${s.id}`)));
  });

  it('when a skill on the last page is picked, then it is added', () => {
    const t = englishAt('skill');
    t.pick(id('skill', 'page/1'));
    t.pick(id('skill', 'page/2'));
    const last = pages[2]!.at(-1)!;
    t.pick(id('skill', `item/${last.id}`));
    expect(t.state.flow?.answers.skills).toEqual([last.id]);
  });

  it('when a skill of a later page is typed while the first page shows, then it is found', () => {
    const t = englishAt('skill');
    const later = pages[2]![0]!;
    t.text(later.en);
    expect(t.state.flow?.answers.skills).toEqual([later.id]);
  });

  it('when the Spanish list pages, then its rows are Spanish and "Más..." leads on', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'skill');
    expect(t.rowTitles().at(-1)).toBe(render('es', 'list.more'));
    t.pick(id('skill', 'page/1'));
    expect(t.rowTitles()[0]).toBe(pages[1]![0]!.es);
  });
});

describe('worker onboarding: typed fallbacks and stale buttons', () => {
  const moreSkills: [string, WorkerStep][] = [
    ['1', 'skill'],
    ['2', 'availability'],
    ['yes', 'skill'],
    ['si', 'skill'],
    ['Add another', 'skill'],
    ["That's all", 'availability'],
    ['no', 'availability'],
  ];
  for (const [text, next] of moreSkills) {
    it(`when "${text}" is typed at "Add another skill?", then the next step is ${next}`, () => {
      const t = englishAt('more_skills');
      t.text(text);
      expect(stepName(t)).toBe(`worker_onboarding/${next}`);
    });
  }

  const phoneOffer: [string, WorkerStep][] = [
    ['1', 'summary'],
    ['yes', 'summary'],
    ['si', 'summary'],
    ['Yes, use it', 'summary'],
    ['2', 'phone_other'],
    ['Use another', 'phone_other'],
  ];
  for (const [text, next] of phoneOffer) {
    it(`when "${text}" is typed at the phone offer, then the next step is ${next}`, () => {
      const t = englishAt('phone');
      t.text(text);
      expect(stepName(t)).toBe(`worker_onboarding/${next}`);
    });
  }

  for (const text of ['yes', 'si', '1', 'Yes, share it']) {
    it(`when "${text}" is typed at the number confirmation, then the summary comes`, () => {
      const t = englishAt('phone_confirm');
      t.text(text);
      expect(stepName(t)).toBe('worker_onboarding/summary');
    });
  }

  for (const text of ['yes', 'si', 'ok', 'Looks good', 'LOOKS GOOD', '1']) {
    it(`when "${text}" is typed at the summary, then the profile is saved`, () => {
      const t = englishAt('summary');
      t.text(text);
      expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
      expect(t.state.flow).toBeNull();
    });
  }

  for (const text of ['edit', 'Edit', '2']) {
    it(`when "${text}" is typed at the summary, then the fields to change are listed`, () => {
      const t = englishAt('summary');
      t.text(text);
      expect(t.rowIds()[0]).toBe(id('summary', 'field/name'));
      expect(t.effectsOf('save_worker_profile')).toEqual([]);
    });
  }

  const stale: [WorkerStep, string][] = [
    ['name', 'welcome/consent_worker/agree'],
    ['skill', id('more_skills', 'add')],
    ['skill', 'employer_onboarding/business_type/item/bar'],
    ['more_skills', id('skill', 'item/cook')],
    ['availability', id('more_skills', 'add')],
    ['location', id('availability', 'preset/weekdays')],
    ['radius', id('availability', 'preset/weekends')],
    ['rate', id('radius', 'value/20')],
    ['phone', id('radius', 'value/5')],
    ['phone_confirm', id('phone', 'use')],
    ['summary', id('phone', 'use')],
    ['summary', id('phone_confirm', 'yes')],
  ];
  for (const [step, staleId] of stale) {
    it(`when an old button "${staleId}" is tapped at "${step}", then it is not taken as the answer`, () => {
      const t = englishAt(step);
      const before = JSON.stringify(t.state.flow?.answers);
      t.tap(staleId);
      expect(stepName(t)).toBe(`worker_onboarding/${step}`);
      expect(JSON.stringify(t.state.flow?.answers)).toBe(before);
      expect(t.state.flow?.tries).toBe(1);
      expect(t.lastEffects).toEqual([]);
    });
  }

  it('when a skill row of an earlier list is tapped after "That\'s all", then it is not added to the skills', () => {
    const t = englishAt('availability');
    t.pick(id('skill', 'item/cook'));
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(stepName(t)).toBe('worker_onboarding/availability');
  });
});

describe('worker onboarding: editing from the summary', () => {
  it('when Edit is tapped, then the seven fields are listed', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toBe(render('en', 'summary.pick_field'));
    expect(t.rowIds()).toEqual(['name', 'skill', 'availability', 'location', 'radius', 'rate', 'phone'].map((s) => id('summary', `field/${s}`)));
    expect(t.rowTitles()).toEqual(['Name', 'Skills', 'Hours', 'Area', 'Travel distance', 'Minimum rate', 'Phone number']);
  });

  it('when the rate is picked and answered, then the summary comes back with the new value and saving uses it', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/rate'));
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_rate', { currency: 'EUR' }));
    t.text('14');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('EUR 14/h');
    expect(t.buttonIds()).toEqual([id('summary', 'confirm'), id('summary', 'edit')]);
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile).toMatchObject({ minRateCents: 1400, name: 'Maria Lopez', skills: ['waiter'], radiusKm: 10 });
  });

  it('when the field is typed by its label ("Hours"), then that field is asked and the summary follows', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.text('Hours');
    expect(stepName(t)).toBe('worker_onboarding/availability');
    t.text('weekends');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('Sat-Sun 09:00-17:00');
  });

  it('when the skills are edited, then the old ones are kept until the first new pick replaces them, and re-collected before the summary comes back', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/skill'));
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(t.state.flow?.replace).toBe('skills');
    expect(t.lastBody()).toBe(render('en', 'worker.ask_another_skill'));
    t.pick(id('skill', 'item/cleaning'));
    expect(stepName(t)).toBe('worker_onboarding/more_skills');
    expect(t.state.flow?.answers.skills).toEqual(['cleaning']);
    expect(t.state.flow?.replace).toBeNull();
    t.tap(id('more_skills', 'add'));
    t.text('cook');
    t.tap(id('more_skills', 'done'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('Maria L. - Cleaning, Cook');
    expect(t.lastBody()).not.toContain('Waiter');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.skills).toEqual(['cleaning', 'cook']);
  });

  it('when the name is edited, then the summary shows the new short name', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/name'));
    t.text('Maria Garcia');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('Maria G.');
  });

  it('when the area is edited by typing, then the summary shows the new area', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/location'));
    t.text('chamberi');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('within 10 km of Chamberí, Madrid');
  });

  it('when the phone is edited to another number, then it goes offer, number, confirmation and back to the summary', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/phone'));
    expect(stepName(t)).toBe('worker_onboarding/phone');
    t.tap(id('phone', 'other'));
    expect(stepName(t)).toBe('worker_onboarding/phone_other');
    t.text('+34 699 111 222');
    expect(stepName(t)).toBe('worker_onboarding/phone_confirm');
    t.tap(id('phone_confirm', 'yes'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('+34 699 11 12 22');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+34699111222');
  });

  it('when the phone is edited back to Meta\'s number, then that number is saved', () => {
    const t = englishAt('phone_other');
    t.text('+34 699 111 222');
    t.tap(id('phone_confirm', 'yes'));
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/phone'));
    t.tap(id('phone', 'use'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain(UK_DISPLAY);
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+447400123456');
  });

  it('when an edited field gets a misunderstood answer first, then it is asked again and the summary still follows the good one', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/radius'));
    t.text('far');
    expect(stepName(t)).toBe('worker_onboarding/radius');
    t.tap(id('radius', 'value/20'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('within 20 km');
  });

  it('when the field list gets something else, then the summary hint comes and nothing changes', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.text('the colour of my shoes');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain(render('en', 'hint.summary'));
  });
});

describe('worker onboarding: within WhatsApp\'s limits, whatever the answers', () => {
  it('when a typed skill could be several ("staff"), then the candidates are offered as rows and one can be picked', () => {
    const t = englishAt('skill');
    t.text('staff');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastReply()?.type).toBe('list');
    expect(t.lastBody()).toContain(render('en', 'hint.catalogue_ambiguous'));
    expect(t.rowIds()).toEqual(expect.arrayContaining([id('skill', 'item/waiter'), id('skill', 'item/bartender'), id('skill', 'item/events_staff')]));
    t.pick(id('skill', 'item/events_staff'));
    expect(t.state.flow?.answers.skills).toEqual(['events_staff']);
  });

  it('when every answer is as long as allowed, then every reply still fits (the limits are checked after each test)', () => {
    const t = chat({ waId: UK_WA_ID });
    driveWorkerTo(t, 'name');
    const longName = `${'Maximiliana '.repeat(4)}de la Santisima Trinidad`.slice(0, 60).trim();
    t.text(longName);
    expect(t.state.flow?.answers.name).toBe(longName);
    for (const skill of ['waiter', 'kitchen_help', 'events_staff', 'hotel_housekeeping', 'elderly_care']) {
      t.pick(id('skill', `item/${skill}`));
      if (t.state.flow?.step === 'more_skills') t.tap(id('more_skills', 'add'));
    }
    t.text('Mon 08:00-09:00; Tue 10:00-11:00; Wed 12:00-13:00; Thu 14:00-15:00; Fri 16:00-17:00; Sat 18:00-19:00; Sun 20:00-21:00; Mon 22:00-23:00');
    expect(stepName(t)).toBe('worker_onboarding/location');
    t.location(40.4155, -3.7074, 'A very long place name from the map app '.repeat(30));
    t.text('100');
    t.text('499,99');
    t.tap(id('phone', 'use'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.effectsOf('save_worker_profile')[0]?.profile.location.label.length).toBeLessThanOrEqual(200);
  });

  for (const locale of ['en', 'es'] as const) {
    it(`when every page of the skills list is shown in ${locale}, then each page fits and every skill appears once`, () => {
      const t = chat({ waId: locale === 'es' ? SPANISH_WA_ID : UK_WA_ID });
      driveWorkerTo(t, 'skill');
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        seen.push(...t.rowIds().filter((r) => r.includes('/item/')));
        const more = t.rowIds().find((r) => r.endsWith(`page/${page}`));
        if (!more) break;
        t.pick(more);
      }
      expect(seen).toEqual(skills.map((s) => id('skill', `item/${s.id}`)));
      expect(t.rowIds().at(-1)).toBe(id('skill', 'page/0'));
    });
  }

  it('when a Spanish worker sends a sticker for the rate, then the hint and question are Spanish', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.text('barato');
    expectAskedAgain(t, {
      step: 'worker_onboarding/rate',
      hint: render('es', 'hint.number_money', { min: 1, max: 500, currency: 'EUR' }),
      question: render('es', 'worker.ask_rate', { currency: 'EUR' }),
    });
  });
});

describe('worker onboarding: after saving', () => {
  it('when "Looks good" of the old summary is tapped again, then the profile is not saved twice and the menu comes', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'confirm'));
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.lastReply()?.type).toBe('list');
    expect(t.rowIds().every((r) => r.startsWith('cmd.'))).toBe(true);
  });

  it('when an old onboarding button is tapped after saving, then nothing is stored and the menu comes', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'confirm'));
    t.tap(id('radius', 'value/20'));
    expect(t.lastEffects).toEqual([]);
    expect(t.context.worker?.radiusKm).toBe(10);
    expect(t.rowIds()).toContain('cmd.profile');
  });
});

// ---- Regression tests for the review's changes (each one fails if the behaviour comes back). ----

describe('worker onboarding: the number shared on unlock (review item 1)', () => {
  it('when another number was typed and then the phone is edited, then the offer shows Meta\'s number, and "Yes, use it" puts it in the summary and the profile', () => {
    const t = englishAt('phone_other');
    t.text('+34 699 111 222');
    t.tap(id('phone_confirm', 'yes'));
    expect(t.lastBody()).toContain('+34 699 11 12 22');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/phone'));
    expect(stepName(t)).toBe('worker_onboarding/phone');
    // The offer names the number Meta sent, not the one typed earlier.
    expect(t.lastBody()).toBe(render('en', 'worker.offer_phone', { waPhone: UK_DISPLAY }));
    t.tap(id('phone', 'use'));
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain(UK_DISPLAY);
    expect(t.lastBody()).not.toContain('+34 699 11 12 22');
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+447400123456');
  });

  it('when a saved worker whose profile has another number edits the phone and keeps Meta\'s, then Meta\'s number is shown and saved (the old one is not kept)', () => {
    const t = chat({ waId: SPANISH_WA_ID, state: registeredState('worker', 'es'), worker: aWorker({ phone: '+34699111222' }) });
    t.text('perfil');
    expect(t.lastBody()).toContain('+34 699 11 12 22');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/phone'));
    expect(t.lastBody()).toBe(render('es', 'worker.offer_phone', { waPhone: '+34 612 34 56 78' }));
    t.text('Sí, úsalo');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('+34 612 34 56 78');
    expect(t.lastBody()).not.toContain('+34 699 11 12 22');
    t.text('todo bien');
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.effectsOf('save_worker_profile')[0]?.profile.phone).toBe('+34612345678');
  });
});

describe('worker onboarding: greetings are not answers (review item 5)', () => {
  const greetings: [WorkerStep, string, (t: Transcript) => string][] = [
    ['name', 'Hello', () => render('en', 'worker.ask_name')],
    ['name', 'hola', () => render('en', 'worker.ask_name')],
    ['skill', 'hi', () => render('en', 'worker.ask_skill', { firstName: 'Maria' })],
    ['more_skills', 'hey', () => render('en', 'worker.ask_more_skills')],
    ['location', 'Buenos días', () => render('en', 'worker.ask_location')],
    ['phone', 'good morning', () => render('en', 'worker.offer_phone', { waPhone: UK_DISPLAY })],
  ];
  for (const [step, greeting, question] of greetings) {
    it(`when "${greeting}" comes at "${step}", then the question is asked again with no hint and no strike, and nothing is stored`, () => {
      const t = englishAt(step);
      const before = JSON.stringify(t.state.flow?.answers);
      t.text(greeting);
      expect(stepName(t)).toBe(`worker_onboarding/${step}`);
      expect(t.replies).toHaveLength(1);
      expect(t.lastBody()).toBe(question(t));
      expect(JSON.stringify(t.state.flow?.answers)).toBe(before);
      expect(t.state.flow?.tries).toBe(0);
      expect(t.lastEffects).toEqual([]);
    });
  }

  it('when "Hello" comes at the name step, then it is not taken as the name and the real name still is', () => {
    const t = englishAt('name');
    t.text('Hello');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'worker.ask_name') }]);
    expect(t.state.flow?.answers.name).toBeUndefined();
    t.text('Maria Lopez');
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });

  it('when a greeting comes after two misunderstood answers, then it is not the third: no help is offered and the count stays at two', () => {
    const t = englishAt('skill');
    t.sticker();
    t.sticker();
    t.text('hi');
    expectNoHelpOffer(t);
    expect(t.state.flow?.tries).toBe(2);
    t.sticker();
    expectHelpOffered(t);
  });
});

describe('worker onboarding: back over skills and while editing (review item 8)', () => {
  it('when Bartender is picked, "back" is typed and Waiter is picked, then the skills are just ["waiter"]', () => {
    const t = englishAt('skill');
    t.pick(id('skill', 'item/bartender'));
    expect(t.state.flow?.answers.skills).toEqual(['bartender']);
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.flow?.answers.skills).toEqual([]);
    t.pick(id('skill', 'item/waiter'));
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    t.tap(id('more_skills', 'done'));
    t.tap(id('availability', 'preset/weekdays'));
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
  });

  it('when "back" is typed after a second skill, then only that one is taken off and the another-skill prompt comes', () => {
    const t = englishAt('skill');
    t.pick(id('skill', 'item/waiter'));
    t.tap(id('more_skills', 'add'));
    expect(t.lastBody()).toBe(render('en', 'worker.ask_another_skill'));
    t.text('cook');
    expect(t.state.flow?.answers.skills).toEqual(['waiter', 'cook']);
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(t.lastBody()).toBe(render('en', 'worker.ask_another_skill'));
  });

  it('when "back" is typed at a field being edited, then the summary comes back unchanged', () => {
    const t = englishAt('summary');
    const summary = t.lastBody();
    const answers = t.state.flow?.answers;
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/rate'));
    expect(stepName(t)).toBe('worker_onboarding/rate');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toBe(summary);
    expect(t.state.flow?.answers).toEqual(answers);
    expect(t.state.flow?.editing).toBe(false);
    t.tap(id('summary', 'confirm'));
    expect(t.effectsOf('save_worker_profile')[0]?.profile.minRateCents).toBe(1200);
  });

  it('when "back" is typed at the skills being edited before any pick, then the old skills stay and the summary shows them', () => {
    const t = englishAt('summary');
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/skill'));
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.state.flow?.answers.skills).toEqual(['waiter']);
    expect(t.state.flow?.replace).toBeNull();
    expect(t.lastBody()).toContain('Maria L. - Waiter / Waitress');
    // A later skill edit replaces the list again from its first pick, and an ordinary "add another" appends.
    t.tap(id('summary', 'edit'));
    t.pick(id('summary', 'field/skill'));
    t.pick(id('skill', 'item/barista'));
    t.tap(id('more_skills', 'add'));
    t.pick(id('skill', 'item/cook'));
    expect(t.state.flow?.answers.skills).toEqual(['barista', 'cook']);
  });
});

describe('worker onboarding: numbers and catalogue lists (review item 9)', () => {
  it('when the distance is typed, then the rate question is led by "Got it: 15 km."', () => {
    const t = englishAt('radius');
    t.text('15');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: '15 km' })}\n${render('en', 'worker.ask_rate', { currency: 'EUR' })}`);
  });

  it('when the rate is typed as "12.50", then the phone offer is led by "Got it: EUR 12.50."', () => {
    const t = englishAt('rate');
    t.text('12.50');
    expect(t.lastBody()).toBe(`${render('en', 'ack.got_it', { value: 'EUR 12.50' })}\n${render('en', 'worker.offer_phone', { waPhone: UK_DISPLAY })}`);
  });

  for (const typed of ['1,000', '1.000', '12-15', '12 - 15']) {
    it(`when the rate is typed as "${typed}", then it is misunderstood (which number?) and nothing is kept`, () => {
      const t = englishAt('rate');
      t.text(typed);
      expectAskedAgain(t, {
        step: 'worker_onboarding/rate',
        hint: render('en', 'hint.number_money', { min: 1, max: 500, currency: 'EUR' }),
        question: render('en', 'worker.ask_rate', { currency: 'EUR' }),
      });
      expect(t.state.flow?.answers.minRate).toBeUndefined();
    });
  }

  for (const typed of ['1,000', '5-10']) {
    it(`when the distance is typed as "${typed}", then it is misunderstood and nothing is kept`, () => {
      const t = englishAt('radius');
      t.text(typed);
      expectAskedAgain(t, { step: 'worker_onboarding/radius', hint: render('en', 'hint.number_km', { min: 1, max: 100 }), question: render('en', 'worker.ask_radius') });
      expect(t.state.flow?.answers.radiusKm).toBeUndefined();
    });
  }

  it('when "3" is typed at the skills list, then the third row of the page shown is picked', () => {
    const first = englishAt('skill');
    first.text('3');
    expect(first.state.flow?.answers.skills).toEqual([skills[2]!.id]);
    expect(first.lastBody()).toContain(render('en', 'ack.added', { value: skills[2]!.en }));
    const second = englishAt('skill');
    second.pick(id('skill', 'page/1'));
    second.text('3');
    expect(second.state.flow?.answers.skills).toEqual([skills[PAGE + 2]!.id]);
  });

  for (const typed of ['more', 'más', 'MAS', '10']) {
    it(`when "${typed}" is typed at the skills list, then the next page is shown, with no strike`, () => {
      const t = englishAt('skill');
      t.text(typed);
      expect(stepName(t)).toBe('worker_onboarding/skill');
      expect(t.state.flow?.page).toBe(1);
      expect(t.state.flow?.tries).toBe(0);
      expect(t.state.flow?.answers.skills).toBeUndefined();
      expect(t.rowIds().slice(0, -1)).toEqual(skills.slice(PAGE, 2 * PAGE).map((s) => id('skill', `item/${s.id}`)));
    });
  }

  it('when a sticker comes at the Spanish skills list, then the hint gives the first skill as an example', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    driveWorkerTo(t, 'skill');
    t.sticker();
    expectAskedAgain(t, {
      step: 'worker_onboarding/skill',
      hint: render('es', 'hint.catalogue_pick', { example: skills[0]!.es }),
      question: render('es', 'worker.ask_skill', { firstName: 'Maria' }),
    });
    expect(t.lastBody()).not.toContain(render('es', 'hint.catalogue', { text: '…' }));
  });
});
