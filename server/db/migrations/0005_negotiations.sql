CREATE TABLE "negotiation_events" (
	"negotiation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"client_msg_id" text,
	"author_id" uuid,
	"author_key" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "negotiation_events_pk" PRIMARY KEY("negotiation_id","seq"),
	CONSTRAINT "negotiation_events_seq_positive" CHECK ("negotiation_events"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "negotiation_reads" (
	"negotiation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_seq" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "negotiation_reads_pk" PRIMARY KEY("negotiation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "negotiations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"enterprise_organisation_id" uuid NOT NULL,
	"institute_organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"latest_version" integer DEFAULT 1 NOT NULL,
	"latest_terms" jsonb NOT NULL,
	"accepted_by_enterprise" integer,
	"accepted_by_institute" integer,
	"partnership_id" uuid,
	"ended_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "negotiations_last_seq_non_negative" CHECK ("negotiations"."last_seq" >= 0)
);
--> statement-breakpoint
ALTER TABLE "negotiation_events" ADD CONSTRAINT "negotiation_events_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_events" ADD CONSTRAINT "negotiation_events_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_reads" ADD CONSTRAINT "negotiation_reads_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_reads" ADD CONSTRAINT "negotiation_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_enterprise_organisation_id_organisations_id_fk" FOREIGN KEY ("enterprise_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_institute_organisation_id_organisations_id_fk" FOREIGN KEY ("institute_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "negotiation_events_client_msg_unique" ON "negotiation_events" USING btree ("negotiation_id","author_key","client_msg_id") WHERE "negotiation_events"."client_msg_id" is not null;--> statement-breakpoint
CREATE INDEX "negotiation_reads_user_idx" ON "negotiation_reads" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiations_proposal_unique" ON "negotiations" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "negotiations_enterprise_idx" ON "negotiations" USING btree ("enterprise_organisation_id","updated_at");--> statement-breakpoint
CREATE INDEX "negotiations_institute_idx" ON "negotiations" USING btree ("institute_organisation_id","updated_at");