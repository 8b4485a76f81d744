// The marketplace in the chat, through the engine alone (no database): offer cards, "my offers", share links,
// an employer's jobs and candidates, cancelling, "still open?" and ratings. The market each transcript sees is
// built with tests/helpers/market-fixtures.ts and changes as the processor would change it (applyToContext).
import { describe, expect, it } from 'vitest';
import { render, type TemplateParams } from '../../../templates/index.js';
import { marketActionOf, referralCode } from '../../../src/conversation/engine/market-actions.js';
import type { MarketContext } from '../../../src/conversation/engine/market-view.js';
import { leadCard, linkCard, offerCard, priceOf } from '../../../src/marketplace/cards.js';
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
import { EMPLOYER_ID, WORKER_ID, aCandidate, aJob, aLead, aMarket, anEmployerJob, anInterestedOffer, anOffer } from '../../helpers/market-fixtures.js';

const chat = limitCheckedTranscripts();
type Locale = 'en' | 'es';

/** A registered worker with a saved profile and nothing pending, who sees `market`. */
function worker(market: MarketContext, locale: Locale = 'en', options: TranscriptOptions = {}): Transcript {
  return chat({ waId: locale === 'es' ? SPANISH_WA_ID : ENGLISH_WA_ID, state: registeredState('worker', locale), worker: aWorker(), contactId: WORKER_ID, market, ...options });
}

/** A registered, active employer (Cafe Sol) with nothing pending, who sees `market`. */
function employer(market: MarketContext, locale: Locale = 'en', options: TranscriptOptions = {}): Transcript {
  return chat({ waId: locale === 'es' ? SPANISH_WA_ID : ENGLISH_WA_ID, state: registeredState('employer', locale), employer: anEmployer(), contactId: EMPLOYER_ID, market, ...options });
}

/** What the texts of the default job say ("Waiter for lunch" at Cafe Sol, Sat 5 Dec, answer by Fri 4 Dec 22:00 Madrid). */
const DATE = { en: 'Sat 5 Dec', es: 'sáb 5 dic' } as const;
const DEADLINE = { en: 'Fri 4 Dec, 22:00', es: 'vie 4 dic, 22:00' } as const;
const offerText = (locale: Locale, extra: TemplateParams = {}) => ({ title: 'Waiter for lunch', businessName: 'Cafe Sol', date: DATE[locale], deadline: DEADLINE[locale], ...extra });
const jobText = (locale: Locale = 'en') => ({ title: 'Waiter for lunch', date: DATE[locale] });

const isMenu = (t: Transcript) => t.lastReply()?.type === 'list' && t.rowIds().length > 0 && t.rowIds().every((r) => r.startsWith('cmd.'));
/** The row descriptions of the last reply (a list). */
const descriptions = (t: Transcript) => rowsOf(t.lastReply()).map((r) => r.description);
const reply = (id: string) => ({ kind: 'reply' as const, id, title: id });

// ------------------------------------------------------------------------------------------------ offer cards

