CREATE TABLE "moderation_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"scores_before" jsonb NOT NULL,
	"scores_after" jsonb NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text NOT NULL,
	"sheets_before" jsonb NOT NULL,
	"opened_by_user_id" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "moderation_answers" ADD CONSTRAINT "moderation_answers_round_id_moderation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."moderation_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_answers" ADD CONSTRAINT "moderation_answers_assignment_id_expert_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."expert_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_rounds" ADD CONSTRAINT "moderation_rounds_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_rounds" ADD CONSTRAINT "moderation_rounds_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_rounds" ADD CONSTRAINT "moderation_rounds_opened_by_user_id_users_id_fk" FOREIGN KEY ("opened_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_rounds" ADD CONSTRAINT "moderation_rounds_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_answers_round_assignment_unique" ON "moderation_answers" USING btree ("round_id","assignment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_rounds_one_open" ON "moderation_rounds" USING btree ("proposal_id") WHERE "moderation_rounds"."status" = 'open';--> statement-breakpoint
CREATE INDEX "moderation_rounds_call_idx" ON "moderation_rounds" USING btree ("call_id");