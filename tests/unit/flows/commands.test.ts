// Global commands through the engine alone: typed anywhere in English or Spanish, or tapped in the menu;
// moderation; and the messages that get no reply at all.
import { describe, expect, it } from 'vitest';
import { render } from '../../../templates/index.js';
import type { TemplateKey } from '../../../templates/index.js';
import {
  ENGLISH_WA_ID,
  SPANISH_WA_ID,
  aWorker,
  anEmployer,
  driveWorkerTo,
  limitCheckedTranscripts,
  registeredState,
  rowsOf,
  stepName,
  type Transcript,
  type TranscriptOptions,
} from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();

/** A Spanish worker in the middle of onboarding, at the skill list. */
function spanishAtSkill(options: TranscriptOptions = {}): Transcript {
  const t = chat({ waId: SPANISH_WA_ID, ...options });
  driveWorkerTo(t, 'skill');
  return t;
}

const skillQuestion = (locale: 'en' | 'es') => render(locale, 'worker.ask_skill', { firstName: 'Maria' });

/** A registered worker with a saved profile and nothing pending. */
function registeredWorker(locale: 'en' | 'es' = 'es', worker = aWorker()): Transcript {
  return chat({ waId: locale === 'es' ? SPANISH_WA_ID : ENGLISH_WA_ID, state: registeredState('worker', locale), worker });
}

function registeredEmployer(locale: 'en' | 'es' = 'en'): Transcript {
  return chat({ waId: locale === 'es' ? SPANISH_WA_ID : ENGLISH_WA_ID, state: registeredState('employer', locale), employer: anEmployer() });
}

const isMenu = (t: Transcript) => t.lastReply()?.type === 'list' && t.rowIds().length > 0 && t.rowIds().every((r) => r.startsWith('cmd.'));

describe('commands: recognised anywhere, in both languages, whatever the case and accents', () => {
  const recognised: [string, (t: Transcript) => void][] = [
    ['MENÚ', (t) => expect(isMenu(t)).toBe(true)],
    ['Menú!', (t) => expect(isMenu(t)).toBe(true)],
    ['menu', (t) => expect(isMenu(t)).toBe(true)],
    ['ayuda', (t) => expect(t.lastBody()).toContain(render('es', 'help.worker'))],
    ['HELP', (t) => expect(t.lastBody()).toContain(render('es', 'help.worker'))],
    ['?', (t) => expect(t.lastBody()).toContain(render('es', 'help.worker'))],
    ['atrás', (t) => expect(stepName(t)).toBe('worker_onboarding/name')],
    ['ATRAS', (t) => expect(stepName(t)).toBe('worker_onboarding/name')],
    ['Back', (t) => expect(stepName(t)).toBe('worker_onboarding/name')],
    ['cancelar', (t) => expect(t.lastBody()).toBe(render('es', 'onboarding.cancelled'))],
    ['Cancel', (t) => expect(t.lastBody()).toBe(render('es', 'onboarding.cancelled'))],
    ['perfil', (t) => expect(t.lastBody()).toBe(`${render('es', 'profile.in_progress')}\n${skillQuestion('es')}`)],
    ['pausa', (t) => expect(t.lastBody()).toContain(render('es', 'only.profile'))],
    ['reanudar', (t) => expect(t.lastBody()).toContain(render('es', 'only.profile'))],
    ['idioma', (t) => expect(stepName(t)).toBe('language/choose')],
    ['Language', (t) => expect(stepName(t)).toBe('language/choose')],
    ['baja', (t) => expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: true }])],
    ['STOP', (t) => expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: true }])],
    ['alta', (t) => expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: false }])],
    ['denunciar', (t) => expect(stepName(t)).toBe('report/describe')],
    ['Report', (t) => expect(stepName(t)).toBe('report/describe')],
    ['por qué', (t) => expect(t.lastBody()).toContain(render('es', 'why.new'))],
    ['Por que', (t) => expect(t.lastBody()).toContain(render('es', 'why.new'))],
    ['why', (t) => expect(t.lastBody()).toContain(render('es', 'why.new'))],
    ['borrar mis datos', (t) => expect(stepName(t)).toBe('delete_data/confirm')],
    ['Delete my data', (t) => expect(stepName(t)).toBe('delete_data/confirm')],
    ['exportar mis datos', (t) => expect(t.lastBody()).toContain(render('es', 'coming_soon', { feature: render('es', 'feature.export') }))],
  ];
  for (const [typed, check] of recognised) {
    it(`when "${typed}" is typed in the middle of onboarding, then it is run as a command`, () => {
      const t = spanishAtSkill();
      t.text(typed);
      check(t);
      expect(t.state.flow?.answers.skills).toBeUndefined();
    });
  }

  it('when a sentence only mentions a command, then it is an answer to the question, not the command', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.text('can you help me please');
    expect(t.lastBody()).not.toContain(render('en', 'help.worker'));
    expect(t.lastBody()).toContain(render('en', 'hint.number_money', { min: 1, max: 500, currency: 'EUR' }));
  });
});

