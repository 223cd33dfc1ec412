-- A published release is a record of what was published: it is never changed or removed.
CREATE FUNCTION statistics_releases_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published statistics release cannot be changed or deleted';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_releases_immutable BEFORE UPDATE OR DELETE ON "statistics_releases" FOR EACH ROW EXECUTE FUNCTION statistics_releases_refuse_change();
--> statement-breakpoint
ALTER TABLE "statistics_releases" ADD CONSTRAINT "statistics_releases_area_check" CHECK ("area" IN ('uk','england','wales','scotland','northern_ireland'));
--> statement-breakpoint
ALTER TABLE "htcds_records" ADD CONSTRAINT "htcds_records_gender_check" CHECK ("gender" IN ('female','male','other','not_specified'));
--> statement-breakpoint
ALTER TABLE "htcds_records" ADD CONSTRAINT "htcds_records_age_group_check" CHECK ("age_group" IN ('adult','child','not_specified'));
