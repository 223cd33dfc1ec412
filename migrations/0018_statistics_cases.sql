CREATE TABLE "statistics_awaiting_cg" (
	"received_on" date NOT NULL,
	"age_group" text NOT NULL,
	"nation" text NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "statistics_awaiting_cg_received_on_age_group_nation_pk" PRIMARY KEY("received_on","age_group","nation")
);
--> statement-breakpoint
CREATE TABLE "statistics_cases" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"route" text NOT NULL,
	"authority" text NOT NULL,
	"age_group" text NOT NULL,
	"gender" text NOT NULL,
	"types" text[] NOT NULL,
	"county_lines" boolean NOT NULL,
	"nationality" text NOT NULL,
	"responder_type" text,
	"police_force" text NOT NULL,
	"nation" text NOT NULL,
	"location" text NOT NULL,
	"reasonable_grounds_due_date" date,
	"rg_decision_id" uuid,
	"rg_decided_on" date,
	"rg_issued_at" timestamp with time zone,
	"rg_outcome" text,
	"rg_positive" boolean,
	"rg_reason_category" text,
	"rg_due_date" date,
	"cg_decision_id" uuid,
	"cg_decided_on" date,
	"cg_issued_at" timestamp with time zone,
	"cg_outcome" text,
	"cg_positive" boolean,
	"cg_reason_category" text,
	"cg_due_date" date,
	"positive_rg_on" date,
	"earliest_cg_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statistics_cases" ADD CONSTRAINT "statistics_cases_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- What statistics_cases holds for each referral (src/statistics/tables.ts): the categories the
-- publication's breakdowns use, the first issued decision of each stage (by issue, then id), and the
-- days the case started and stopped awaiting a CG decision.
CREATE VIEW statistics_cases_source AS
SELECT r.id AS referral_id, r.pseudonym::text AS unit_id, r.received_at, r.route,
  coalesce(ca.competent_authority_code, 'none') AS authority, r.age_group, r.gender, r.exploitation_types AS types, r.county_lines,
  coalesce(r.nationalities[1], 'XX') AS nationality, o.type AS responder_type, coalesce(r.police_force_code, 'not_recorded') AS police_force,
  r.nation, r.exploitation_location AS location, r.reasonable_grounds_due_date,
  rg.id AS rg_decision_id, rg.decided_on AS rg_decided_on, rg.issued_at AS rg_issued_at, rg.outcome AS rg_outcome, rg.positive AS rg_positive,
  rg.reason_category AS rg_reason_category, rg.due_date AS rg_due_date,
  cg.id AS cg_decision_id, cg.decided_on AS cg_decided_on, cg.issued_at AS cg_issued_at, cg.outcome AS cg_outcome, cg.positive AS cg_positive,
  cg.reason_category AS cg_reason_category, cg.due_date AS cg_due_date,
  (SELECT min(x.decided_on) FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'rg' AND x.positive AND x.status = 'issued') AS positive_rg_on,
  coalesce((SELECT min(x.decided_on) FROM decisions x WHERE x.referral_id = r.id AND x.stage = 'cg' AND x.status = 'issued'), 'infinity'::date) AS earliest_cg_on
