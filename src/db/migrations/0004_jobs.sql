CREATE TABLE "jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"employer_contact_id" bigint NOT NULL,
	"title" text NOT NULL,
	"skill" text NOT NULL,
	"local_date" text NOT NULL,
	"time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"pay_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"headcount" integer NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"area_label" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'open' NOT NULL,
	"source_wamid" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_code_unique" UNIQUE("code"),
	CONSTRAINT "jobs_source_wamid_unique" UNIQUE("source_wamid"),
	CONSTRAINT "jobs_ends_after_start" CHECK ("jobs"."ends_at" > "jobs"."starts_at"),
	CONSTRAINT "jobs_headcount" CHECK ("jobs"."headcount" between 1 and 50),
	CONSTRAINT "jobs_pay" CHECK ("jobs"."pay_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_employer_contact_id_contacts_id_fk" FOREIGN KEY ("employer_contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_employer_status_idx" ON "jobs" USING btree ("employer_contact_id","status","created_at");