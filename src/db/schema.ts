// The drizzle schema: the source of the SQL migrations in src/db/migrations (npm run db:generate).
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** A background job that failed for the last time: kept for an operator to inspect or replay. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    queue: text('queue').notNull(),
    jobId: text('job_id').notNull(),
    data: jsonb('data').notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('dead_letters_queue_failed_at_idx').on(table.queue, table.failedAt)],
);

/** A business phone number we send from; the sender pauses it on a spam or policy block. */
export const businessNumbers = pgTable('business_numbers', {
  phoneNumberId: text('phone_number_id').primaryKey(),
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  pauseReason: text('pause_reason'),
});

/**
 * A WhatsApp user as one business number sees them: keyed by the business-scoped user id when Meta
 * gives one, else by the phone number (wa_id). Either can be missing, never both.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phoneNumberId: text('phone_number_id').notNull(),
    userId: text('user_id'),
    waId: text('wa_id'),
    /** Set when this contact changed number and a newer contact row carries on for them. */
    supersededBy: bigint('superseded_by', { mode: 'number' }),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    /** Meta answered 131047 (re-engagement required): free-form text waits for a new inbound message. */
    needsTemplate: boolean('needs_template').notNull().default(false),
    /** When a re-engagement template last went out: one per closed window, the rest of the queue waits. */
    reengagedAt: timestamp('reengaged_at', { withTimezone: true }),
    /** Per-recipient pacing: a token bucket (bursts allowed, then about one message per 6 s). */
    sendTokens: doublePrecision('send_tokens').notNull().default(5),
    sendTokensAt: timestamp('send_tokens_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** The conversation's choices, mirrored here for the rest of the product to query (the state is the engine's). */
    locale: text('locale'),
    role: text('role', { enum: ['worker', 'employer'] }),
    consent: text('consent', { enum: ['given', 'declined'] }),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    /** "stop": nothing we start (offers, reminders) goes to this contact; replies still do. */
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    /** Set by admins: a suspended contact can do nothing; a restricted one cannot post jobs or buy leads. */
    moderation: text('moderation', { enum: ['active', 'restricted', 'suspended'] }).notNull().default('active'),
    moderationReason: text('moderation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    uniqueIndex('contacts_number_user_id_key').on(table.phoneNumberId, table.userId).where(sql`${table.userId} is not null`),
    uniqueIndex('contacts_number_wa_id_key').on(table.phoneNumberId, table.waId).where(sql`${table.waId} is not null`),
    check('contacts_has_identity', sql`${table.userId} is not null or ${table.waId} is not null`),
  ],
);

/** Every inbound message, once: the wamid is the dedupe (and replay) key. */
export const inbox = pgTable(
  'inbox',
  {
    wamid: text('wamid').primaryKey(),
    /** Arrival order: Meta's timestamps have whole seconds, so ties are broken by this. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    phoneNumberId: text('phone_number_id').notNull(),
    contactId: bigint('contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    type: text('type').notNull(),
    /** The normalised message (see src/whatsapp/inbound-event.ts). */
    message: jsonb('message').notNull(),
    waTimestamp: timestamp('wa_timestamp', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** handled, throttled (the contact flooded us) or failed (the handler threw; see error). */
    outcome: text('outcome', { enum: ['handled', 'throttled', 'failed'] }),
    error: text('error'),
  },
  (table) => [
    index('inbox_unprocessed_idx').on(table.contactId, table.waTimestamp, table.seq).where(sql`${table.processedAt} is null`),
    index('inbox_received_at_idx').on(table.receivedAt),
    // A contact's recent messages (the flood count of a turn).
    index('inbox_contact_time_idx').on(table.contactId, table.waTimestamp),
  ],
);

/** One row per contact: the lock that serialises its messages, and its conversation state. */
export const conversations = pgTable('conversations', {
  contactId: bigint('contact_id', { mode: 'number' })
    .primaryKey()
    .references(() => contacts.id),
  state: jsonb('state').notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

export const outboxStatuses = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'held'] as const;

/** Outbound messages, written in the transaction of the change that caused them; the sender sends them in id order per contact. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phoneNumberId: text('phone_number_id').notNull(),
    contactId: bigint('contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    /** A channel-neutral reply (src/whatsapp/outbound-message.ts), or a read receipt. */
    message: jsonb('message').notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    wamid: text('wamid').unique(),
    attempts: integer('attempts').notNull().default(0),
    errorCode: integer('error_code'),
    error: text('error'),
    /** Why a row waits (held): outside the 24-hour window with no template to send. */
    heldReason: text('held_reason'),
    /** The template actually sent, when the 24-hour window had closed. */
    sentTemplate: text('sent_template'),
    causedBy: text('caused_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** A retry or a pace/pause wait: the row is not claimed (nor swept) before this. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    statusAt: timestamp('status_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_contact_open_idx').on(table.contactId, table.id).where(sql`${table.status} in ('pending', 'sending')`),
    index('outbox_status_idx').on(table.status, table.createdAt),
  ],
);

/** Delivery statuses by wamid, kept even when they arrive before the send that produced the wamid is recorded. */
export const deliveryStatuses = pgTable(
  'delivery_statuses',
  {
    wamid: text('wamid').notNull(),
    status: text('status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    errorCode: integer('error_code'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [primaryKey({ columns: [table.wamid, table.status] })],
);

/** A worker's profile, written when they confirm its summary. */
export const workers = pgTable(
  'workers',
  {
    contactId: bigint('contact_id', { mode: 'number' })
      .primaryKey()
      .references(() => contacts.id),
    name: text('name').notNull(),
    skills: text('skills').array().notNull(),
    /** [{ days: [0..6], from: 'HH:MM', to: 'HH:MM' }] (src/conversation/answers/availability.ts); Monday is 0. */
    availability: jsonb('availability').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    areaLabel: text('area_label').notNull(),
    radiusKm: integer('radius_km').notNull(),
    minRateCents: integer('min_rate_cents').notNull(),
    currency: text('currency').notNull(),
    /** E.164: what an employer gets on unlock, and only then. */
    phone: text('phone').notNull(),
    phoneShareConsentAt: timestamp('phone_share_consent_at', { withTimezone: true }).notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    /** Ratings employers gave (1-5 stars): their count and sum, for the reliability score. */
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    /** Shifts done: rated by the employer with stars (a no-show is not one). */
    jobsDone: integer('jobs_done').notNull().default(0),
    /** Set by a no-show: no offers until then (src/marketplace/ratings). */
    offersPausedUntil: timestamp('offers_paused_until', { withTimezone: true }),
    /** When the worker last saved their profile or answered an offer: the freshness of matching. */
    activeAt: timestamp('active_at', { withTimezone: true }).notNull().default(sql`now()`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    check('workers_radius_km', sql`${table.radiusKm} between 1 and 200`),
    check('workers_min_rate', sql`${table.minRateCents} >= 0`),
    check('workers_skills', sql`cardinality(${table.skills}) between 1 and 5`),
  ],
);

export const employerStatuses = ['pending', 'active'] as const;

/** An employer's business, written when they confirm its summary; `pending` waits for an admin (EMPLOYER_VERIFICATION=manual). */
export const employers = pgTable('employers', {
  contactId: bigint('contact_id', { mode: 'number' })
    .primaryKey()
    .references(() => contacts.id),
  businessName: text('business_name').notNull(),
  contactName: text('contact_name').notNull(),
  businessType: text('business_type').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  areaLabel: text('area_label').notNull(),
  status: text('status', { enum: employerStatuses }).notNull(),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** "report" in chat: for the admin API's abuse queue. */
export const abuseReports = pgTable(
  'abuse_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reporterContactId: bigint('reporter_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    text: text('text').notNull(),
    status: text('status', { enum: ['open', 'resolved', 'dismissed'] }).notNull().default('open'),
    /** The inbound message that made it: a redelivered or retried turn makes one report. */
    sourceWamid: text('source_wamid').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('abuse_reports_status_idx').on(table.status, table.createdAt)],
);

export const jobStatuses = ['open', 'filled', 'cancelled', 'expired'] as const;
export const jobClosedReasons = ['filled', 'employer', 'no_reply', 'started', 'erased'] as const;

/** A shift an employer posted in chat. Instants are UTC; the local day and zone are kept for showing it back. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** In the share link (wa.me/<number>?text=JOB <code>). */
    code: text('code').notNull().unique(),
    employerContactId: bigint('employer_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    title: text('title').notNull(),
    skill: text('skill').notNull(),
    localDate: text('local_date').notNull(),
    timeZone: text('time_zone').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    payCents: integer('pay_cents').notNull(),
    currency: text('currency').notNull(),
    headcount: integer('headcount').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    areaLabel: text('area_label').notNull(),
    description: text('description'),
    status: text('status', { enum: jobStatuses }).notNull().default('open'),
    /** Why a job is no longer open: filled, employer (cancelled), no_reply (to "still open?"), started, erased. */
    closedReason: text('closed_reason', { enum: jobClosedReasons }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** "Is it still open?" went out then; the employer's answer (or silence) settles it. */
    stillOpenAskedAt: timestamp('still_open_asked_at', { withTimezone: true }),
    /** The last time the employer said it is still open: the next question counts from here. */
    stillOpenConfirmedAt: timestamp('still_open_confirmed_at', { withTimezone: true }),
    /** When its last round of offers was chosen (src/marketplace/offers/send-offer-round.ts). */
    matchedAt: timestamp('matched_at', { withTimezone: true }),
    /** The inbound message that posted it: a retried turn posts once. */
    sourceWamid: text('source_wamid').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    index('jobs_employer_status_idx').on(table.employerContactId, table.status, table.createdAt),
    // The marketplace clock: open jobs by start (expiry) and by age (still open?).
    index('jobs_open_starts_idx').on(table.startsAt).where(sql`${table.status} = 'open'`),
    index('jobs_open_created_idx').on(table.createdAt).where(sql`${table.status} = 'open'`),
    check('jobs_ends_after_start', sql`${table.endsAt} > ${table.startsAt}`),
    check('jobs_headcount', sql`${table.headcount} between 1 and 50`),
    check('jobs_pay', sql`${table.payCents} > 0`),
  ],
);

/** A fixed-length bit string: here the 168 hours of a week, Monday 00:00 first. */
const weekBits = customType<{ data: string; driverData: string }>({ dataType: () => 'bit(168)' });
/** A PostgreSQL point, written '(x,y)'; here longitude and latitude in degrees. */
const point = customType<{ data: string; driverData: string }>({ dataType: () => 'point' });

/**
 * The matching index: one row per skill of each worker who may get offers now (a profile, not paused, not
 * opted out, not suspended or restricted), with where they are and everything the query filters and ranks
 * on. Its GiST index on (skill, location) is walked nearest-first from a job (KNN) and carries those columns
 * (INCLUDE), so matching reads the index alone. src/marketplace/matching/sync-worker-reach.ts rewrites a
 * worker's rows whenever any of that changes.
 */
export const workerReach = pgTable(
  'worker_reach',
  {
    workerContactId: bigint('worker_contact_id', { mode: 'number' })
      .notNull()
      .references(() => workers.contactId, { onDelete: 'cascade' }),
    skill: text('skill').notNull(),
    location: point('location').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    radiusKm: integer('radius_km').notNull(),
    minRateCents: integer('min_rate_cents').notNull(),
    weekHours: weekBits('week_hours').notNull(),
    ratingCount: integer('rating_count').notNull(),
    ratingSum: integer('rating_sum').notNull(),
    jobsDone: integer('jobs_done').notNull(),
    offersPausedUntil: timestamp('offers_paused_until', { withTimezone: true }),
    activeAt: timestamp('active_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.workerContactId, table.skill] })],
);

export const offerStatuses = ['sent', 'interested', 'declined', 'expired', 'withdrawn', 'closed'] as const;

/**
 * A job offered to one worker: by matching (a round of the best candidates) or because they opened the
 * job's share link. Answered "interested" it becomes a lead; unanswered by expires_at it expires.
 */
export const offers = pgTable(
  'offers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id),
    workerContactId: bigint('worker_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    status: text('status', { enum: offerStatuses }).notNull().default('sent'),
    source: text('source', { enum: ['match', 'link'] }).notNull(),
    /** Which matching round sent it (1 first); 0 for a share link. */
    round: integer('round').notNull(),
    score: doublePrecision('score'),
    distanceKm: doublePrecision('distance_km').notNull(),
    /** Why it fits, as data ({ skill, day, from, to }): rendered in each reader's language. */
    fit: jsonb('fit').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('offers_job_worker_key').on(table.jobId, table.workerContactId),
    // A worker's offers (their list, the daily cap, overlaps).
    index('offers_worker_sent_idx').on(table.workerContactId, table.sentAt),
    index('offers_job_status_idx').on(table.jobId, table.status),
    // The marketplace clock: unanswered offers by deadline.
    index('offers_open_expires_idx').on(table.expiresAt).where(sql`${table.status} = 'sent'`),
  ],
);

export const leadStatuses = ['offered', 'skipped', 'unlocked', 'withdrawn', 'closed'] as const;

/**
 * An interested worker, offered to the job's employer as an anonymised card. For sale while the interest is
 * fresh and the job open; unlocking (the payments issue) reveals the worker's name and number, once.
 */
export const leads = pgTable(
  'leads',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id),
    offerId: bigint('offer_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => offers.id),
    workerContactId: bigint('worker_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    employerContactId: bigint('employer_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    status: text('status', { enum: leadStatuses }).notNull().default('offered'),
    /** The price of unlocking, fixed when the lead is made (minor units of currency). */
    priceCents: integer('price_cents').notNull(),
    currency: text('currency').notNull(),
    interestedAt: timestamp('interested_at', { withTimezone: true }).notNull(),
    unlockedAt: timestamp('unlocked_at', { withTimezone: true }),
    /** After the shift: when both sides were asked to rate each other. */
    ratingAskedAt: timestamp('rating_asked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('leads_job_worker_key').on(table.jobId, table.workerContactId),
    index('leads_employer_idx').on(table.employerContactId, table.status),
    index('leads_worker_idx').on(table.workerContactId),
    check('leads_price', sql`${table.priceCents} >= 0`),
  ],
);

/** After a shift: the employer rates the worker (or reports a no-show), the worker rates the employer. */
export const ratings = pgTable(
  'ratings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    leadId: bigint('lead_id', { mode: 'number' })
      .notNull()
      .references(() => leads.id),
    direction: text('direction', { enum: ['of_worker', 'of_employer'] }).notNull(),
    raterContactId: bigint('rater_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    rateeContactId: bigint('ratee_contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    stars: integer('stars'),
    noShow: boolean('no_show').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [
    uniqueIndex('ratings_lead_direction_key').on(table.leadId, table.direction),
    index('ratings_no_shows_idx').on(table.rateeContactId, table.createdAt).where(sql`${table.noShow}`),
    check(
      'ratings_stars_or_no_show',
      sql`(${table.noShow} and ${table.stars} is null and ${table.direction} = 'of_worker') or (not ${table.noShow} and ${table.stars} between 1 and 5)`,
    ),
  ],
);

/** Someone who opened a job's share link: which job, and who shared it (the employer, or a worker's own link). */
export const referrals = pgTable(
  'referrals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contactId: bigint('contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id),
    referrerContactId: bigint('referrer_contact_id', { mode: 'number' }).references(() => contacts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [uniqueIndex('referrals_contact_job_key').on(table.contactId, table.jobId)],
);