describe('commands: back', () => {
  it('when "back" is typed at the skill list, then the name is asked again', () => {
    const t = spanishAtSkill();
    t.text('atrás');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.lastBody()).toBe(render('es', 'worker.ask_name'));
  });

  it('when "back" is typed twice, then it goes two steps back', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'location');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/availability');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/more_skills');
  });

  it('when "back" is typed at the summary, then the step before it is asked', () => {
    const t = chat({ waId: '447400123456' });
    driveWorkerTo(t, 'summary');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/phone');
  });

  it('when the previous step is answered again after "back", then onboarding goes on from there', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/radius');
    t.text('25');
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.state.flow?.answers.radiusKm).toBe(25);
  });

  it('when "back" is typed at the first question, then there is nothing to go back to and the question is asked again', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'name');
    t.text('back');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.lastBody()).toBe(`${render('en', 'back.nothing')}\n${render('en', 'worker.ask_name')}`);
  });

  it('when "back" is typed with nothing pending, then the menu comes (no dead end)', () => {
    const t = registeredWorker('en');
    t.text('back');
    expect(t.lastBody()).toContain(render('en', 'back.nothing'));
    expect(isMenu(t)).toBe(true);
  });
});

describe('commands: cancel', () => {
  it('when onboarding is cancelled, then it is parked, and "hi" later offers Continue / Start over', () => {
    const t = spanishAtSkill();
    t.text('cancelar');
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toMatchObject({ name: 'worker_onboarding', step: 'skill', answers: { name: 'Maria Lopez' } });
    expect(t.effects.filter((e) => e.type !== 'set_preferences')).toEqual([]);
    t.text('hola');
    expect(t.lastBody()).toBe(render('es', 'resume.ask', { activity: render('es', 'activity.worker_onboarding') }));
    expect(t.buttonIds()).toEqual(['resume/continue', 'resume/restart']);
  });

  it('when Continue is tapped after a cancel, then the parked question is asked with the answers kept', () => {
    const t = spanishAtSkill();
    t.text('cancelar');
    t.text('hola');
    t.tap('resume/continue');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastBody()).toBe(skillQuestion('es'));
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
  });

  it('when Start over is tapped after a cancel, then onboarding starts again with nothing kept', () => {
    const t = spanishAtSkill();
    t.text('cancelar');
    t.text('hola');
    t.tap('resume/restart');
    expect(stepName(t)).toBe('worker_onboarding/name');
    expect(t.state.flow?.answers).toEqual({});
    expect(t.lastBody()).toBe(render('es', 'worker.ask_name'));
  });

  it('when "cancel" is typed with nothing pending, then the menu follows', () => {
    const t = registeredWorker('en');
    t.text('cancel');
    expect(t.lastBody()).toContain(render('en', 'common.cancelled'));
    expect(isMenu(t)).toBe(true);
  });

  it('when a report is cancelled in the middle of onboarding, then the onboarding question comes back', () => {
    const t = spanishAtSkill();
    t.text('denunciar');
    t.text('cancelar');
    // One message: "Cancelled" leads the onboarding question that comes back.
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(`${render('es', 'common.cancelled')}\n${skillQuestion('es')}`);
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.parked).toBeNull();
    expect(t.effectsOf('create_abuse_report')).toEqual([]);
  });
});

describe('commands: menu', () => {
  it('when the menu is opened in the middle of onboarding, then onboarding is set aside and the next "hola" offers to continue it', () => {
    const t = spanishAtSkill();
    t.text('menú');
    expect(isMenu(t)).toBe(true);
    expect(t.state.flow).toBeNull();
    expect(t.state.parked?.step).toBe('skill');
    t.text('hola');
    expect(t.buttonIds()).toEqual(['resume/continue', 'resume/restart']);
    t.text('seguir');
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });

  it('when a newcomer types "menu", then the welcome starts (there is no menu before signing up)', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('menu');
    expect(stepName(t)).toBe('welcome/role');
  });
});

describe('commands: help, stop and start answer, then the pending question comes again', () => {
  it('when "ayuda" is typed mid-flow, then help comes and the same question follows, the step unchanged', () => {
    const t = spanishAtSkill();
    t.text('ayuda');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastBody()).toBe(`${render('es', 'help.worker')}\n${skillQuestion('es')}`);
    expect(t.lastReply()?.type).toBe('list');
    expect(t.lastEffects).toEqual([]);
  });

  it('when help is asked after two misunderstood answers, then it does not count as a third', () => {
    const t = spanishAtSkill();
    t.sticker();
    t.sticker();
    t.text('ayuda');
    expect(t.replies).toHaveLength(1);
    expect(t.state.flow?.tries).toBe(2);
  });

  it('when "baja" is typed mid-flow, then messages we start are stopped and the question comes again', () => {
    const t = spanishAtSkill();
    t.text('baja');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: true }]);
    expect(t.state.optedOut).toBe(true);
    expect(t.lastBody()).toBe(`${render('es', 'stop.done')}\n${skillQuestion('es')}`);
    t.text('alta');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: false }]);
    expect(t.state.optedOut).toBe(false);
    expect(t.lastBody()).toBe(`${render('es', 'start.done')}\n${skillQuestion('es')}`);
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });

  it('when "stop" is typed by a registered employer, then the menu follows and the privacy list offers to start messages again', () => {
    const t = registeredEmployer('en');
    t.text('stop');
    expect(t.lastBody()).toBe(`${render('en', 'stop.done')}\n${render('en', 'menu.body')}`);
    expect(isMenu(t)).toBe(true);
    // Stop and start live in the privacy list now, not in the menu.
    expect(t.rowIds()).not.toContain('cmd.start');
    expect(t.rowIds()).not.toContain('cmd.stop');
    t.pick('cmd.privacy');
    expect(t.rowIds()).toEqual(['cmd.export', 'cmd.delete', 'cmd.start']);
    t.pick('cmd.start');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: false }]);
    t.pick('cmd.privacy');
    expect(t.rowIds()).toEqual(['cmd.export', 'cmd.delete', 'cmd.stop']);
  });

  it('when "help" is typed by a registered employer, then the employer help and the menu come', () => {
    const t = registeredEmployer('en');
    t.text('help');
    expect(t.lastBody()).toContain(render('en', 'help.employer'));
    expect(isMenu(t)).toBe(true);
  });
});