describe('offer cards: a worker answers', () => {
  it('when a worker taps Interested on a waiting offer, then one answer_offer effect says interested and the employer is said to be told', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer: 'interested' }]);
    expect(t.lastBody()).toBe(render('en', 'offer.interested', offerText('en')));
  });

  it('when a Spanish worker taps Interested, then the answer comes in Spanish', () => {
    const t = worker(aMarket({ offers: [anOffer()] }), 'es');
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer: 'interested' }]);
    expect(t.lastBody()).toBe(render('es', 'offer.interested', offerText('es')));
  });

  it('when Interested is tapped twice, then the second says they already said yes, offers Withdraw and makes no new effect', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/100/yes');
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'offer.already_interested', offerText('en')));
    expect(t.buttonIds()).toEqual(['offer/100/withdraw', 'cmd.menu']);
    expect(t.effectsOf('answer_offer')).toHaveLength(1);
  });

  it('when Withdraw is tapped after saying yes, then the interest is withdrawn', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/100/yes');
    t.tap('offer/100/yes');
    t.tap('offer/100/withdraw');
    expect(t.lastEffects).toEqual([{ type: 'withdraw_interest', offerId: 100 }]);
    expect(t.lastBody()).toBe(render('en', 'offer.withdrawn', offerText('en')));
  });

  it('when Not for me is tapped on a waiting offer, then it is declined', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/100/no');
    expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer: 'declined' }]);
    expect(t.lastBody()).toBe(render('en', 'offer.declined'));
  });

  it('when Not for me is tapped on an offer already said yes to, then the interest is withdrawn', () => {
    const t = worker(aMarket({ offers: [anInterestedOffer()] }));
    t.tap('offer/100/no');
    expect(t.lastEffects).toEqual([{ type: 'withdraw_interest', offerId: 100 }]);
    expect(t.lastBody()).toBe(render('en', 'offer.withdrawn', offerText('en')));
  });

  for (const verb of ['no', 'withdraw', 'yes']) {
    it(`when "${verb}" is tapped on an offer whose lead the employer unlocked, then nothing changes and they are told the employer has their contact`, () => {
      const t = worker(aMarket({ offers: [anInterestedOffer({}, { status: 'unlocked' })] }));
      t.tap(`offer/100/${verb}`);
      expect(t.lastEffects).toEqual([]);
      expect(t.lastBody()).toBe(render('en', 'offer.unlocked_already', offerText('en')));
      expect(t.buttonIds()).toEqual(['cmd.menu']);
    });
  }

  it('when Interested is tapped after the offer expired, then it says when it expired and makes no effect', () => {
    const t = worker(aMarket({ offers: [anOffer({ expiresAt: '2026-12-04T09:30:00.000Z' })] }));
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'offer.expired', offerText('en', { deadline: 'Fri 4 Dec, 10:30' })));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a Spanish worker taps Interested on an expired offer, then it says so in Spanish', () => {
    const t = worker(aMarket({ offers: [anOffer({ expiresAt: '2026-12-04T09:30:00.000Z' })] }), 'es');
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('es', 'offer.expired', offerText('es', { deadline: 'vie 4 dic, 10:30' })));
  });

  for (const status of ['filled', 'cancelled', 'expired'] as const) {
    it(`when Interested is tapped on an offer whose job is ${status}, then it says the job is no longer open and makes no effect`, () => {
      const t = worker(aMarket({ offers: [anOffer({ job: aJob({ status }) })] }));
      t.tap('offer/100/yes');
      expect(t.lastEffects).toEqual([]);
      expect(t.lastBody()).toBe(render('en', 'offer.job_closed', offerText('en')));
      expect(t.buttonIds()).toEqual(['cmd.menu']);
    });
  }

  it('when an offer id the market does not have is tapped, then it says the offer is not found', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/999/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'offer.not_found'));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it("when Share is tapped, then the reply carries a wa.me link with the job's code and the worker's referral code", () => {
    const t = worker(aMarket({ offers: [anOffer()] }), 'en', { contactId: 1234 });
    t.tap('offer/100/share');
    const link = `https://wa.me/15550001111?text=JOB%20K7Q2XY%20R${referralCode(1234)}`;
    expect(referralCode(1234)).toBe('BJ4');
    expect(t.lastBody()).toBe(render('en', 'offer.share', offerText('en', { link })));
    expect(t.lastEffects).toEqual([]);
  });

  it('when Share is tapped on an open job while no display number is set, then the worker is not told the job is closed', () => {
    // BUG: answerOffer('share') answers offer.job_closed when settings.displayPhoneNumber is empty.
    const t = worker(aMarket({ offers: [anOffer()] }), 'en', { settings: { displayPhoneNumber: '' } });
    t.tap('offer/100/share');
    expect(t.lastBody()).not.toBe(render('en', 'offer.job_closed', offerText('en')));
  });

  it('when show is tapped on a waiting offer, then the offer card comes again with Interested, Not for me and Share', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.tap('offer/100/show');
    expect(t.buttonIds()).toEqual(['offer/100/yes', 'offer/100/no', 'offer/100/share']);
    expect(t.lastBody()).toContain('Waiter for lunch - Cafe Sol');
    expect(t.lastBody()).toContain(`Please answer by ${DEADLINE.en}.`);
    expect(t.lastReply()).toEqual(offerCard('en', { id: 100, distanceKm: 1.2, fit: anOffer().fit, expiresAt: new Date(anOffer().expiresAt) }, aJob(), 'Europe/Madrid'));
    expect(t.lastEffects).toEqual([]);
  });

  it('when show is tapped on an offer said yes to, then it says so with Withdraw', () => {
    const t = worker(aMarket({ offers: [anInterestedOffer()] }));
    t.tap('offer/100/show');
    expect(t.lastBody()).toBe(render('en', 'offer.already_interested', offerText('en')));
    expect(t.buttonIds()).toEqual(['offer/100/withdraw', 'cmd.menu']);
  });

  it('when show is tapped on an offer the clock has expired, then it says it expired rather than sending the card again', () => {
    // BUG: showOffer only checks the deadline of offers still 'sent'; an 'expired' (or 'declined') one past its
    // deadline gets the full card again, with Interested / Not for me and "please answer by" a past time.
    const t = worker(aMarket({ offers: [anOffer({ status: 'expired', expiresAt: '2026-12-04T09:30:00.000Z' })] }));
    t.tap('offer/100/show');
    expect(t.lastBody()).toBe(render('en', 'offer.expired', offerText('en', { deadline: 'Fri 4 Dec, 10:30' })));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });
});

// ------------------------------------------------------------------------------------------------ typed answers

