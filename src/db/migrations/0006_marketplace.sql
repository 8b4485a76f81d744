CREATE TABLE "leads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "leads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" bigint NOT NULL,
	"offer_id" bigint NOT NULL,
	"worker_contact_id" bigint NOT NULL,
	"employer_contact_id" bigint NOT NULL,
	"status" text DEFAULT 'offered' NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"interested_at" timestamp with time zone NOT NULL,
	"unlocked_at" timestamp with time zone,
	"rating_asked_at" timestamp with time zone,
	CONSTRAINT "leads_offer_id_unique" UNIQUE("offer_id"),
	CONSTRAINT "leads_price" CHECK ("leads"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_id" bigint NOT NULL,
	"worker_contact_id" bigint NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"source" text NOT NULL,
	"round" integer NOT NULL,
	"score" double precision,
	"distance_km" double precision NOT NULL,
	"fit" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"lead_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"rater_contact_id" bigint NOT NULL,
	"ratee_contact_id" bigint NOT NULL,
	"stars" integer,
	"no_show" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_stars_or_no_show" CHECK (("ratings"."no_show" and "ratings"."stars" is null and "ratings"."direction" = 'of_worker') or (not "ratings"."no_show" and "ratings"."stars" between 1 and 5))
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "referrals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contact_id" bigint NOT NULL,
	"job_id" bigint NOT NULL,
	"referrer_contact_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "worker_reach_skill_reach_idx";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "still_open_asked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "still_open_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "matched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "jobs_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "offers_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "active_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_worker_contact_id_contacts_id_fk" FOREIGN KEY ("worker_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_employer_contact_id_contacts_id_fk" FOREIGN KEY ("employer_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_worker_contact_id_contacts_id_fk" FOREIGN KEY ("worker_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rater_contact_id_contacts_id_fk" FOREIGN KEY ("rater_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_ratee_contact_id_contacts_id_fk" FOREIGN KEY ("ratee_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_contact_id_contacts_id_fk" FOREIGN KEY ("referrer_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_job_worker_key" ON "leads" USING btree ("job_id","worker_contact_id");--> statement-breakpoint
CREATE INDEX "leads_employer_idx" ON "leads" USING btree ("employer_contact_id","status");--> statement-breakpoint
CREATE INDEX "leads_worker_idx" ON "leads" USING btree ("worker_contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_job_worker_key" ON "offers" USING btree ("job_id","worker_contact_id");--> statement-breakpoint
CREATE INDEX "offers_worker_sent_idx" ON "offers" USING btree ("worker_contact_id","sent_at");--> statement-breakpoint
CREATE INDEX "offers_job_status_idx" ON "offers" USING btree ("job_id","status");--> statement-breakpoint
CREATE INDEX "offers_open_expires_idx" ON "offers" USING btree ("expires_at") WHERE "offers"."status" = 'sent';--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_lead_direction_key" ON "ratings" USING btree ("lead_id","direction");--> statement-breakpoint
CREATE INDEX "ratings_no_shows_idx" ON "ratings" USING btree ("ratee_contact_id","created_at") WHERE "ratings"."no_show";--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_contact_job_key" ON "referrals" USING btree ("contact_id","job_id");--> statement-breakpoint
CREATE INDEX "jobs_open_starts_idx" ON "jobs" USING btree ("starts_at") WHERE "jobs"."status" = 'open';--> statement-breakpoint
CREATE INDEX "jobs_open_created_idx" ON "jobs" USING btree ("created_at") WHERE "jobs"."status" = 'open';--> statement-breakpoint
-- worker_reach now holds only workers who may get offers, with what matching ranks them on; rows already there
-- take their point (src/marketplace/matching/map-point.ts) and their worker's figures before the columns become required.
ALTER TABLE "worker_reach" DROP COLUMN "reach";--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "location" "point";--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "rating_count" integer;--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "rating_sum" integer;--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "jobs_done" integer;--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "offers_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "worker_reach" ADD COLUMN "active_at" timestamp with time zone;--> statement-breakpoint
UPDATE "worker_reach" r SET "location" = point(r."lng" * cos(radians(r."lat")), r."lat"), "rating_count" = w."rating_count", "rating_sum" = w."rating_sum",
  "jobs_done" = w."jobs_done", "offers_paused_until" = w."offers_paused_until", "active_at" = w."active_at"
  FROM "workers" w WHERE w."contact_id" = r."worker_contact_id";--> statement-breakpoint
DELETE FROM "worker_reach" r USING "workers" w, "contacts" c
  WHERE w."contact_id" = r."worker_contact_id" AND c."id" = w."contact_id" AND (w."paused_at" IS NOT NULL OR c."opted_out_at" IS NOT NULL OR c."moderation" <> 'active');--> statement-breakpoint
ALTER TABLE "worker_reach" ALTER COLUMN "location" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_reach" ALTER COLUMN "rating_count" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_reach" ALTER COLUMN "rating_sum" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_reach" ALTER COLUMN "jobs_done" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_reach" ALTER COLUMN "active_at" SET NOT NULL;--> statement-breakpoint
-- Written by hand (drizzle cannot declare INCLUDE): matching walks this index nearest-first from a job, and
-- filters and ranks on the included columns without reading the table (an index-only scan).
CREATE INDEX "worker_reach_skill_location_idx" ON "worker_reach" USING gist ("skill", "location")
  INCLUDE ("worker_contact_id", "radius_km", "min_rate_cents", "week_hours", "lat", "lng", "rating_count", "rating_sum", "jobs_done", "offers_paused_until", "active_at");