describe('commands: language', () => {
  it('when the language is changed mid-flow, then the locale switches and the pending question comes in the new language', () => {
    const t = spanishAtSkill();
    t.text('idioma');
    expect(t.lastBody()).toBe(render('es', 'language.ask'));
    expect(t.buttonIds()).toEqual(['language/choose/en', 'language/choose/es']);
    t.tap('language/choose/en');
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', locale: 'en' }]);
    expect(t.state.locale).toBe('en');
    expect(t.bodies()[0]).toBe(render('en', 'language.set'));
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastBody()).toBe(skillQuestion('en'));
    expect(t.rowTitles()[0]).toBe('Waiter / Waitress');
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
  });

  it('when "español" is typed at the language question, then Spanish is chosen', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.text('language');
    t.text('español');
    expect(t.state.locale).toBe('es');
    expect(t.lastBody()).toBe(render('es', 'worker.ask_rate', { currency: 'EUR' }));
  });

  it('when a registered worker changes the language, then the menu follows in the new language', () => {
    const t = registeredWorker('es');
    t.text('idioma');
    t.text('english');
    expect(t.bodies()[0]).toBe(render('en', 'language.set'));
    expect(isMenu(t)).toBe(true);
    expect(t.lastBody()).toBe(render('en', 'menu.body'));
  });

  it('when the language is changed during the welcome, then the role question comes again in the new language', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('hola');
    t.text('idioma');
    t.tap('language/choose/en');
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
  });

  it('when a newcomer with nothing pending changes the language, then the welcome question follows (no dead end)', () => {
    const t = chat({ waId: SPANISH_WA_ID });
    t.text('idioma');
    t.tap('language/choose/en');
    expect(t.bodies()[0]).toBe(render('en', 'language.set'));
    expect(t.state.flow?.name).toBe('welcome');
    expect(t.lastBody()).toBe(render('en', 'welcome.ask_role'));
  });
});

describe('commands: report', () => {
  it('when "denunciar" is typed, then one message is collected as an abuse report and the pending question comes back', () => {
    const t = spanishAtSkill();
    t.text('denunciar');
    expect(t.lastBody()).toBe(render('es', 'report.ask'));
    t.text('Una empresa me pidió dinero por adelantado');
    expect(t.lastEffects).toEqual([{ type: 'create_abuse_report', text: 'Una empresa me pidió dinero por adelantado' }]);
    // One message: the thanks leads the parked question.
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(`${render('es', 'report.thanks')}\n${skillQuestion('es')}`);
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.parked).toBeNull();
  });

  it('when the report is too short or not text, then the report hint comes and nothing is filed', () => {
    const t = registeredWorker('en');
    t.text('report');
    t.text('bad');
    expect(t.lastBody()).toContain(render('en', 'hint.report'));
    t.sticker();
    expect(t.lastBody()).toContain(render('en', 'hint.report'));
    expect(stepName(t)).toBe('report/describe');
    expect(t.effectsOf('create_abuse_report')).toEqual([]);
    t.text('The employer never showed up');
    expect(t.effectsOf('create_abuse_report')).toEqual([{ type: 'create_abuse_report', text: 'The employer never showed up' }]);
  });

  it('when the report is written as a command word, then it is still the report text (a 1,000-character report too)', () => {
    const t = registeredWorker('en');
    t.pick('cmd.report');
    const long = 'x'.repeat(1000);
    t.text(long);
    expect(t.effectsOf('create_abuse_report')).toEqual([{ type: 'create_abuse_report', text: long }]);
  });
});