describe('a typed yes or no with no question pending', () => {
  const typed: [string, Locale, 'interested' | 'declined'][] = [
    ['yes', 'en', 'interested'],
    ['si', 'es', 'interested'],
    ['Sí', 'es', 'interested'],
    ['no', 'en', 'declined'],
    ['No gracias', 'es', 'declined'],
  ];
  for (const [text, locale, answer] of typed) {
    it(`when "${text}" is typed with exactly one offer waiting, then it answers that offer (${answer})`, () => {
      const t = worker(aMarket({ offers: [anOffer(), anInterestedOffer({ id: 101 }), anOffer({ id: 102, status: 'declined' })] }), locale);
      t.text(text);
      expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer }]);
      expect(t.lastBody()).toBe(render(locale, answer === 'interested' ? 'offer.interested' : 'offer.declined', offerText(locale)));
    });
  }

  it('when the Interested button\'s own words "I\'m interested" are typed with one offer waiting, then it answers that offer', () => {
    // BUG: typedAnswerOf normalises "I'm" to "i m", and YES holds "im interested" (never reached with an apostrophe).
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.text("I'm interested");
    expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer: 'interested' }]);
  });

  it('when "yes" is typed with two offers waiting, then no offer is answered and the menu comes instead', () => {
    const t = worker(aMarket({ offers: [anOffer(), anOffer({ id: 101, job: aJob({ id: 11, code: 'M3N4P5' }) })] }));
    t.text('yes');
    expect(t.lastEffects).toEqual([]);
    expect(isMenu(t)).toBe(true);
    expect(t.lastBody()).toContain(render('en', 'unknown.active'));
  });

  it('when "si" is typed with the only offer expired, then nothing is answered and the menu comes', () => {
    const t = worker(aMarket({ offers: [anOffer({ expiresAt: '2026-12-04T09:00:00.000Z' })] }), 'es');
    t.text('si');
    expect(t.lastEffects).toEqual([]);
    expect(isMenu(t)).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------ my offers

describe('"my offers" and "find jobs"', () => {
  const mixed = () =>
    aMarket({
      offers: [
        anOffer({ id: 101 }),
        anInterestedOffer({ id: 102, job: aJob({ id: 12, title: 'Barista' }) }),
        anOffer({ id: 103, expiresAt: '2026-12-04T09:00:00.000Z' }),
        anOffer({ id: 104, status: 'declined' }),
        anOffer({ id: 105, job: aJob({ id: 15, status: 'filled' }) }),
        anInterestedOffer({ id: 106, job: aJob({ id: 16, status: 'cancelled' }) }),
        anOffer({ id: 107, status: 'withdrawn' }),
      ],
    });

  it('when a worker types "my offers", then only waiting and said-yes offers of open jobs are listed, as show rows', () => {
    const t = worker(mixed());
    t.text('my offers');
    expect(t.lastBody()).toBe(render('en', 'offers.list'));
    expect(t.rowIds()).toEqual(['offer/101/show', 'offer/102/show']);
    expect(t.rowTitles()).toEqual(['Waiter for lunch', 'Barista']);
    expect(descriptions(t)).toEqual(['Sat 5 Dec 10:00-16:00 - waiting for your answer', 'Sat 5 Dec 10:00-16:00 - you said yes']);
    expect(t.lastEffects).toEqual([]);
  });

  it('when a Spanish worker types "mis ofertas", then the list comes in Spanish', () => {
    const t = worker(mixed(), 'es');
    t.text('mis ofertas');
    expect(t.lastBody()).toBe(render('es', 'offers.list'));
    expect(t.rowIds()).toEqual(['offer/101/show', 'offer/102/show']);
  });

  it('when a worker has twelve waiting offers, then ten are listed', () => {
    const offers = Array.from({ length: 12 }, (_, i) => anOffer({ id: 200 + i }));
    const t = worker(aMarket({ offers }));
    t.text('my offers');
    expect(t.rowIds()).toEqual(offers.slice(0, 10).map((o) => `offer/${o.id}/show`));
  });

  it('when a worker has no open offers, then offers.none comes with a Menu button', () => {
    const t = worker(aMarket({ offers: [anOffer({ status: 'declined' })] }));
    t.text('my offers');
    expect(t.lastBody()).toBe(render('en', 'offers.none'));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a paused worker types "my offers", then the paused note comes first', () => {
    const t = worker(mixed(), 'en', { worker: aWorker({ paused: true }) });
    t.text('my offers');
    expect(t.lastBody()).toBe(`${render('en', 'offers.paused_note')}\n${render('en', 'offers.list')}`);
    expect(t.rowIds()).toEqual(['offer/101/show', 'offer/102/show']);
  });

  it('when a paused worker with no offers types "my offers", then the paused note and offers.none come', () => {
    const t = worker(aMarket(), 'en', { worker: aWorker({ paused: true }) });
    t.text('my offers');
    expect(t.lastBody()).toBe(`${render('en', 'offers.paused_note')}\n${render('en', 'offers.none')}`);
  });

  it('when a worker types "find jobs", then it leads with offers.come_to_you before the list', () => {
    const t = worker(mixed());
    t.text('find jobs');
    expect(t.lastBody()).toBe(`${render('en', 'offers.come_to_you')}\n${render('en', 'offers.list')}`);
    expect(t.rowIds()).toEqual(['offer/101/show', 'offer/102/show']);
  });

  it('when a Spanish worker with no offers types "buscar trabajos", then come_to_you and none come in Spanish', () => {
    const t = worker(aMarket(), 'es');
    t.text('buscar trabajos');
    expect(t.lastBody()).toBe(`${render('es', 'offers.come_to_you')}\n${render('es', 'offers.none')}`);
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a row of "my offers" is picked, then that offer card comes', () => {
    const t = worker(mixed());
    t.text('my offers');
    t.pick('offer/101/show');
    expect(t.buttonIds()).toEqual(['offer/101/yes', 'offer/101/no', 'offer/101/share']);
  });

  it('when an employer types "my offers", then they are told it is for workers', () => {
    const t = employer(aMarket());
    t.text('my offers');
    expect(t.lastBody()).toBe(`${render('en', 'only.workers')}\n${render('en', 'menu.body')}`);
    expect(isMenu(t)).toBe(true);
  });

  it('when a worker whose offers are paused after a no-show types "why", then they are told until when', () => {
    const t = worker(aMarket(), 'en', { worker: aWorker({ offersPausedUntil: '2026-12-11T10:00:00.000Z' }) });
    t.text('why');
    expect(t.lastBody()).toContain(render('en', 'why.offers_paused', { until: 'Fri 11 Dec, 11:00' }));
  });
});

// ------------------------------------------------------------------------------------------------ pending questions

describe('a card tapped while a question is pending', () => {
  it('when a worker editing their profile taps Interested, then the offer is answered and the summary is asked again', () => {
    const t = worker(aMarket({ offers: [anOffer()] }));
    t.text('profile');
    expect(stepName(t)).toBe('worker_onboarding/summary');
    const summary = t.lastBody();
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([{ type: 'answer_offer', offerId: 100, answer: 'interested' }]);
    expect(t.replies).toHaveLength(2);
    expect(t.bodies()[0]).toBe(render('en', 'offer.interested', offerText('en')));
    expect(summary.endsWith(t.lastBody())).toBe(true);
    expect(stepName(t)).toBe('worker_onboarding/summary');
  });

  it('when a worker mid-onboarding types a share link, then the job is kept for after the profile and the question is asked again', () => {
    const t = chat({ waId: ENGLISH_WA_ID, market: aMarket({ linked: [aJob()] }) });
    driveWorkerTo(t, 'skill');
    t.text('JOB K7Q2XY');
    expect(stepName(t)).toBe('worker_onboarding/skill');
    expect(t.state.pendingJob).toEqual({ code: 'K7Q2XY', referrer: null });
    expect(t.lastBody().startsWith(render('en', 'link.after_profile', { title: 'Waiter for lunch' }))).toBe(true);
    expect(t.lastBody()).toContain(render('en', 'worker.ask_skill', { firstName: 'Maria' }));
  });
});

// ------------------------------------------------------------------------------------------------ employer jobs

describe('an employer\'s jobs', () => {
  const jobs = () => [
    anEmployerJob({ id: 11, title: 'Cook', status: 'cancelled' }),
    anEmployerJob({ id: 10, interested: 2 }),
    anEmployerJob({ id: 12, title: 'Cleaner', status: 'filled' }),
    anEmployerJob({ id: 13, title: 'Barista', code: 'M3N4P5' }),
  ];

  it('when an employer types "my jobs", then their jobs are listed open first as show rows', () => {
    const t = employer(aMarket({ jobs: jobs() }));
    t.text('my jobs');
    expect(t.lastBody()).toBe(render('en', 'jobs.list'));
    expect(t.rowIds()).toEqual(['job/10/show', 'job/13/show', 'job/11/show', 'job/12/show']);
    expect(t.rowTitles()).toEqual(['Waiter for lunch', 'Barista', 'Cook', 'Cleaner']);
    expect(descriptions(t)).toEqual([
      render('en', 'jobs.row', { date: DATE.en, times: '10:00-16:00', interested: 2 }),
      render('en', 'jobs.row', { date: DATE.en, times: '10:00-16:00', interested: 0 }),
      render('en', 'job.status_cancelled'),
      render('en', 'job.status_filled'),
    ]);
  });

  it('when a Spanish employer types "mis trabajos", then the list comes in Spanish', () => {
    const t = employer(aMarket({ jobs: jobs() }), 'es');
    t.text('mis trabajos');
    expect(t.lastBody()).toBe(render('es', 'jobs.list'));
    expect(t.rowIds()[0]).toBe('job/10/show');
  });

  it('when an employer with no jobs types "my jobs", then jobs.none comes with Post a job and Menu', () => {
    const t = employer(aMarket());
    t.text('my jobs');
    expect(t.lastBody()).toBe(render('en', 'jobs.none'));
    expect(t.buttonIds()).toEqual(['cmd.post_job', 'cmd.menu']);
  });

  it('when a worker types "my jobs", then they are told it is for businesses', () => {
    const t = worker(aMarket());
    t.text('my jobs');
    expect(t.lastBody()).toBe(`${render('en', 'only.employers')}\n${render('en', 'menu.body')}`);
  });

  const detail = (share: string, extra: TemplateParams = {}) =>
    render('en', 'job.detail', { ...jobText(), times: '10:00-16:00', pay: 'EUR 14', headcount: '1 worker', status: 'Open', interested: 2, unlocked: 1, waiting: 3, share, ...extra });

  it('when a job row is picked, then the detail comes with its share link and Candidates, Cancel job and Menu', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ interested: 2, unlocked: 1 })] }));
    t.pick('job/10/show');
    expect(t.lastBody()).toContain('Share: https://wa.me/15550001111?text=JOB%20K7Q2XY');
    expect(t.lastBody()).toBe(detail(render('en', 'job.detail_share', { link: 'https://wa.me/15550001111?text=JOB%20K7Q2XY' })));
    expect(t.buttonIds()).toEqual(['job/10/leads', 'job/10/cancel', 'cmd.menu']);
  });

  it('when no WhatsApp display number is set, then the job detail has no share link', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ interested: 2, unlocked: 1 })] }), 'en', { settings: { displayPhoneNumber: '' } });
    t.pick('job/10/show');
    expect(t.lastBody()).toBe(detail(''));
    expect(t.lastBody()).not.toContain('wa.me');
  });

  it('when a closed job is shown, then its status shows, with no share link and only Menu', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ status: 'filled', interested: 2, unlocked: 1 })] }));
    t.pick('job/10/show');
    expect(t.lastBody()).toBe(detail('', { status: 'Filled' }));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when Cancel job is tapped, then it asks to confirm, and Yes closes the job once', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ interested: 2 })] }));
    t.tap('job/10/cancel');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'job.cancel_confirm', jobText()));
    expect(t.buttonIds()).toEqual(['job/10/cancel_yes', 'job/10/show']);
    t.tap('job/10/cancel_yes');
    expect(t.lastEffects).toEqual([{ type: 'close_job', jobId: 10 }]);
    expect(t.lastBody()).toBe(render('en', 'job.cancelled_done', { ...jobText(), count: 2 }));
    t.tap('job/10/cancel_yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'job.not_open', jobText()));
  });

  it('when Keep it is tapped at the confirmation, then the job detail comes back and nothing closes', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()] }));
    t.tap('job/10/cancel');
    t.tap('job/10/show');
    expect(t.lastEffects).toEqual([]);
    expect(t.buttonIds()).toEqual(['job/10/leads', 'job/10/cancel', 'cmd.menu']);
  });

  it('when a Spanish employer cancels, then the confirmation comes in Spanish', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()] }), 'es');
    t.tap('job/10/cancel');
    expect(t.lastBody()).toBe(render('es', 'job.cancel_confirm', jobText('es')));
  });

  for (const verb of ['cancel', 'cancel_yes', 'keep', 'close']) {
    it(`when "${verb}" is tapped on a job that is no longer open, then it says so and makes no effect`, () => {
      const t = employer(aMarket({ jobs: [anEmployerJob({ status: 'expired' })] }));
      t.tap(`job/10/${verb}`);
      expect(t.lastEffects).toEqual([]);
      expect(t.lastBody()).toBe(render('en', 'job.not_open', jobText()));
    });
  }

  it('when "Yes, still open" is tapped, then the job is kept open', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ stillOpenAskedAt: '2026-12-03T10:00:00.000Z' })] }));
    t.tap('job/10/keep');
    expect(t.lastEffects).toEqual([{ type: 'keep_job_open', jobId: 10 }]);
    expect(t.lastBody()).toBe(render('en', 'job.kept', jobText()));
  });

  it('when "No, close it" is tapped, then the job is closed', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ stillOpenAskedAt: '2026-12-03T10:00:00.000Z' })] }));
    t.tap('job/10/close');
    expect(t.lastEffects).toEqual([{ type: 'close_job', jobId: 10 }]);
    expect(t.lastBody()).toBe(render('en', 'job.closed_done', jobText()));
  });

  it('when a job that is not theirs is tapped, then it says not found and makes no effect', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()] }));
    t.tap('job/77/cancel_yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'job.not_found'));
  });
});

