-- The matching index (worker_reach_skill_reach_idx) puts a text column and a box in one GiST index.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE TABLE "worker_reach" (
	"worker_contact_id" bigint NOT NULL,
	"skill" text NOT NULL,
	"reach" "box" NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"radius_km" integer NOT NULL,
	"min_rate_cents" integer NOT NULL,
	"week_hours" bit(168) NOT NULL,
	CONSTRAINT "worker_reach_worker_contact_id_skill_pk" PRIMARY KEY("worker_contact_id","skill")
);
--> statement-breakpoint
ALTER TABLE "worker_reach" ADD CONSTRAINT "worker_reach_worker_contact_id_workers_contact_id_fk" FOREIGN KEY ("worker_contact_id") REFERENCES "public"."workers"("contact_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worker_reach_skill_reach_idx" ON "worker_reach" USING gist ("skill","reach");