describe('commands: delete my data', () => {
  it('when "borrar mis datos" is typed, then confirmation is asked with [Delete everything] [Keep my data]', () => {
    const t = registeredWorker('es');
    t.text('borrar mis datos');
    expect(t.lastBody()).toBe(render('es', 'delete.confirm'));
    expect(t.buttonIds()).toEqual(['delete_data/confirm/delete', 'delete_data/confirm/keep']);
    expect(t.buttonTitles()).toEqual(['Borrar todo', 'Conservar mis datos']);
    expect(t.lastEffects).toEqual([]);
  });

  it('when "Keep my data" is tapped, then nothing is deleted and the menu follows', () => {
    const t = registeredWorker('en');
    t.text('delete my data');
    t.tap('delete_data/confirm/keep');
    expect(t.effects).toEqual([]);
    expect(t.bodies()[0]).toBe(render('en', 'delete.kept'));
    expect(isMenu(t)).toBe(true);
    expect(t.state).toMatchObject({ role: 'worker', consent: 'given', flow: null });
    expect(t.context.worker).not.toBeNull();
  });

  it('when "Keep my data" is chosen in the middle of onboarding, then the onboarding question comes back with its answers', () => {
    const t = spanishAtSkill();
    t.text('borrar mis datos');
    t.text('conservar');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
    expect(t.lastBody()).toBe(skillQuestion('es'));
  });

  it('when "Delete everything" is tapped, then delete_my_data is the one effect and the state starts from scratch', () => {
    const t = registeredWorker('en');
    t.text('delete my data');
    t.tap('delete_data/confirm/delete');
    expect(t.lastEffects).toEqual([{ type: 'delete_my_data' }]);
    expect(t.state).toMatchObject({ role: null, consent: null, flow: null, parked: null, optedOut: false });
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'delete.done') }]);
    expect(t.context.worker).toBeNull();
    t.text('hi');
    expect(stepName(t)).toBe('welcome/role');
  });

  for (const typed of ['borrar', 'delete', 'Borrar todo', 'Delete everything', '1']) {
    it(`when "${typed}" is typed at the confirmation, then it is read as "Delete everything"`, () => {
      const t = registeredWorker('es');
      t.text('borrar mis datos');
      t.text(typed);
      expect(t.lastEffects).toEqual([{ type: 'delete_my_data' }]);
      expect(t.state.flow).toBeNull();
    });
  }

  it('when data is deleted in the middle of onboarding, then the onboarding is gone too', () => {
    const t = spanishAtSkill();
    t.text('borrar mis datos');
    t.tap('delete_data/confirm/delete');
    expect(t.lastEffects).toEqual([{ type: 'delete_my_data' }]);
    expect(t.state.parked).toBeNull();
    expect(t.state.flow).toBeNull();
    t.text('hola');
    expect(stepName(t)).toBe('welcome/role');
  });

  it('when a misunderstood answer comes at the confirmation, then it is asked again and nothing is deleted', () => {
    const t = registeredWorker('en');
    t.text('delete my data');
    t.text('hmm');
    expect(stepName(t)).toBe('delete_data/confirm');
    expect(t.lastBody()).toContain(render('en', 'hint.choice'));
    expect(t.effects).toEqual([]);
  });
});

describe('commands: pause and resume', () => {
  it('when a worker with a profile types "pausa", then offers are paused and the menu offers to resume', () => {
    const t = registeredWorker('es');
    t.text('pausa');
    expect(t.lastEffects).toEqual([{ type: 'set_worker_paused', paused: true }]);
    expect(t.context.worker?.paused).toBe(true);
    expect(t.lastBody()).toContain(render('es', 'pause.done'));
    expect(t.rowIds()).toContain('cmd.resume');
    expect(t.rowIds()).not.toContain('cmd.pause');
  });

  it('when a paused worker types "reanudar", then offers are resumed', () => {
    const t = registeredWorker('es', aWorker({ paused: true }));
    t.text('reanudar');
    expect(t.lastEffects).toEqual([{ type: 'set_worker_paused', paused: false }]);
    expect(t.lastBody()).toContain(render('es', 'resume.done'));
    expect(t.rowIds()).toContain('cmd.pause');
  });

  it('when "pause" comes twice, then the second one changes nothing and says so', () => {
    const t = registeredWorker('en');
    t.text('pause');
    t.text('pause');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toContain(render('en', 'pause.already'));
    expect(t.effectsOf('set_worker_paused')).toHaveLength(1);
  });

  it('when "resume" comes from a worker who is not paused, then nothing changes', () => {
    const t = registeredWorker('en');
    t.text('resume');
    expect(t.effects).toEqual([]);
    expect(t.lastBody()).toContain(render('en', 'resume.already'));
  });

  it('when an employer types "pause", then it is for workers only and nothing is emitted', () => {
    const t = registeredEmployer('en');
    t.text('pause');
    expect(t.effects).toEqual([]);
    expect(t.lastBody()).toContain(render('en', 'only.workers'));
    expect(isMenu(t)).toBe(true);
  });

  it('when a worker without a profile yet types "pause" or "resume", then nothing is emitted', () => {
    const t = spanishAtSkill();
    t.text('pausa');
    t.text('reanudar');
    expect(t.effectsOf('set_worker_paused')).toEqual([]);
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });

  it('when a newcomer types "pause", then nothing is emitted', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('pause');
    expect(t.effects).toEqual([]);
    expect(t.replies.length).toBeGreaterThan(0);
  });
});

