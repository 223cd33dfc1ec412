-- The prosecution service's users post prosecution outcomes (src/prosecutions): a role of their own.
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("role" IN ('first_responder','ca_caseworker','ca_manager','support_worker','la_childrens_services','analyst','policy_lead','admin','auditor','prosecution_service'));
