ALTER TABLE "decisions" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "reconsiderations" ADD COLUMN "new_decision_id" uuid;--> statement-breakpoint
ALTER TABLE "reconsiderations" ADD CONSTRAINT "reconsiderations_new_decision_id_decisions_id_fk" FOREIGN KEY ("new_decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;