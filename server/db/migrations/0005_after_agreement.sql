CREATE TABLE "partnership_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"base_version" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"reason" text NOT NULL,
	"proposed_by_side" text NOT NULL,
	"proposed_by_user_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_note" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_report_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"review_comment" text,
	"submitted_by_user_id" uuid,
	"reviewed_by_user_id" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partnership_terms_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"change_request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "task_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"confidential" boolean NOT NULL,
	"uploaded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_tasks" (
	"call_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	CONSTRAINT "call_tasks_call_id_task_id_pk" PRIMARY KEY("call_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_office_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"priority_area" text NOT NULL,
	"anchor_task_id" uuid,
	"budget_envelope_kzt" bigint NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"experts_per_proposal" integer DEFAULT 3 NOT NULL,
	"divergence_threshold" integer DEFAULT 25 NOT NULL,
	"pass_threshold" integer DEFAULT 60 NOT NULL,
	"funding_mode" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"created_by_user_id" uuid,
	"opened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_budget_positive" CHECK ("calls"."budget_envelope_kzt" > 0),
	CONSTRAINT "calls_experts_range" CHECK ("calls"."experts_per_proposal" between 1 and 9)
);
--> statement-breakpoint
CREATE TABLE "call_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"fields" jsonb NOT NULL,
	"languages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expert_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"expert_user_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"conflict_reason" text,
	"declared_at" timestamp with time zone,
	"scores" jsonb,
	"scored_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_outcomes" (
	"proposal_id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"funded" boolean NOT NULL,
	"amount_kzt" bigint,
	"rationale" text NOT NULL,
	"partnership_id" uuid,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_members" (
	"call_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"chair" boolean DEFAULT false NOT NULL,
	CONSTRAINT "council_members_call_id_user_id_pk" PRIMARY KEY("call_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "council_votes" (
	"call_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vote" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_votes_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "disbursements" DROP CONSTRAINT "disbursements_amount_positive";--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "call_id" uuid;--> statement-breakpoint
ALTER TABLE "disbursements" ADD COLUMN "reverses_disbursement_id" uuid;--> statement-breakpoint
ALTER TABLE "partnerships" ADD COLUMN "at_risk_source" text;--> statement-breakpoint
ALTER TABLE "partnership_change_requests" ADD CONSTRAINT "partnership_change_requests_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_change_requests" ADD CONSTRAINT "partnership_change_requests_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_change_requests" ADD CONSTRAINT "partnership_change_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_report_attachments" ADD CONSTRAINT "partnership_report_attachments_report_id_partnership_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."partnership_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_report_attachments" ADD CONSTRAINT "partnership_report_attachments_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_milestone_id_partnership_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."partnership_milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_submitted_by_user_id_users_id_fk" FOREIGN KEY ("submitted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_terms_versions" ADD CONSTRAINT "partnership_terms_versions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_events" ADD CONSTRAINT "negotiation_events_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_events" ADD CONSTRAINT "negotiation_events_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_reads" ADD CONSTRAINT "negotiation_reads_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "public"."negotiations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiation_reads" ADD CONSTRAINT "negotiation_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_enterprise_organisation_id_organisations_id_fk" FOREIGN KEY ("enterprise_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "negotiations" ADD CONSTRAINT "negotiations_institute_organisation_id_organisations_id_fk" FOREIGN KEY ("institute_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_tasks" ADD CONSTRAINT "call_tasks_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_tasks" ADD CONSTRAINT "call_tasks_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_program_office_id_organisations_id_fk" FOREIGN KEY ("program_office_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_anchor_task_id_tasks_id_fk" FOREIGN KEY ("anchor_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_experts" ADD CONSTRAINT "call_experts_program_office_id_organisations_id_fk" FOREIGN KEY ("program_office_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_experts" ADD CONSTRAINT "call_experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_assignments" ADD CONSTRAINT "expert_assignments_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_assignments" ADD CONSTRAINT "expert_assignments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_assignments" ADD CONSTRAINT "expert_assignments_expert_id_call_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."call_experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_assignments" ADD CONSTRAINT "expert_assignments_expert_user_id_users_id_fk" FOREIGN KEY ("expert_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outcomes" ADD CONSTRAINT "call_outcomes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outcomes" ADD CONSTRAINT "call_outcomes_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_outcomes" ADD CONSTRAINT "call_outcomes_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_change_requests_partnership_idx" ON "partnership_change_requests" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_change_requests_one_pending" ON "partnership_change_requests" USING btree ("partnership_id") WHERE "partnership_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "partnership_report_attachments_report_idx" ON "partnership_report_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_reports_round_unique" ON "partnership_reports" USING btree ("milestone_id","round");--> statement-breakpoint
CREATE INDEX "partnership_reports_partnership_idx" ON "partnership_reports" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_terms_versions_unique" ON "partnership_terms_versions" USING btree ("partnership_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiation_events_client_msg_unique" ON "negotiation_events" USING btree ("negotiation_id","author_key","client_msg_id") WHERE "negotiation_events"."client_msg_id" is not null;--> statement-breakpoint
CREATE INDEX "negotiation_reads_user_idx" ON "negotiation_reads" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiations_proposal_unique" ON "negotiations" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "negotiations_enterprise_idx" ON "negotiations" USING btree ("enterprise_organisation_id","updated_at");--> statement-breakpoint
CREATE INDEX "negotiations_institute_idx" ON "negotiations" USING btree ("institute_organisation_id","updated_at");--> statement-breakpoint
CREATE INDEX "task_attachments_task_idx" ON "task_attachments" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "call_tasks_task_idx" ON "call_tasks" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "calls_program_office_idx" ON "calls" USING btree ("program_office_id");--> statement-breakpoint
CREATE INDEX "calls_status_deadline_idx" ON "calls" USING btree ("status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "call_experts_office_user_unique" ON "call_experts" USING btree ("program_office_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_assignments_proposal_expert_unique" ON "expert_assignments" USING btree ("proposal_id","expert_user_id");--> statement-breakpoint
CREATE INDEX "expert_assignments_call_idx" ON "expert_assignments" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "expert_assignments_expert_idx" ON "expert_assignments" USING btree ("expert_user_id");--> statement-breakpoint
CREATE INDEX "call_outcomes_call_idx" ON "call_outcomes" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "council_members_user_idx" ON "council_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "council_votes_call_idx" ON "council_votes" USING btree ("call_id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_reverses_disbursement_id_disbursements_id_fk" FOREIGN KEY ("reverses_disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_proposal_decisions_idx" ON "audit_log" USING btree ("entity_id","at") WHERE "audit_log"."entity_type" = 'proposal' and "audit_log"."action" in ('proposal.shortlisted', 'proposal.in_negotiation', 'proposal.decline', 'proposal.agreed');--> statement-breakpoint
CREATE INDEX "proposals_call_idx" ON "proposals" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursements_reverses_unique" ON "disbursements" USING btree ("reverses_disbursement_id");--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_amount_sign" CHECK ("disbursements"."amount_kzt" <> 0 and ("disbursements"."amount_kzt" > 0) = ("disbursements"."reverses_disbursement_id" is null));