describe('commands: features of later releases, and the marketplace lists with nothing in them', () => {
  const workerFeatures: [string, TemplateKey][] = [
    ['export my data', 'feature.export'],
    ['who has my number', 'feature.who_has_my_number'],
  ];
  for (const [typed, feature] of workerFeatures) {
    it(`when a worker types "${typed}", then "coming soon" and the menu come`, () => {
      const t = registeredWorker('en');
      t.text(typed);
      expect(t.lastBody()).toBe(`${render('en', 'coming_soon', { feature: render('en', feature) })}\n${render('en', 'menu.body')}`);
      expect(isMenu(t)).toBe(true);
      expect(t.effects).toEqual([]);
    });
  }

  it('when a worker with no offers types "my offers", then they are told offers come to them, with a Menu button', () => {
    const t = registeredWorker('en');
    t.text('my offers');
    expect(t.lastBody()).toBe(render('en', 'offers.none'));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
    expect(t.effects).toEqual([]);
  });

  it('when a worker types "find jobs", then how jobs come to them leads the (empty) list of open offers', () => {
    const t = registeredWorker('en');
    t.text('find jobs');
    expect(t.lastBody()).toBe(`${render('en', 'offers.come_to_you')}\n${render('en', 'offers.none')}`);
  });

  for (const typed of ['my jobs', 'candidatos']) {
    it(`when an employer with no jobs types "${typed}", then they are offered to post one`, () => {
      const t = registeredEmployer('en');
      t.text(typed);
      expect(t.lastBody()).toBe(render('en', 'jobs.none'));
      expect(t.buttonIds()).toEqual(['cmd.post_job', 'cmd.menu']);
    });
  }

  it('when "buscar trabajos" is typed mid-flow, then the (empty) offers, and the pending question again', () => {
    const t = spanishAtSkill();
    t.text('buscar trabajos');
    expect(t.lastBody()).toBe(skillQuestion('es'));
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });

  it('when a newcomer asks for their offers, then the answer says how to go on', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('find jobs');
    expect(t.replies.length).toBeGreaterThan(0);
    expect(t.allText()).toContain(render('en', 'only.profile'));
  });

  it('when every menu row is tapped in turn, then each one answers', () => {
    const worker = registeredWorker('en');
    worker.text('menu');
    const rows = worker.rowIds();
    expect(rows.length).toBeLessThanOrEqual(10);
    for (const row of rows) {
      const t = registeredWorker('en');
      t.pick(row);
      expect(t.replies.length, `${row} answers`).toBeGreaterThan(0);
    }
  });
});

describe('commands: profile and why', () => {
  it('when a worker with a profile types "perfil", then the summary is shown and "Todo bien" saves it unchanged', () => {
    const t = registeredWorker('es');
    t.text('perfil');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.lastBody()).toContain('Maria L. - Camarero / Camarera');
    expect(t.lastBody()).toContain('+34 612 34 56 78');
    t.text('todo bien');
    const { paused: _paused, phoneShareConsentAt: _at, ...saved } = aWorker();
    expect(t.effectsOf('save_worker_profile')).toHaveLength(1);
    expect(t.effectsOf('save_worker_profile')[0]?.profile).toMatchObject(saved);
    expect(t.lastBody()).toContain(render('es', 'worker.updated'));
    expect(isMenu(t)).toBe(true);
  });

  it('when a worker with a profile types "why", then the matching reasons are explained', () => {
    const t = registeredWorker('en');
    t.text('why');
    expect(t.lastBody()).toContain(
      render('en', 'why.worker', { skills: 'Waiter / Waitress', radiusKm: 10, area: 'Chamberí, Madrid', availability: 'Mon-Fri 09:00-17:00', rate: 'EUR 12' }),
    );
  });

  it('when an employer types "por qué", then how matching works is explained', () => {
    const t = registeredEmployer('es');
    t.text('por qué');
    expect(t.lastBody()).toContain(render('es', 'why.employer'));
  });
});

describe('commands: moderated contacts', () => {
  it('when a suspended contact writes, then one notice comes and nothing else (no welcome, no effect)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, moderation: 'suspended' });
    t.text('hi');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.suspended') }]);
    expect(t.effects).toEqual([]);
    expect(t.state.flow).toBeNull();
  });

  it('when a suspended contact writes again within 10 minutes, then nothing comes; after 10 minutes the notice comes again', () => {
    const t = chat({ waId: ENGLISH_WA_ID, moderation: 'suspended' });
    t.text('hi');
    t.advance(60 * 1000);
    t.text('hello?');
    expect(t.replies).toEqual([]);
    t.sticker();
    t.tap('cmd.menu');
    t.text('menu');
    expect(t.replies).toEqual([]);
    t.advance(10 * 60 * 1000);
    t.text('anyone?');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.suspended') }]);
    expect(t.effects).toEqual([]);
  });

  it('when a suspension has a reason, then the notice gives it', () => {
    const t = chat({ waId: ENGLISH_WA_ID, moderation: { status: 'suspended', reason: 'fake job posts' } });
    t.text('hi');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.suspended_reason', { reason: 'fake job posts' }) }]);
  });

  it('when a restricted registered worker writes, then the restricted notice for workers comes once and no menu', () => {
    const t = chat({ waId: SPANISH_WA_ID, state: registeredState('worker', 'es'), worker: aWorker(), moderation: { status: 'restricted', reason: 'spam' } });
    t.text('hola');
    expect(t.replies).toEqual([{ type: 'text', text: render('es', 'notice.restricted_worker') }]);
    t.text('pausa');
    expect(t.replies).toEqual([]);
    expect(t.effects).toEqual([]);
  });

  it('when a restricted contact asks "por qué", then the reason is given', () => {
    const t = chat({ waId: SPANISH_WA_ID, moderation: { status: 'restricted', reason: 'spam' } });
    t.text('por qué');
    expect(t.lastBody()).toContain(render('es', 'why.restricted', { reason: 'spam' }));
  });

  it('when a suspended contact types "report", then the report still works', () => {
    const t = chat({ waId: ENGLISH_WA_ID, moderation: 'suspended' });
    t.text('hi');
    t.text('report');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'report.ask') }]);
    t.text('I was suspended by mistake');
    expect(t.lastEffects).toEqual([{ type: 'create_abuse_report', text: 'I was suspended by mistake' }]);
    expect(t.bodies()[0]).toBe(render('en', 'report.thanks'));
  });

  it('when a suspended contact types "denunciar", then the report works in Spanish too', () => {
    const t = chat({ waId: SPANISH_WA_ID, moderation: 'suspended' });
    t.text('denunciar');
    expect(stepName(t)).toBe('report/describe');
    t.text('Me han suspendido por error');
    expect(t.effectsOf('create_abuse_report')).toHaveLength(1);
  });

  it('when a suspended contact asks to delete their data, then it can be done', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: registeredState('worker', 'en'), worker: aWorker(), moderation: 'suspended' });
    t.text('delete my data');
    expect(stepName(t)).toBe('delete_data/confirm');
    t.tap('delete_data/confirm/delete');
    expect(t.effects).toEqual([{ type: 'delete_my_data' }]);
  });

  it('when a suspension reason is very long, then the notice is still within the limits', () => {
    const t = chat({ waId: ENGLISH_WA_ID, moderation: { status: 'suspended', reason: 'r'.repeat(5000) } });
    t.text('hi');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody().length).toBeLessThanOrEqual(4096);
  });

  it('when a contact is suspended in the middle of onboarding, then the position is left as it was', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    const before = t.state.flow;
    t.setContext({ moderation: { status: 'suspended', reason: null } });
    t.text('12');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.suspended') }]);
    expect(t.state.flow).toEqual(before);
  });
});