// ------------------------------------------------------------------------------------------------ candidates

describe('candidates', () => {
  const leads = () => [
    aLead({ id: 500 }),
    aLead({ id: 501, status: 'skipped', distanceKm: 3.46, worker: aCandidate({ initial: 'J.', ratingCount: 2, ratingSum: 9, jobsDone: 2 }) }),
    aLead({ id: 502, status: 'unlocked', worker: aCandidate({ initial: 'L.', name: 'Lucia Perez' }) }),
    aLead({ id: 503, status: 'withdrawn', worker: aCandidate({ initial: 'P.' }) }),
    aLead({ id: 504, interestedAt: '2026-12-01T09:00:00.000Z', worker: aCandidate({ initial: 'R.' }) }),
  ];

  it('when an employer with one open job types "candidates", then its unlockable and unlocked leads are listed by initial', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.text('candidates');
    expect(t.lastBody()).toBe(render('en', 'candidates.list', { title: 'Waiter for lunch' }));
    expect(t.rowIds()).toEqual(['lead/500/show', 'lead/501/show', 'lead/502/show']);
    expect(t.rowTitles()).toEqual(['M. - 1.2 km', 'J. - 3.5 km', 'Lucia Perez - 1.2 km']);
    expect(descriptions(t)).toEqual(['new', '4.5 stars', 'new']);
  });

  it('when a Spanish employer types "candidatos", then the list comes in Spanish with Spanish distances', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: [aLead()] }), 'es');
    t.text('candidatos');
    expect(t.lastBody()).toBe(render('es', 'candidates.list', { title: 'Waiter for lunch' }));
    expect(t.rowTitles()).toEqual(['M. - 1,2 km']);
  });

  it('when several open jobs have candidates, then it asks which job, and picking one lists its candidates', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob(), anEmployerJob({ id: 13, title: 'Barista', code: 'M3N4P5' })], leads: [aLead(), aLead({ id: 510, jobId: 13 })] }));
    t.text('candidates');
    expect(t.lastBody()).toBe(render('en', 'candidates.pick_job'));
    expect(t.rowIds()).toEqual(['job/10/leads', 'job/13/leads']);
    t.pick('job/13/leads');
    expect(t.lastBody()).toBe(render('en', 'candidates.list', { title: 'Barista' }));
    expect(t.rowIds()).toEqual(['lead/510/show']);
  });

  it('when only one of two open jobs has candidates still to unlock, then its candidates are listed straight away', () => {
    // BUG: listCandidates counts a job as having candidates when its only leads are expired (or closed), so it
    // asks "Which job?" and offers a job whose list then says there are none.
    const t = employer(
      aMarket({
        jobs: [anEmployerJob(), anEmployerJob({ id: 13, title: 'Barista', code: 'M3N4P5' })],
        leads: [aLead({ interestedAt: '2026-12-01T09:00:00.000Z' }), aLead({ id: 510, jobId: 13 })],
      }),
    );
    t.text('candidates');
    expect(t.lastBody()).toBe(render('en', 'candidates.list', { title: 'Barista' }));
    expect(t.rowIds()).toEqual(['lead/510/show']);
  });

  it('when the one open job has no candidates, then candidates.none comes', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()] }));
    t.text('candidates');
    expect(t.lastBody()).toBe(render('en', 'candidates.none', { title: 'Waiter for lunch' }));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a candidate row is picked, then the candidate card comes again with Unlock and Skip', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.pick('lead/500/show');
    expect(t.lastReply()).toEqual(leadCard('en', aLead(), aJob(), true));
    expect(t.lastBody().startsWith(`Candidate for "Waiter for lunch" (${DATE.en})\nM. - `)).toBe(true);
    expect(t.lastBody()).not.toContain('Maria');
    expect(t.buttonIds()).toEqual(['lead/500/unlock', 'lead/500/skip']);
  });

  it('when Skip is tapped, then skip_lead is the effect, and a second Skip changes nothing more', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.tap('lead/500/skip');
    expect(t.lastEffects).toEqual([{ type: 'skip_lead', leadId: 500 }]);
    expect(t.lastBody()).toBe(render('en', 'lead.skipped', { initial: 'M.' }));
    t.tap('lead/500/skip');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'lead.skipped', { initial: 'M.' }));
  });

  it('when Unlock is tapped, then it says payments are not set up, until when the lead stays, and makes no effect', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.tap('lead/500/unlock');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'lead.unlock_unavailable', { initial: 'M.', until: 'Sun 6 Dec, 10:00', price: priceOf(300, 'EUR', 'en') }));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a Spanish employer taps Unlock, then the answer comes in Spanish', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }), 'es');
    t.tap('lead/500/unlock');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('es', 'lead.unlock_unavailable', { initial: 'M.', until: 'dom 6 dic, 10:00', price: priceOf(300, 'EUR', 'es') }));
  });

  it('when a lead said yes longer ago than leadFreshHours, then it says the interest expired', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: [aLead({ interestedAt: '2026-12-03T09:00:00.000Z' })] }), 'en', { settings: { leadFreshHours: 24 } });
    for (const verb of ['show', 'unlock', 'skip']) {
      t.tap(`lead/500/${verb}`);
      expect(t.lastEffects).toEqual([]);
      expect(t.lastBody()).toBe(render('en', 'lead.expired', { hours: 24 }));
    }
  });

  it('when a withdrawn lead is tapped, then it says the candidate is no longer available', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.tap('lead/503/unlock');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'lead.withdrawn', { title: 'Waiter for lunch' }));
  });

  it("when a lead of a closed job is tapped, then it says the job's candidates can no longer be unlocked", () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ status: 'cancelled' })], leads: [aLead()] }));
    t.tap('lead/500/show');
    expect(t.lastBody()).toBe(render('en', 'lead.job_closed', { title: 'Waiter for lunch' }));
  });

  it('when an unknown lead is tapped, then it says not found', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], leads: leads() }));
    t.tap('lead/999/show');
    expect(t.lastBody()).toBe(render('en', 'lead.not_found'));
    expect(t.lastEffects).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ ratings

