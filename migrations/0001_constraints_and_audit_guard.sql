-- Values the data model fixes are checked by the database too, so no path can store anything else.
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_type_check" CHECK ("type" IN ('police','local_authority','home_office_ukvi','home_office_immigration_enforcement','home_office_border_force','ukba','nca','gla','ngo','health','prosecution','competent_authority','support_provider','government_other'));
--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_nation_check" CHECK ("nation" IN ('england','wales','scotland','northern_ireland'));
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("role" IN ('first_responder','ca_caseworker','ca_manager','support_worker','la_childrens_services','analyst','policy_lead','admin','auditor'));
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_lower_check" CHECK ("email" = lower("email"));
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_outcome_check" CHECK ("outcome" IN ('success','denied','failure'));
--> statement-breakpoint
-- The audit log is append-only: the application can add events, never change or remove them.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
-- The chain starts from a fixed genesis hash (64 zeros).
INSERT INTO "audit_chain_head" ("id", "last_seq", "last_hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
