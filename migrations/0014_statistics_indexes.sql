CREATE INDEX "referrals_received_idx" ON "referrals" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "decisions_stage_decided_idx" ON "decisions" USING btree ("stage","decided_on");