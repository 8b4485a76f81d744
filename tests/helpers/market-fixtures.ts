// Builders of the marketplace a turn sees (context.market): jobs, offers, employer jobs and leads, with
// plain defaults around DEFAULT_NOW (Fri 4 Dec 2026 10:00 UTC) that a test overrides field by field.
import type { CandidateView, EmployerJobView, JobCard, LeadView, MarketContext, OfferView } from '../../src/conversation/engine/market-view.js';

/** The worker's contact id in these fixtures; employers are 2 (and others, when a test needs them). */
export const WORKER_ID = 1;
export const EMPLOYER_ID = 2;

/** Sat 5 Dec 2026, 10:00-16:00 in Madrid (UTC+1). */
export function aJob(change: Partial<JobCard> = {}): JobCard {
  return {
    id: 10,
    code: 'K7Q2XY',
    employerContactId: EMPLOYER_ID,
    businessName: 'Cafe Sol',
    title: 'Waiter for lunch',
    skill: 'waiter',
    localDate: '2026-12-05',
    from: '10:00',
    to: '16:00',
    startsAt: '2026-12-05T09:00:00.000Z',
    payCents: 1400,
    currency: 'EUR',
    headcount: 1,
    areaLabel: 'Centro, Madrid',
    description: null,
    status: 'open',
    ...change,
  };
}

/** A matched offer waiting for an answer until Fri 4 Dec 22:00 Madrid (21:00 UTC). */
export function anOffer(change: Partial<OfferView> = {}): OfferView {
  return {
    id: 100,
    status: 'sent',
    source: 'match',
    sentAt: '2026-12-04T09:00:00.000Z',
    expiresAt: '2026-12-04T21:00:00.000Z',
    distanceKm: 1.2,
    fit: { skill: 'waiter', day: 5, from: '09:00', to: '17:00' },
    job: aJob(),
    lead: null,
    ...change,
  };
}

/** An offer the worker said yes to: its lead is with the employer, not unlocked. */
export function anInterestedOffer(change: Partial<OfferView> = {}, lead: Partial<NonNullable<OfferView['lead']>> = {}): OfferView {
  return anOffer({ status: 'interested', lead: { id: 500, status: 'offered', ratingAsked: false, rated: false, ...lead }, ...change });
}

/** One of the employer's jobs, with its counts. */
export function anEmployerJob(change: Partial<EmployerJobView> = {}): EmployerJobView {
  return { ...aJob(), interested: 0, unlocked: 0, waiting: 3, closedReason: null, stillOpenAskedAt: null, ...change };
}

export function aCandidate(change: Partial<CandidateView> = {}): CandidateView {
  return { initial: 'M.', skills: ['waiter'], ratingCount: 0, ratingSum: 0, jobsDone: 0, name: null, ...change };
}

/** A worker who said yes an hour before DEFAULT_NOW: fresh for the default 48 h. */
export function aLead(change: Partial<LeadView> = {}): LeadView {
  return {
    id: 500,
    jobId: 10,
    status: 'offered',
    interestedAt: '2026-12-04T09:00:00.000Z',
    priceCents: 300,
    currency: 'EUR',
    distanceKm: 1.2,
    fit: { skill: 'waiter', day: 5, from: '09:00', to: '17:00' },
    worker: aCandidate(),
    ratingAsked: false,
    rated: false,
    ...change,
  };
}

export function aMarket(change: Partial<MarketContext> = {}): MarketContext {
  return { offers: [], jobs: [], leads: [], linked: [], ...change };
}