describe('ratings after a shift', () => {
  const unlocked = (change: Parameters<typeof aLead>[0] = {}) => aLead({ status: 'unlocked', ratingAsked: true, worker: aCandidate({ initial: 'L.', name: 'Lucia Perez' }), ...change });
  const rated = (lead = unlocked()) => employer(aMarket({ jobs: [anEmployerJob({ status: 'expired' })], leads: [lead] }));

  it('when the employer taps Rate on an unlocked lead they were asked about, then a list with 5 to 1 stars and a no-show comes', () => {
    const t = rated();
    t.tap('rate/500/ask');
    expect(t.lastBody()).toBe(render('en', 'rate.ask_worker', { name: 'Lucia Perez', ...jobText() }));
    expect(t.rowIds()).toEqual(['rate/500/5', 'rate/500/4', 'rate/500/3', 'rate/500/2', 'rate/500/1', 'rate/500/no_show']);
    expect(t.lastEffects).toEqual([]);
  });

  it('when 4 stars are picked, then a rate effect of the worker comes with thanks, and a second rating is already done', () => {
    const t = rated();
    t.pick('rate/500/4');
    expect(t.lastEffects).toEqual([{ type: 'rate', leadId: 500, direction: 'of_worker', stars: 4, noShow: false }]);
    expect(t.lastBody()).toBe(render('en', 'rate.thanks'));
    t.pick('rate/500/5');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'rate.already'));
  });

  it('when "Did not show up" is picked, then the rate effect is a no-show with no stars', () => {
    const t = rated();
    t.pick('rate/500/no_show');
    expect(t.lastEffects).toEqual([{ type: 'rate', leadId: 500, direction: 'of_worker', stars: null, noShow: true }]);
    expect(t.lastBody()).toBe(render('en', 'rate.no_show_noted'));
  });

  it('when a Spanish employer rates, then the thanks come in Spanish', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob({ status: 'expired' })], leads: [unlocked()] }), 'es');
    t.pick('rate/500/5');
    expect(t.lastEffects).toEqual([{ type: 'rate', leadId: 500, direction: 'of_worker', stars: 5, noShow: false }]);
    expect(t.lastBody()).toBe(render('es', 'rate.thanks'));
  });

  it('when a lead already rated is rated again, then it says already and makes no effect', () => {
    const t = rated(unlocked({ rated: true }));
    t.tap('rate/500/ask');
    expect(t.lastBody()).toBe(render('en', 'rate.already'));
    t.pick('rate/500/3');
    expect(t.lastEffects).toEqual([]);
  });

  it('when a lead not asked about yet is rated, then it says not yet', () => {
    const t = rated(unlocked({ ratingAsked: false }));
    t.pick('rate/500/3');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'rate.not_yet'));
  });

  it('when a lead that was never unlocked is rated, then it says not found', () => {
    const t = rated(aLead({ ratingAsked: true }));
    t.pick('rate/500/3');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'rate.not_found'));
  });

  const workerRating = (lead: Partial<NonNullable<ReturnType<typeof anOffer>['lead']>> = {}, locale: Locale = 'en') =>
    worker(aMarket({ offers: [anInterestedOffer({ job: aJob({ status: 'expired' }) }, { id: 600, status: 'unlocked', ratingAsked: true, ...lead })] }), locale);

  it('when the worker taps Rate, then a list of 5 to 1 stars comes, with no no-show', () => {
    const t = workerRating();
    t.tap('ratee/600/ask');
    expect(t.lastBody()).toBe(render('en', 'rate.ask_employer', { businessName: 'Cafe Sol', ...jobText() }));
    expect(t.rowIds()).toEqual(['ratee/600/5', 'ratee/600/4', 'ratee/600/3', 'ratee/600/2', 'ratee/600/1']);
  });

  it('when the worker picks 5 stars, then a rate effect of the employer comes, and a second rating is already done', () => {
    const t = workerRating();
    t.pick('ratee/600/5');
    expect(t.lastEffects).toEqual([{ type: 'rate', leadId: 600, direction: 'of_employer', stars: 5, noShow: false }]);
    expect(t.lastBody()).toBe(render('en', 'rate.thanks'));
    t.pick('ratee/600/4');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'rate.already'));
  });

  it('when a Spanish worker rates before being asked, then it says not yet in Spanish', () => {
    const t = workerRating({ ratingAsked: false }, 'es');
    t.pick('ratee/600/5');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('es', 'rate.not_yet'));
  });

  it('when a worker sends a no-show for an employer, then the id is not understood: no effect, the menu comes', () => {
    expect(marketActionOf(reply('ratee/600/no_show'))).toBeNull();
    const t = workerRating();
    t.pick('ratee/600/no_show');
    expect(t.lastEffects).toEqual([]);
    expect(isMenu(t)).toBe(true);
  });

  it('when a star count outside 1 to 5 is sent, then the id is not understood', () => {
    expect(marketActionOf(reply('rate/500/6'))).toBeNull();
    expect(marketActionOf(reply('rate/500/0'))).toBeNull();
    const t = rated();
    t.pick('rate/500/6');
    expect(t.lastEffects).toEqual([]);
    expect(isMenu(t)).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------ share links

describe('share links', () => {
  it('when a worker with a profile types "JOB <code>", then the link card comes and the referral is recorded', () => {
    const t = worker(aMarket({ linked: [aJob()] }));
    t.text('JOB K7Q2XY');
    expect(t.lastReply()).toEqual(linkCard('en', aJob()));
    expect(t.buttonIds()).toEqual(['link/10/yes', 'link/10/no']);
    expect(t.lastEffects).toEqual([{ type: 'record_referral', jobId: 10, referrerContactId: null }]);
  });

  it("when the link carries a worker's referral code, then the referral names that worker", () => {
    const t = worker(aMarket({ linked: [aJob()] }));
    t.text(`JOB K7Q2XY R${referralCode(77)}`);
    expect(t.lastEffects).toEqual([{ type: 'record_referral', jobId: 10, referrerContactId: 77 }]);
  });

  for (const typed of ['job k7q2xy', 'Job: K7Q2XY', ' JOB K7Q2XY. ']) {
    it(`when "${typed}" is typed, then it opens the same job`, () => {
      const t = worker(aMarket({ linked: [aJob()] }));
      t.text(typed);
      expect(t.buttonIds()).toEqual(['link/10/yes', 'link/10/no']);
    });
  }

  it('when a Spanish worker types "job k7q2xy", then the link card comes in Spanish', () => {
    const t = worker(aMarket({ linked: [aJob()] }), 'es');
    t.text('job k7q2xy');
    expect(t.lastReply()).toEqual(linkCard('es', aJob()));
  });

  it('when Interested is tapped on a link card, then answer_link says interested, and Not for me declines', () => {
    const t = worker(aMarket({ linked: [aJob()] }));
    t.text('JOB K7Q2XY');
    t.tap('link/10/yes');
    expect(t.lastEffects).toEqual([{ type: 'answer_link', jobId: 10, answer: 'interested', referrerContactId: null }]);
    expect(t.lastBody()).toBe(render('en', 'offer.interested', offerText('en')));

    const u = worker(aMarket({ linked: [aJob()] }));
    u.tap('link/10/no');
    expect(u.lastEffects).toEqual([{ type: 'answer_link', jobId: 10, answer: 'declined', referrerContactId: null }]);
    expect(u.lastBody()).toBe(render('en', 'offer.declined'));
  });

  it('when Interested is tapped twice on a link card, then every button the second answer sends can be tapped', () => {
    // BUG: marketAfter('answer_link') gives the made offer the id -jobId, and withdrawable() puts it in the
    // Withdraw button: "offer/-10/withdraw" does not parse (marketActionOf), so tapping it gets the menu.
    const t = worker(aMarket({ linked: [aJob()] }));
    t.tap('link/10/yes');
    t.tap('link/10/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.lastBody()).toBe(render('en', 'offer.already_interested', offerText('en')));
    for (const id of t.buttonIds()) expect(id.startsWith('cmd.') || marketActionOf(reply(id)) !== null, id).toBe(true);
  });

  it('when a worker who already has an offer for the job opens its link, then the offer card comes', () => {
    const t = worker(aMarket({ offers: [anOffer()], linked: [aJob()] }));
    t.text('JOB K7Q2XY');
    expect(t.buttonIds()).toEqual(['offer/100/yes', 'offer/100/no', 'offer/100/share']);
  });

  it('when the linked job is closed, then the worker is told it is no longer open', () => {
    const t = worker(aMarket({ linked: [aJob({ status: 'filled' })] }));
    t.text('JOB K7Q2XY');
    expect(t.lastBody()).toBe(render('en', 'offer.job_closed', { title: 'Waiter for lunch' }));
    expect(t.buttonIds()).toEqual(['cmd.menu']);
  });

  it('when a newcomer opens a share link, then the welcome starts with the job named, and the job is kept for after onboarding', () => {
    const t = chat({ waId: ENGLISH_WA_ID, market: aMarket({ linked: [aJob()] }) });
    t.text(`JOB K7Q2XY R${referralCode(77)}`);
    expect(stepName(t)).toBe('welcome/role');
    expect(t.state.pendingJob).toEqual({ code: 'K7Q2XY', referrer: 77 });
    expect(t.lastBody()).toBe(`${render('en', 'link.onboard_first', { title: 'Waiter for lunch', businessName: 'Cafe Sol' })}\n${render('en', 'welcome.ask_role')}`);
  });

  it('when a Spanish newcomer opens a share link, then the welcome comes in Spanish', () => {
    const t = chat({ waId: SPANISH_WA_ID, market: aMarket({ linked: [aJob()] }) });
    t.text('JOB K7Q2XY');
    expect(t.state.pendingJob).toEqual({ code: 'K7Q2XY', referrer: null });
    expect(t.lastBody().startsWith(render('es', 'link.onboard_first', { title: 'Waiter for lunch', businessName: 'Cafe Sol' }))).toBe(true);
  });

  it("when an employer opens their own job's link, then the job detail comes and no referral is recorded", () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()], linked: [aJob()] }));
    t.text('JOB K7Q2XY');
    expect(t.buttonIds()).toEqual(['job/10/leads', 'job/10/cancel', 'cmd.menu']);
    expect(t.lastBody()).toContain('Waiter for lunch');
    expect(t.lastEffects).toEqual([]);
  });

  it("when an employer opens another business's job link, then they are told it is for workers", () => {
    const t = employer(aMarket({ linked: [aJob({ employerContactId: 99 })] }));
    t.text('JOB K7Q2XY');
    expect(t.lastBody()).toBe(`${render('en', 'link.for_workers', { title: 'Waiter for lunch' })}\n${render('en', 'menu.body')}`);
    expect(t.lastEffects).toEqual([]);
  });

  it('when an unknown code is typed, then link.not_found comes with the menu', () => {
    const t = worker(aMarket());
    t.text('JOB ZZZZZZ');
    expect(t.lastBody()).toBe(`${render('en', 'link.not_found')}\n${render('en', 'menu.body')}`);
    expect(isMenu(t)).toBe(true);
    expect(t.lastEffects).toEqual([]);
  });

  it('when an employer types a job title that starts with "Trabajo" and a six-letter word, then it is taken as the title, not as a share link', () => {
    const t = employer(aMarket(), 'es');
    t.text('publicar trabajo');
    expect(stepName(t)).toBe('post_job/title');
    t.text('Trabajo cajera');
    expect(t.state.flow?.answers.title).toBe('Trabajo cajera');
    expect(stepName(t)).toBe('post_job/skill');
  });
});