describe('commands: messages that get no reply', () => {
  it('when a system message or a reaction comes, then there is no reply, no effect and the position stays', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    const before = JSON.stringify(t.state);
    t.system();
    expect(t.replies).toEqual([]);
    expect(t.lastEffects).toEqual([]);
    t.reaction('👍');
    expect(t.replies).toEqual([]);
    t.reaction(null);
    expect(t.replies).toEqual([]);
    expect(JSON.stringify(t.state)).toBe(before);
    expect(t.effects.filter((e) => e.type !== 'set_preferences')).toEqual([]);
  });

  it('when the very first message is a reaction or a system message, then the welcome does not start', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.reaction();
    t.system('user_changed_number');
    expect(t.replies).toEqual([]);
    expect(t.state.flow ?? null).toBeNull();
  });

  it('when the menu list is sent, then it has at most ten rows with short titles', () => {
    const t = registeredEmployer('es');
    t.text('menú');
    const rows = rowsOf(t.lastReply());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(10);
    for (const row of rows) expect(row.title.length).toBeLessThanOrEqual(24);
  });
});

// ---- Regression tests for the review's changes (each one fails if the behaviour comes back). ----

const HOUR = 60 * 60 * 1000;
const summaryHeading = (locale: 'en' | 'es', who: 'worker' | 'employer') => render(locale, `${who}.summary`, { summary: 'x' }).split('\n')[0]!;

describe('commands: editing a saved profile is not onboarding (review item 2)', () => {
  it('when a saved worker opens the profile, goes to the menu and says "hi", then the menu comes, not a resume question', () => {
    const t = registeredWorker('en');
    t.text('profile');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    t.text('menu');
    expect(isMenu(t)).toBe(true);
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toBeNull();
    t.text('hi');
    expect(t.replies).toHaveLength(1);
    expect(isMenu(t)).toBe(true);
    expect(t.lastBody()).toBe(`${render('en', 'greeting.active', { firstName: 'Maria' })}\n${render('en', 'menu.body')}`);
    expect(t.buttonIds()).toEqual([]);
  });

  it('when a saved worker cancels a profile edit, then nothing is parked and "hi" later gives the menu', () => {
    const t = registeredWorker('en');
    t.text('profile');
    t.tap('worker_onboarding/summary/edit');
    t.pick('worker_onboarding/summary/field/rate');
    t.text('cancel');
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toBeNull();
    expect(isMenu(t)).toBe(true);
    // What was saved stays: the reply says so, not the onboarding's "your answers so far are kept".
    expect(t.lastBody()).toBe(`${render('en', 'profile.unchanged')}\n${render('en', 'menu.body')}`);
    expect(t.effects.filter((e) => e.type === 'save_worker_profile')).toEqual([]);
    t.text('hi');
    expect(isMenu(t)).toBe(true);
    expect(t.buttonIds()).not.toContain('resume/continue');
  });

  it('when a saved employer leaves a profile edit for 13 hours, then it is dropped: no "continue or start over", the message is read afresh', () => {
    const t = registeredEmployer('en');
    t.text('profile');
    t.tap('employer_onboarding/summary/edit');
    t.pick('employer_onboarding/summary/field/business_name');
    t.advance(13 * HOUR);
    t.text('hi');
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toBeNull();
    expect(t.buttonIds()).toEqual([]);
    expect(t.lastBody()).toBe(`${render('en', 'greeting.active', { firstName: 'Ana' })}\n${render('en', 'menu.body')}`);
    expect(t.effects).toEqual([]);
  });

  it('when a saved worker leaves a profile edit for 11 hours, then the answer is still taken', () => {
    const t = registeredWorker('en');
    t.text('profile');
    t.tap('worker_onboarding/summary/edit');
    t.pick('worker_onboarding/summary/field/rate');
    t.advance(11 * HOUR);
    t.text('14');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    expect(t.state.flow?.answers.minRate).toBe(14);
  });

  it('when "profile" is typed in the middle of onboarding, then it says the profile is being set up and asks the question again', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'rate');
    t.text('profile');
    expect(stepName(t)).toBe('worker_onboarding/rate');
    expect(t.replies).toHaveLength(1);
    expect(t.lastBody()).toBe(`${render('en', 'profile.in_progress')}\n${render('en', 'worker.ask_rate', { currency: 'EUR' })}`);
    expect(t.state.flow?.answers.name).toBe('Maria Lopez');
    expect(t.lastEffects).toEqual([]);
  });

  const statuses: [string, () => Transcript, 'worker' | 'employer', 'status.active' | 'status.paused' | 'status.pending'][] = [
    ['an active worker', () => registeredWorker('en'), 'worker', 'status.active'],
    ['a paused worker', () => registeredWorker('en', aWorker({ paused: true })), 'worker', 'status.paused'],
    ['an active employer', () => registeredEmployer('en'), 'employer', 'status.active'],
    ['a pending employer', () => chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer({ status: 'pending' }) }), 'employer', 'status.pending'],
  ];
  for (const [who, make, role, status] of statuses) {
    it(`when ${who} opens the profile, then the summary is preceded by the status line "${status}"`, () => {
      const t = make();
      t.text('profile');
      expect(stepName(t)).toBe(`${role}_onboarding/summary`);
      expect(t.replies).toHaveLength(1);
      expect(t.lastBody().startsWith(`${render('en', 'profile.status', { status: render('en', status) })}\n${summaryHeading('en', role)}\n`)).toBe(true);
    });
  }
});

