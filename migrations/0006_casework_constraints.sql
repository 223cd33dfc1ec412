ALTER TABLE "decisions" ADD CONSTRAINT "decisions_stage_check" CHECK ("stage" IN ('rg','cg'));
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_outcome_check" CHECK ("outcome" IN ('positive','negative','trafficking','slavery_servitude_forced_labour','not_recognised'));
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_status_check" CHECK ("status" IN ('awaiting_review','returned','issued'));
--> statement-breakpoint
-- A negative decision is issued only after a second caseworker, not its maker, has reviewed it.
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_negative_reviewed_check" CHECK ("positive" OR "status" <> 'issued' OR ("reviewed_by" IS NOT NULL AND "reviewed_by" <> "made_by"));
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_reconsideration_of_fk" FOREIGN KEY ("reconsideration_of") REFERENCES "decisions"("id");
--> statement-breakpoint
ALTER TABLE "recovery_periods" ADD CONSTRAINT "recovery_periods_dates_check" CHECK ("minimum_end" > "started_on" AND "current_end" >= "minimum_end");
--> statement-breakpoint
ALTER TABLE "recovery_extensions" ADD CONSTRAINT "recovery_extensions_status_check" CHECK ("status" IN ('requested','approved','refused'));
--> statement-breakpoint
ALTER TABLE "recovery_extensions" ADD CONSTRAINT "recovery_extensions_reason_check" CHECK ("reason" IN ('health','trauma','intimidation','other'));
--> statement-breakpoint
ALTER TABLE "recovery_extensions" ADD CONSTRAINT "recovery_extensions_approver_check" CHECK ("status" = 'requested' OR ("decided_by" IS NOT NULL AND "decided_at" IS NOT NULL));
--> statement-breakpoint
ALTER TABLE "case_suspensions" ADD CONSTRAINT "case_suspensions_reason_check" CHECK ("reason" IN ('missing'));
--> statement-breakpoint
ALTER TABLE "reconsiderations" ADD CONSTRAINT "reconsiderations_grounds_check" CHECK ("grounds" IN ('new_evidence','not_in_line_with_guidance'));
--> statement-breakpoint
ALTER TABLE "reconsiderations" ADD CONSTRAINT "reconsiderations_status_check" CHECK ("status" IN ('requested','accepted','refused'));
--> statement-breakpoint
ALTER TABLE "residence_permit_considerations" ADD CONSTRAINT "residence_permit_bases_check" CHECK ("bases" <@ ARRAY['police_cooperation','personal_circumstances']::text[] AND ("recommended" = false OR cardinality("bases") > 0));
--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_recipient_check" CHECK ("recipient" IN ('first_responder','person','representative'));
--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_status_check" CHECK ("status" IN ('pending','sent','failed','no_address'));
--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_outcome_check" CHECK ("outcome" IN ('delivered','failed'));
--> statement-breakpoint
CREATE INDEX "decisions_issued_idx" ON "decisions" ("stage", "issued_at") WHERE "status" = 'issued';