describe('share links that name no job, or a closed one, or come before signing up', () => {
  it('when "JOB" and a code that names no job is typed at a pending question, then it is that question\'s answer', () => {
    const t = employer(aMarket(), 'en');
    t.text('post a job');
    expect(stepName(t)).toBe('post_job/title');
    // Six letters and digits of the code alphabet: it reads as a share code, but names no job.
    t.text('Job HQ2A24');
    expect(t.state.flow?.answers.title).toBe('Job HQ2A24');
    expect(stepName(t)).toBe('post_job/skill');
  });

  it('when a newcomer opens the link of a closed job, then they are told it is closed, get the welcome, and nothing waits for them', () => {
    const t = chat({ waId: ENGLISH_WA_ID, market: aMarket({ linked: [aJob({ status: 'cancelled' })] }) });
    t.text('JOB K7Q2XY');
    expect(t.lastBody()).toBe(`${render('en', 'offer.job_closed', { title: 'Waiter for lunch' })}\n${render('en', 'welcome.ask_role')}`);
    expect(t.state.pendingJob).toBeNull();
    expect(stepName(t)).toBe('welcome/role');
  });

  it('when a newcomer opens a link, then nothing about them is recorded before they agree: the referrer waits in the state', () => {
    const t = chat({ waId: ENGLISH_WA_ID, market: aMarket({ linked: [aJob()] }) });
    t.text(`JOB K7Q2XY R${referralCode(4321)}`);
    expect(t.effects).toEqual([]);
    expect(t.state.pendingJob).toEqual({ code: 'K7Q2XY', referrer: 4321 });
  });
});

