DROP INDEX "negotiations_enterprise_idx";--> statement-breakpoint
DROP INDEX "negotiations_institute_idx";--> statement-breakpoint
CREATE INDEX "negotiations_enterprise_idx" ON "negotiations" USING btree ("enterprise_organisation_id");--> statement-breakpoint
CREATE INDEX "negotiations_institute_idx" ON "negotiations" USING btree ("institute_organisation_id");--> statement-breakpoint
-- Room to spare on each page, so the update of last_seq a message makes can stay on its page (HOT).
ALTER TABLE "negotiations" SET (fillfactor = 70);