FROM referrals r
LEFT JOIN organisations o ON o.id = r.organisation_id
LEFT JOIN organisations ca ON ca.id = r.competent_authority_id
LEFT JOIN LATERAL (SELECT d.* FROM decisions d WHERE d.referral_id = r.id AND d.stage = 'rg' AND d.status = 'issued' ORDER BY d.issued_at, d.id LIMIT 1) rg ON true
LEFT JOIN LATERAL (SELECT d.* FROM decisions d WHERE d.referral_id = r.id AND d.stage = 'cg' AND d.status = 'issued' ORDER BY d.issued_at, d.id LIMIT 1) cg ON true;
--> statement-breakpoint
-- Brings the rows of these referrals up to date; a row that would not change is not written.
-- The referrals are locked first, so that two transactions changing one referral's statistics (say a
-- decision and a change of Competent Authority) refresh its row one after the other, the second from a
-- snapshot taken after the first committed: neither writes a row that misses the other's change.
-- PL/pgSQL rather than SQL: its statements' plans are kept for the session, not made again on each call.
CREATE FUNCTION statistics_cases_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM referrals WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  INSERT INTO statistics_cases SELECT * FROM statistics_cases_source WHERE referral_id = ANY(ids)
  ON CONFLICT (referral_id) DO UPDATE SET
    unit_id = EXCLUDED.unit_id, received_at = EXCLUDED.received_at, route = EXCLUDED.route, authority = EXCLUDED.authority,
    age_group = EXCLUDED.age_group, gender = EXCLUDED.gender, types = EXCLUDED.types, county_lines = EXCLUDED.county_lines,
    nationality = EXCLUDED.nationality, responder_type = EXCLUDED.responder_type, police_force = EXCLUDED.police_force,
    nation = EXCLUDED.nation, location = EXCLUDED.location, reasonable_grounds_due_date = EXCLUDED.reasonable_grounds_due_date,
    rg_decision_id = EXCLUDED.rg_decision_id, rg_decided_on = EXCLUDED.rg_decided_on, rg_issued_at = EXCLUDED.rg_issued_at,
    rg_outcome = EXCLUDED.rg_outcome, rg_positive = EXCLUDED.rg_positive, rg_reason_category = EXCLUDED.rg_reason_category, rg_due_date = EXCLUDED.rg_due_date,
    cg_decision_id = EXCLUDED.cg_decision_id, cg_decided_on = EXCLUDED.cg_decided_on, cg_issued_at = EXCLUDED.cg_issued_at,
    cg_outcome = EXCLUDED.cg_outcome, cg_positive = EXCLUDED.cg_positive, cg_reason_category = EXCLUDED.cg_reason_category, cg_due_date = EXCLUDED.cg_due_date,
    positive_rg_on = EXCLUDED.positive_rg_on, earliest_cg_on = EXCLUDED.earliest_cg_on
  WHERE (statistics_cases.*) IS DISTINCT FROM (EXCLUDED.*);
END;
$$;
--> statement-breakpoint
-- Statement-level triggers with transition tables: a bulk load refreshes its rows in one statement.
-- (A trigger with transition tables has one event, hence one trigger per event.)
CREATE FUNCTION statistics_cases_after_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM statistics_cases_refresh(ARRAY(SELECT id FROM changed));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_cases_referrals_inserted AFTER INSERT ON referrals REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_referrals();
--> statement-breakpoint
CREATE TRIGGER statistics_cases_referrals_updated AFTER UPDATE ON referrals REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_referrals();
--> statement-breakpoint
CREATE FUNCTION statistics_cases_after_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM statistics_cases_refresh(ARRAY(SELECT DISTINCT referral_id FROM changed));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_cases_decisions_inserted AFTER INSERT ON decisions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_decisions();
--> statement-breakpoint
CREATE TRIGGER statistics_cases_decisions_updated AFTER UPDATE ON decisions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_decisions();
--> statement-breakpoint
CREATE TRIGGER statistics_cases_decisions_deleted AFTER DELETE ON decisions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_decisions();
--> statement-breakpoint
-- An organisation's type or Competent Authority code is a category of its referrals.
CREATE FUNCTION statistics_cases_after_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM statistics_cases_refresh(ARRAY(
    SELECT r.id FROM referrals r
    WHERE r.organisation_id IN (SELECT n.id FROM changed n JOIN before o ON o.id = n.id WHERE (n.type, n.competent_authority_code) IS DISTINCT FROM (o.type, o.competent_authority_code))
       OR r.competent_authority_id IN (SELECT n.id FROM changed n JOIN before o ON o.id = n.id WHERE (n.type, n.competent_authority_code) IS DISTINCT FROM (o.type, o.competent_authority_code))));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_cases_organisations_updated AFTER UPDATE ON organisations REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_cases_after_organisations();
