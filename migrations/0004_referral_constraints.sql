ALTER TABLE "referrals" ADD CONSTRAINT "referrals_route_check" CHECK ("route" IN ('nrm','duty_to_notify'));
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_status_check" CHECK ("status" IN ('submitted','awaiting_rg','rg_positive','rg_negative','suspended_missing','awaiting_cg','cg_positive','cg_negative','withdrawn','closed','notified'));
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_age_group_check" CHECK ("age_group" IN ('adult','child','not_specified'));
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_gender_check" CHECK ("gender" IN ('female','male','other','not_specified'));
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_location_check" CHECK ("exploitation_location" IN ('uk','overseas','both','unknown'));
--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_nation_check" CHECK ("nation" IN ('england','wales','scotland','northern_ireland'));
--> statement-breakpoint
-- An NRM referral always has a Competent Authority; an anonymous Duty to Notify report never holds an identity.
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_nrm_has_ca_check" CHECK ("route" <> 'nrm' OR "competent_authority_id" IS NOT NULL);
--> statement-breakpoint
-- A child is referred without consent; an adult NRM referral needs it.
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_consent_check" CHECK ("route" <> 'nrm' OR "treated_as_child" OR "consent" IS TRUE);
--> statement-breakpoint
CREATE FUNCTION referral_people_refuse_duty_to_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT route FROM referrals WHERE id = NEW.referral_id) = 'duty_to_notify' THEN
    RAISE EXCEPTION 'a Duty to Notify report is anonymous: no identity may be stored';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referral_people_anonymous_duty_to_notify BEFORE INSERT OR UPDATE ON "referral_people" FOR EACH ROW EXECUTE FUNCTION referral_people_refuse_duty_to_notify();
--> statement-breakpoint
-- Reference numbers, e.g. NRM-2026-000123: one counter per prefix and year, taken under a row lock so concurrent submissions never share a number.
CREATE TABLE "reference_counters" ("series" text PRIMARY KEY NOT NULL, "last_number" integer NOT NULL);