describe('commands: moderated contacts (review item 6)', () => {
  const suspendedWorker = () => chat({ waId: ENGLISH_WA_ID, state: registeredState('worker', 'en'), worker: aWorker(), moderation: 'suspended' });

  it('when a suspended worker types "why", then the moderated explanation comes as plain text, with no list', () => {
    const t = suspendedWorker();
    t.text('why');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'why.moderated', { status: render('en', 'status.suspended') }) }]);
  });

  it('when a restricted contact with no reason given asks "por qué", then the moderated explanation names the status', () => {
    const t = chat({ waId: SPANISH_WA_ID, state: registeredState('worker', 'es'), worker: aWorker(), moderation: 'restricted' });
    t.text('por qué');
    expect(t.replies).toEqual([{ type: 'text', text: render('es', 'why.moderated', { status: render('es', 'status.restricted') }) }]);
  });

  it('when a restricted employer writes, then the restricted notice for employers comes (not the worker one)', () => {
    const t = chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer(), moderation: 'restricted' });
    t.text('hi');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.restricted') }]);
  });

  it('when a suspended worker types "stop" and "start", then each answer is plain text with its effect, and no menu', () => {
    const t = suspendedWorker();
    t.text('stop');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'stop.done') }]);
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: true }]);
    t.text('start');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'start.done') }]);
    expect(t.lastEffects).toEqual([{ type: 'set_preferences', optedOut: false }]);
  });

  for (const typed of ['menu', 'profile', 'privacy', 'help', 'pause']) {
    it(`when a suspended worker types "${typed}", then only the notice comes and nothing is run`, () => {
      const t = suspendedWorker();
      t.text(typed);
      expect(t.replies).toEqual([{ type: 'text', text: render('en', 'notice.suspended') }]);
      expect(t.state.flow).toBeNull();
      expect(t.effects).toEqual([]);
    });
  }

  it('when a contact suspended mid-onboarding files a report, then the thanks comes as plain text and the onboarding stays parked', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    driveWorkerTo(t, 'skill');
    t.text('report');
    t.setContext({ moderation: { status: 'suspended', reason: null } });
    t.text('Someone asked me to pay for a job');
    expect(t.lastEffects).toEqual([{ type: 'create_abuse_report', text: 'Someone asked me to pay for a job' }]);
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'report.thanks') }]);
    expect(t.state.flow).toBeNull();
    expect(t.state.parked).toMatchObject({ name: 'worker_onboarding', step: 'skill' });
  });

  it('when a suspended worker keeps their data at the delete confirmation, then "Nothing was deleted" comes alone, with no menu', () => {
    const t = suspendedWorker();
    t.text('delete my data');
    t.tap('delete_data/confirm/keep');
    expect(t.replies).toEqual([{ type: 'text', text: render('en', 'delete.kept') }]);
    expect(t.effects).toEqual([]);
  });
});

