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
ALTER TABLE "disbursements" DROP CONSTRAINT "disbursements_amount_positive";--> statement-breakpoint
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
CREATE INDEX "partnership_change_requests_partnership_idx" ON "partnership_change_requests" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_change_requests_one_pending" ON "partnership_change_requests" USING btree ("partnership_id") WHERE "partnership_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "partnership_report_attachments_report_idx" ON "partnership_report_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_reports_round_unique" ON "partnership_reports" USING btree ("milestone_id","round");--> statement-breakpoint
CREATE INDEX "partnership_reports_partnership_idx" ON "partnership_reports" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_terms_versions_unique" ON "partnership_terms_versions" USING btree ("partnership_id","version");--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_reverses_disbursement_id_disbursements_id_fk" FOREIGN KEY ("reverses_disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "disbursements_reverses_unique" ON "disbursements" USING btree ("reverses_disbursement_id");--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_amount_sign" CHECK ("disbursements"."amount_kzt" <> 0 and ("disbursements"."amount_kzt" > 0) = ("disbursements"."reverses_disbursement_id" is null));