--> statement-breakpoint
INSERT INTO statistics_cases SELECT * FROM statistics_cases_source;
--> statement-breakpoint
-- The cases awaiting a CG decision now, by day received, age group and nation, and the trigger that
-- keeps the counts as statistics_cases changes: each statement's rows that entered or left the state
-- are added or taken away, in one upsert in the order of the key.
INSERT INTO statistics_awaiting_cg (received_on, age_group, nation, cases)
SELECT (received_at AT TIME ZONE 'Europe/London')::date, age_group, nation, count(*)::int FROM statistics_cases
WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on = 'infinity' GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE FUNCTION statistics_awaiting_cg_apply(entered jsonb, left_ jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO statistics_awaiting_cg AS a (received_on, age_group, nation, cases)
  SELECT received_on, age_group, nation, sum(delta)::int FROM (
    SELECT (e->>'received_on')::date AS received_on, e->>'age_group' AS age_group, e->>'nation' AS nation, (e->>'n')::int AS delta FROM jsonb_array_elements(entered) e
    UNION ALL
    SELECT (l->>'received_on')::date, l->>'age_group', l->>'nation', -(l->>'n')::int FROM jsonb_array_elements(left_) l
  ) d GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (received_on, age_group, nation) DO UPDATE SET cases = a.cases + EXCLUDED.cases;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION statistics_awaiting_cg_after_cases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entered jsonb := '[]';
  left_ jsonb := '[]';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO entered FROM (
      SELECT (received_at AT TIME ZONE 'Europe/London')::date AS received_on, age_group, nation, count(*) AS n FROM changed
      WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on = 'infinity' GROUP BY 1, 2, 3) g;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO left_ FROM (
      SELECT (received_at AT TIME ZONE 'Europe/London')::date AS received_on, age_group, nation, count(*) AS n FROM before
      WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on = 'infinity' GROUP BY 1, 2, 3) g;
  END IF;
  IF entered <> '[]' OR left_ <> '[]' THEN PERFORM statistics_awaiting_cg_apply(entered, left_); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_awaiting_cg_cases_inserted AFTER INSERT ON statistics_cases REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_awaiting_cg_after_cases();
--> statement-breakpoint
CREATE TRIGGER statistics_awaiting_cg_cases_updated AFTER UPDATE ON statistics_cases REFERENCING OLD TABLE AS before NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION statistics_awaiting_cg_after_cases();
--> statement-breakpoint
CREATE TRIGGER statistics_awaiting_cg_cases_deleted AFTER DELETE ON statistics_cases REFERENCING OLD TABLE AS before FOR EACH STATEMENT EXECUTE FUNCTION statistics_awaiting_cg_after_cases();
--> statement-breakpoint
-- Covering indexes, so that each basis of the publication is one index-only range scan:
-- referrals and Duty to Notify reports by the instant received,
CREATE INDEX statistics_cases_received_idx ON statistics_cases (received_at) INCLUDE
  (unit_id, route, authority, age_group, gender, types, county_lines, nationality, responder_type, police_force, nation, location, reasonable_grounds_due_date);
--> statement-breakpoint
-- first RG and CG decisions by the day decided,
CREATE INDEX statistics_cases_rg_idx ON statistics_cases (rg_decided_on) INCLUDE
  (received_at, unit_id, route, authority, age_group, gender, types, county_lines, nationality, responder_type, police_force, nation, location, reasonable_grounds_due_date,
   rg_decision_id, rg_issued_at, rg_outcome, rg_positive, rg_reason_category, rg_due_date) WHERE rg_decided_on IS NOT NULL;
--> statement-breakpoint
CREATE INDEX statistics_cases_cg_idx ON statistics_cases (cg_decided_on) INCLUDE
  (received_at, unit_id, route, authority, age_group, gender, types, county_lines, nationality, responder_type, police_force, nation, location, reasonable_grounds_due_date,
   cg_decision_id, cg_issued_at, cg_outcome, cg_positive, cg_reason_category, cg_due_date) WHERE cg_decided_on IS NOT NULL;
--> statement-breakpoint
-- and, to correct the counts of cases awaiting a CG decision now to the end of a period: those whose
-- positive RG decision came after it, and those that stopped awaiting one after it.
CREATE INDEX statistics_cases_awaiting_since_idx ON statistics_cases (positive_rg_on) INCLUDE (received_at, age_group, nation)
  WHERE route = 'nrm' AND earliest_cg_on = 'infinity';
--> statement-breakpoint
CREATE INDEX statistics_cases_awaited_until_idx ON statistics_cases (earliest_cg_on) INCLUDE (positive_rg_on, received_at, age_group, nation)
  WHERE route = 'nrm' AND positive_rg_on IS NOT NULL AND earliest_cg_on <> 'infinity';