describe('commands: the menus and the privacy list (review item 10)', () => {
  it('when a worker opens the menu, then the rows are exactly: find jobs, my offers, profile, pause, language, help, why, report, privacy', () => {
    const t = registeredWorker('en');
    t.text('menu');
    expect(t.rowIds()).toEqual(['cmd.find_jobs', 'cmd.my_offers', 'cmd.profile', 'cmd.pause', 'cmd.language', 'cmd.help', 'cmd.why', 'cmd.report', 'cmd.privacy']);
    expect(t.rowTitles()).toEqual(['Find jobs', 'My offers', 'My profile', 'Pause offers', 'Language', 'Help', 'How matching works', 'Report a problem', 'Privacy and messages']);
  });

  it('when a paused worker opens the menu, then "Resume offers" takes the place of "Pause offers"', () => {
    const t = registeredWorker('en', aWorker({ paused: true }));
    t.text('menu');
    expect(t.rowIds()).toEqual(['cmd.find_jobs', 'cmd.my_offers', 'cmd.profile', 'cmd.resume', 'cmd.language', 'cmd.help', 'cmd.why', 'cmd.report', 'cmd.privacy']);
  });

  it('when an employer opens the menu, then the rows are exactly: post a job, my jobs, candidates, business, language, help, why, report, privacy', () => {
    const t = registeredEmployer('en');
    t.text('menu');
    expect(t.rowIds()).toEqual(['cmd.post_job', 'cmd.my_jobs', 'cmd.candidates', 'cmd.profile', 'cmd.language', 'cmd.help', 'cmd.why', 'cmd.report', 'cmd.privacy']);
    expect(t.rowTitles()).toEqual(['Post a job', 'My jobs', 'Candidates', 'My business', 'Language', 'Help', 'How matching works', 'Report a problem', 'Privacy and messages']);
  });

  const privacyWays: [string, (t: Transcript) => void][] = [
    ['"privacy" is typed', (t) => t.text('privacy')],
    ['"privacidad" is typed', (t) => t.text('privacidad')],
    ['"mis datos" is typed', (t) => t.text('mis datos')],
    ['the menu row is picked', (t) => t.pick('cmd.privacy')],
  ];
  for (const [how, open] of privacyWays) {
    it(`when ${how}, then a worker gets the privacy list: who has my number, export, delete, stop`, () => {
      const t = registeredWorker('en');
      open(t);
      expect(t.replies).toHaveLength(1);
      expect(t.lastReply()?.type).toBe('list');
      expect(t.lastBody()).toBe(render('en', 'privacy.body'));
      expect(t.rowIds()).toEqual(['cmd.who_has_my_number', 'cmd.export', 'cmd.delete', 'cmd.stop']);
      expect(t.rowTitles()).toEqual(['Who has my number', 'Export my data', 'Delete my data', 'Stop messages']);
      expect(t.effects).toEqual([]);
    });
  }

  it('when an employer opens the privacy list, then there is no "who has my number" row', () => {
    const t = registeredEmployer('es');
    t.text('privacidad');
    expect(t.lastBody()).toBe(render('es', 'privacy.body'));
    expect(t.rowIds()).toEqual(['cmd.export', 'cmd.delete', 'cmd.stop']);
  });

  it('when a worker who stopped messages opens the privacy list, then it offers to start them again', () => {
    const t = registeredWorker('en');
    t.text('stop');
    t.text('privacy');
    expect(t.rowIds()).toEqual(['cmd.who_has_my_number', 'cmd.export', 'cmd.delete', 'cmd.start']);
  });

  it('when the privacy list is opened mid-onboarding, then the question stays pending and a row answers, then asks it again', () => {
    const t = spanishAtSkill();
    t.text('mis datos');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.lastBody()).toBe(render('es', 'privacy.body'));
    t.pick('cmd.export');
    expect(t.lastBody()).toBe(`${render('es', 'coming_soon', { feature: render('es', 'feature.export') })}\n${skillQuestion('es')}`);
    expect(stepName(t)).toBe('worker_onboarding/skill');
  });
});

describe('commands: after a report (review item 11)', () => {
  it('when a registered worker with nothing pending files a report, then the thanks leads the menu', () => {
    const t = registeredWorker('en');
    t.text('report');
    t.text('The employer never showed up');
    expect(t.replies).toHaveLength(1);
    expect(isMenu(t)).toBe(true);
    expect(t.lastBody()).toBe(`${render('en', 'report.thanks')}\n${render('en', 'menu.body')}`);
  });

  it('when a newcomer files a report, then the thanks leads the welcome question', () => {
    const t = chat({ waId: ENGLISH_WA_ID });
    t.text('report');
    t.text('Someone asked me to pay for a job');
    expect(t.lastEffects).toEqual([{ type: 'create_abuse_report', text: 'Someone asked me to pay for a job' }]);
    expect(t.replies).toHaveLength(1);
    expect(stepName(t)).toBe('welcome/role');
    expect(t.lastBody()).toBe(`${render('en', 'report.thanks')}\n${render('en', 'welcome.ask_role')}`);
    expect(t.buttonIds()).toEqual(['welcome/role/worker', 'welcome/role/employer', 'welcome/role/other_language']);
  });

  it('when "hola" comes at the report question, then it is asked again and nothing is filed (review item 5)', () => {
    const t = registeredWorker('es');
    t.text('denunciar');
    t.text('hola');
    expect(t.replies).toEqual([{ type: 'text', text: render('es', 'report.ask') }]);
    expect(stepName(t)).toBe('report/describe');
    expect(t.state.flow?.tries).toBe(0);
    expect(t.effectsOf('create_abuse_report')).toEqual([]);
  });
});
