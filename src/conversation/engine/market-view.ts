// The marketplace as one contact's turn sees it: their offers (a worker), their jobs and candidates (an
// employer), and a job named by a share link. Read by the processor when a turn needs it (market-context.ts).

export type JobStatus = 'open' | 'filled' | 'cancelled' | 'expired';
export type OfferStatus = 'sent' | 'interested' | 'declined' | 'expired' | 'withdrawn' | 'closed';
export type LeadStatus = 'offered' | 'skipped' | 'unlocked' | 'withdrawn' | 'closed';

/** A job as a card shows it; times are local to the job ('HH:MM'), instants ISO. */
export interface JobCard {
  id: number;
  code: string;
  employerContactId: number;
  businessName: string;
  title: string;
  skill: string;
  localDate: string;
  from: string;
  to: string;
  startsAt: string;
  payCents: number;
  currency: string;
  headcount: number;
  areaLabel: string;
  description: string | null;
  status: JobStatus;
}

/** Why a worker fits a job, as data: the skill, and the worker's free hours that day. */
export interface Fit {
  skill: string;
  /** 0 = Monday. */
  day: number;
  from: string;
  to: string;
}

export interface OfferView {
  id: number;
  status: OfferStatus;
  source: 'match' | 'link';
  sentAt: string;
  expiresAt: string;
  distanceKm: number;
  fit: Fit | null;
  job: JobCard;
  /** The lead this offer became (the worker said yes). */
  lead: { id: number; status: LeadStatus; ratingAsked: boolean; rated: boolean } | null;
}

/** A worker as an employer's candidate card shows them: never their name or number before unlock. */
export interface CandidateView {
  initial: string;
  skills: string[];
  ratingCount: number;
  ratingSum: number;
  jobsDone: number;
  /** Their name, only once this employer has unlocked them. */
  name: string | null;
}

export interface LeadView {
  id: number;
  jobId: number;
  status: LeadStatus;
  interestedAt: string;
  priceCents: number;
  currency: string;
  distanceKm: number;
  fit: Fit | null;
  worker: CandidateView;
  ratingAsked: boolean;
  rated: boolean;
}

export interface EmployerJobView extends JobCard {
  /** Leads (workers who said yes), unlocked ones and offers still waiting for an answer. */
  interested: number;
  unlocked: number;
  waiting: number;
  closedReason: string | null;
  stillOpenAskedAt: string | null;
}

export interface MarketContext {
  offers: OfferView[];
  jobs: EmployerJobView[];
  leads: LeadView[];
  /** A job named by a share link ("JOB <code>") in this turn, or saved to show after onboarding. */
  linked: JobCard[];
}

export const emptyMarket = (): MarketContext => ({ offers: [], jobs: [], leads: [], linked: [] });
