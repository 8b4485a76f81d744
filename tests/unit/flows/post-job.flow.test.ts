import { describe, expect, it } from 'vitest';
import { render } from '../../../templates/index.js';
import { jobCode } from '../../../src/conversation/engine/post-job.js';
import { anEmployer, ENGLISH_WA_ID, limitCheckedTranscripts, registeredState, SPANISH_WA_ID, stepName, type Transcript } from '../../helpers/engine-transcript.js';

const chat = limitCheckedTranscripts();
const id = (step: string, what: string) => `post_job/${step}/${what}`;

function employer(locale: 'en' | 'es' = 'en', change: Parameters<typeof anEmployer>[0] = {}, jobs = { open: 0, postedToday: 0 }): Transcript {
  return chat({ waId: locale === 'es' ? SPANISH_WA_ID : ENGLISH_WA_ID, state: registeredState('employer', locale), employer: anEmployer(change), jobs });
}

describe('posting a job: the happy path', () => {
  it('when an active employer answers every question and taps Post job, then one create_job effect carries the shift in UTC and the share link comes back', () => {
    // DEFAULT_NOW is Fri 4 Dec 2026 10:00 UTC; the contact reads dates in Europe/Madrid (UTC+1 in December).
    const t = employer('en');
    t.text('post a job');
    expect(stepName(t)).toBe('post_job/title');
    t.text('Waiter for a busy lunch');
    expect(stepName(t)).toBe('post_job/skill');
    t.text('wiater');
    expect(stepName(t)).toBe('post_job/date');
    t.text('tomorrow');
    expect(t.lastBody()).toContain('Got it: Sat 5 Dec.');
    t.text('10-4pm');
    expect(t.lastBody()).toContain('Got it: 10:00-16:00.');
    t.text('14');
    t.tap(id('headcount', 'value/2'));
    t.tap(id('place', 'business'));
    t.tap(id('description', 'skip'));
    expect(stepName(t)).toBe('post_job/summary');
    expect(t.buttonIds()).toEqual([id('summary', 'confirm'), id('summary', 'edit')]);
    expect(t.lastReply()).toMatchObject({ buttons: [{ title: 'Post job' }, { title: 'Edit' }] });
    t.tap(id('summary', 'confirm'));

    const created = t.effects.filter((e) => e.type === 'create_job');
    expect(created).toHaveLength(1);
    const job = created[0]!.type === 'create_job' ? created[0]!.job : undefined;
    expect(job).toMatchObject({
      title: 'Waiter for a busy lunch',
      skill: 'waiter',
      localDate: '2026-12-05',
      timeZone: 'Europe/Madrid',
      startsAt: '2026-12-05T09:00:00.000Z',
      endsAt: '2026-12-05T15:00:00.000Z',
      payCents: 1400,
      currency: 'EUR',
      headcount: 2,
      location: anEmployer().location,
      description: null,
    });
    expect(job!.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(t.lastBody()).toBe(render('en', 'job.posted_share', { link: `https://wa.me/15550001111?text=JOB%20${job!.code}` }));
    expect(t.buttonIds()).toEqual(['cmd.post_job', 'cmd.menu']);
    expect(t.state.flow).toBeNull();
  });

  it('when a night shift crosses midnight at another place with a description, then it ends the next day there', () => {
    const t = employer('es');
    t.text('publicar trabajo');
    t.text('Camarero de noche');
    t.text('camarero');
    t.text('sáb');
    t.text('de 22 a 6');
    t.text('12,50');
    t.text('3');
    t.tap(id('place', 'other'));
    t.text('Chamberí');
    t.text('Traer camisa negra');
    t.tap(id('summary', 'confirm'));
    const effect = t.effects.find((e) => e.type === 'create_job');
    expect(effect?.type === 'create_job' && effect.job).toMatchObject({
      localDate: '2026-12-05',
      startsAt: '2026-12-05T21:00:00.000Z',
      endsAt: '2026-12-06T05:00:00.000Z',
      payCents: 1250,
      headcount: 3,
      location: { label: 'Chamberí, Madrid' },
      description: 'Traer camisa negra',
    });
  });

  it('when the same message is handled twice, then the job code is the same (a retried turn posts the same job)', () => {
    expect(jobCode('wamid.a')).toBe(jobCode('wamid.a'));
    expect(jobCode('wamid.a')).not.toBe(jobCode('wamid.b'));
  });
});

describe('posting a job: who may post', () => {
  it('when the employer is still pending verification, then they are told so and no question starts', () => {
    const t = employer('en', { status: 'pending' });
    t.text('post a job');
    expect(t.lastBody()).toContain(render('en', 'employer.pending', { businessName: anEmployer().businessName }));
    expect(t.state.flow).toBeNull();
  });

  it('when the employer has as many open jobs as allowed, or posted as many today, then the cap is said', () => {
    const open = employer('en', {}, { open: 10, postedToday: 0 });
    open.text('post a job');
    expect(open.lastBody()).toContain(render('en', 'job.cap_open', { max: 10 }));
    const today = employer('en', {}, { open: 1, postedToday: 5 });
    today.text('post a job');
    expect(today.lastBody()).toContain(render('en', 'job.cap_day', { max: 5 }));
    expect(today.state.flow).toBeNull();
  });

  it('when a worker or a restricted employer asks to post, then nothing starts', () => {
    const worker = chat({ waId: ENGLISH_WA_ID, state: registeredState('worker', 'en') });
    worker.text('post a job');
    expect(worker.state.flow).toBeNull();
    const restricted = chat({ waId: ENGLISH_WA_ID, state: registeredState('employer', 'en'), employer: anEmployer(), moderation: 'restricted' });
    restricted.text('post a job');
    expect(restricted.lastBody()).toBe(render('en', 'notice.restricted'));
    expect(restricted.effects).toEqual([]);
  });
});

describe('posting a job: wrong answers and the past', () => {
  it('when a date that has passed or a sticker comes, then the day is asked again with its hint', () => {
    const t = employer('en');
    t.text('post a job');
    t.text('Waiter');
    t.text('waiter');
    t.text('01/12/2026');
    expect(t.lastBody()).toContain(render('en', 'hint.date_past'));
    t.sticker();
    expect(t.lastBody()).toContain(render('en', 'hint.date'));
    expect(stepName(t)).toBe('post_job/date');
  });

  it('when today is picked with a start time already past, then confirming sends the employer back to the day', () => {
    const t = employer('en');
    t.text('post a job');
    t.text('Waiter');
    t.text('waiter');
    t.text('today');
    t.text('08:00-12:00'); // 08:00 in Madrid is 07:00 UTC, before DEFAULT_NOW (10:00 UTC)
    t.text('14');
    t.text('1');
    t.tap(id('place', 'business'));
    t.tap(id('description', 'skip'));
    t.tap(id('summary', 'confirm'));
    expect(t.effects.filter((e) => e.type === 'create_job')).toEqual([]);
    expect(stepName(t)).toBe('post_job/date');
    expect(t.lastBody()).toContain(render('en', 'job.in_past'));
  });
});
