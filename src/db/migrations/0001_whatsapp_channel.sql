CREATE TABLE "business_numbers" (
	"phone_number_id" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"pause_reason" text
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number_id" text NOT NULL,
	"user_id" text,
	"wa_id" text,
	"superseded_by" bigint,
	"last_inbound_at" timestamp with time zone,
	"needs_template" boolean DEFAULT false NOT NULL,
	"reengaged_at" timestamp with time zone,
	"send_tokens" double precision DEFAULT 5 NOT NULL,
	"send_tokens_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_has_identity" CHECK ("contacts"."user_id" is not null or "contacts"."wa_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"contact_id" bigint PRIMARY KEY NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_statuses" (
	"wamid" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"error_code" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_statuses_wamid_status_pk" PRIMARY KEY("wamid","status")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"wamid" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number_id" text NOT NULL,
	"contact_id" bigint NOT NULL,
	"type" text NOT NULL,
	"message" jsonb NOT NULL,
	"wa_timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number_id" text NOT NULL,
	"contact_id" bigint NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"wamid" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" integer,
	"error" text,
	"held_reason" text,
	"sent_template" text,
	"caused_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"status_at" timestamp with time zone,
	CONSTRAINT "outbox_wamid_unique" UNIQUE("wamid")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_number_user_id_key" ON "contacts" USING btree ("phone_number_id","user_id") WHERE "contacts"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_number_wa_id_key" ON "contacts" USING btree ("phone_number_id","wa_id") WHERE "contacts"."wa_id" is not null;--> statement-breakpoint
CREATE INDEX "inbox_unprocessed_idx" ON "inbox" USING btree ("contact_id","wa_timestamp","seq") WHERE "inbox"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_received_at_idx" ON "inbox" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "outbox_contact_open_idx" ON "outbox" USING btree ("contact_id","id") WHERE "outbox"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_status_idx" ON "outbox" USING btree ("status","created_at");