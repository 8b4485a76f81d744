// What the engine knows besides the state: read by the processor for each turn, never fetched by the engine.
import { z } from 'zod';
import { availabilitySchema } from '../answers/availability.js';
import type { MarketContext } from './market-view.js';

export const pointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type Point = z.infer<typeof pointSchema>;

/** A place as a person gave it: a pin, or a named area from data/areas.ts. */
export const placeSchema = pointSchema.extend({ label: z.string().max(200) });
export type Place = z.infer<typeof placeSchema>;

export const workerProfileSchema = z.object({
  name: z.string().min(1).max(60),
  skills: z.array(z.string()).min(1).max(5),
  availability: availabilitySchema,
  location: placeSchema,
  radiusKm: z.number().int().min(1).max(200),
  /** Minimum hourly rate in minor units (cents) of the currency. */
  minRateCents: z.number().int().min(0),
  currency: z.string().length(3),
  /** E.164: what an employer receives on unlock, with the worker's consent to share it then. */
  phone: z.string().regex(/^\+\d{6,15}$/),
  phoneShareConsentAt: z.string(),
});
export type WorkerProfile = z.infer<typeof workerProfileSchema>;

export const employerProfileSchema = z.object({
  businessName: z.string().min(1).max(80),
  contactName: z.string().min(1).max(60),
  businessType: z.string(),
  location: placeSchema,
});
export type EmployerProfile = z.infer<typeof employerProfileSchema>;

export const newJobSchema = z.object({
  code: z.string().regex(/^[A-Z2-9]{6}$/),
  title: z.string().min(3).max(80),
  skill: z.string(),
  localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  payCents: z.number().int().positive(),
  currency: z.string().length(3),
  headcount: z.number().int().min(1).max(50),
  location: placeSchema,
  description: z.string().max(500).nullable(),
});
export type NewJob = z.infer<typeof newJobSchema>;

export const employerStatusSchema = z.enum(['pending', 'active']);
export const moderationSchema = z.enum(['active', 'restricted', 'suspended']);

export interface EngineContext {
  now: Date;
  /** The contact whose message this is (their referral code names them in the links they share). */
  contactId: number;
  /** The phone number Meta sent for this contact (digits, no +), when it sent one. */
  waId: string | null;
  /** IANA zone the contact's dates and times are read in: from the number's country, else the default. */
  timeZone: string;
  moderation: { status: z.infer<typeof moderationSchema>; reason: string | null };
  worker: (WorkerProfile & { paused: boolean; offersPausedUntil?: string | null }) | null;
  employer: (EmployerProfile & { status: z.infer<typeof employerStatusSchema> }) | null;
  /** The employer's open jobs and the jobs they posted in the last 24 h (the posting caps). */
  jobs: { open: number; postedToday: number };
  /** The inbound message being handled: names what it makes (a job's code), so a retried turn makes the same. */
  messageId: string;
  settings: EngineSettings;
  /** Their offers, jobs and candidates, when a message of this turn needs them (market-context.ts); else null. */
  market: MarketContext | null;
}

export interface EngineSettings {
  privacyPolicyUrl: string;
  employerVerification: 'auto' | 'manual';
  currency: string;
  defaultTimeZone: string;
  displayPhoneNumber: string;
  maxOpenJobs: number;
  maxPostsPerDay: number;
  /** How long a worker's "interested" can be unlocked. */
  leadFreshHours: number;
}
