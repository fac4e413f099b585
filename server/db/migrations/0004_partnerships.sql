CREATE TABLE "disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"tranche_id" uuid NOT NULL,
	"source" text NOT NULL,
	"amount_kzt" bigint NOT NULL,
	"disbursed_on" date NOT NULL,
	"note" text,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disbursements_amount_positive" CHECK ("disbursements"."amount_kzt" > 0)
);
--> statement-breakpoint
CREATE TABLE "partnership_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"deliverable" text NOT NULL,
	"due_date" date NOT NULL,
	"amount_kzt" bigint NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_milestones_amount_non_negative" CHECK ("partnership_milestones"."amount_kzt" >= 0)
);
--> statement-breakpoint
CREATE TABLE "partnership_tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"source" text NOT NULL,
	"planned_amount_kzt" bigint NOT NULL,
	"planned_date" date NOT NULL,
	CONSTRAINT "partnership_tranches_amount_non_negative" CHECK ("partnership_tranches"."planned_amount_kzt" >= 0)
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"negotiation_id" uuid,
	"call_id" uuid,
	"task_id" uuid,
	"enterprise_organisation_id" uuid,
	"institute_organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"priority_area" text,
	"region" text,
	"status" text DEFAULT 'active' NOT NULL,
	"status_note" text,
	"terms" jsonb NOT NULL,
	"terms_version" integer NOT NULL,
	"total_budget_kzt" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"is_public" boolean NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnerships_total_non_negative" CHECK ("partnerships"."total_budget_kzt" >= 0)
);
--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_tranche_id_partnership_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."partnership_tranches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_milestones" ADD CONSTRAINT "partnership_milestones_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_tranches" ADD CONSTRAINT "partnership_tranches_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_tranches" ADD CONSTRAINT "partnership_tranches_milestone_id_partnership_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."partnership_milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_enterprise_organisation_id_organisations_id_fk" FOREIGN KEY ("enterprise_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_institute_organisation_id_organisations_id_fk" FOREIGN KEY ("institute_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disbursements_partnership_idx" ON "disbursements" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "disbursements_tranche_idx" ON "disbursements" USING btree ("tranche_id");--> statement-breakpoint
CREATE INDEX "disbursements_date_source_idx" ON "disbursements" USING btree ("disbursed_on","source");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_milestones_position_unique" ON "partnership_milestones" USING btree ("partnership_id","position");--> statement-breakpoint
CREATE INDEX "partnership_milestones_due_idx" ON "partnership_milestones" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_tranches_milestone_source_unique" ON "partnership_tranches" USING btree ("milestone_id","source");--> statement-breakpoint
CREATE INDEX "partnership_tranches_partnership_idx" ON "partnership_tranches" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnerships_proposal_unique" ON "partnerships" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "partnerships_status_idx" ON "partnerships" USING btree ("status");--> statement-breakpoint
CREATE INDEX "partnerships_enterprise_idx" ON "partnerships" USING btree ("enterprise_organisation_id");--> statement-breakpoint
CREATE INDEX "partnerships_institute_idx" ON "partnerships" USING btree ("institute_organisation_id");--> statement-breakpoint
CREATE INDEX "partnerships_agreed_at_idx" ON "partnerships" USING btree ("agreed_at");