// ------------------------------------------------------------------------------------------------ moderation

describe('moderated contacts and the marketplace', () => {
  for (const status of ['suspended', 'restricted'] as const) {
    it(`when a ${status} worker taps Interested, then only the moderation notice comes and no effect`, () => {
      const t = worker(aMarket({ offers: [anOffer()] }), 'en', { moderation: status });
      t.tap('offer/100/yes');
      expect(t.lastEffects).toEqual([]);
      expect(t.bodies()).toEqual([render('en', status === 'suspended' ? 'notice.suspended' : 'notice.restricted_worker')]);
    });
  }

  it('when a suspended worker taps again within minutes, then nothing at all comes', () => {
    const t = worker(aMarket({ offers: [anOffer()] }), 'en', { moderation: 'suspended' });
    t.tap('offer/100/yes');
    t.tap('offer/100/yes');
    expect(t.replies).toEqual([]);
    expect(t.effects).toEqual([]);
  });

  it('when a restricted employer taps Cancel job, then only the notice comes and no effect', () => {
    const t = employer(aMarket({ jobs: [anEmployerJob()] }), 'en', { moderation: 'restricted' });
    t.tap('job/10/cancel_yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.bodies()).toEqual([render('en', 'notice.restricted')]);
  });

  it('when a suspended worker writing an appeal ("report") taps Interested on an old offer, then no effect is made', () => {
    // BUG: runEngine lets any non-command message through while a moderated contact is in an allowed flow
    // (report, delete_data, language), and Engine.handle routes market taps before the flow: the offer is answered.
    const t = worker(aMarket({ offers: [anOffer()] }), 'en', { moderation: 'suspended' });
    t.text('report');
    expect(stepName(t)).toBe('report/describe');
    t.tap('offer/100/yes');
    expect(t.lastEffects).toEqual([]);
    expect(t.effectsOf('answer_offer')).toEqual([]);
  });
});
