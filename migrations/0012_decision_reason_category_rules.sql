-- A negative decision's reason category (src/casework/reason-categories.ts): only the known codes, and
-- only on a negative decision. Rows stored before this migration have none, and keep none.
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_reason_category_check" CHECK ("reason_category" IS NULL OR (NOT "positive" AND "reason_category" IN ('no_act','no_means','no_exploitation','other_situation','not_credible','insufficient_information','other')));
--> statement-breakpoint
-- A negative decision made in Palermo from now on must have one. A CHECK cannot see who made the
-- decision, so a trigger does: decisions imported from a legacy system are made by the legacy-system
-- user (docs/IMPORT.md) and may have none, as the legacy system recorded none. It fires on insert and
-- when the category or outcome changes, so a decision stored before this migration without a category
-- can still be reviewed and issued.
CREATE FUNCTION decisions_require_reason_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT NEW.positive AND NEW.reason_category IS NULL
    AND NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.made_by AND email = 'legacy.system@palermo.invalid') THEN
    RAISE EXCEPTION 'a negative decision needs a reason category'
      USING ERRCODE = 'check_violation', TABLE = 'decisions', COLUMN = 'reason_category', CONSTRAINT = 'decisions_reason_category_required';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER decisions_reason_category_required BEFORE INSERT OR UPDATE OF "reason_category", "outcome", "positive" ON "decisions" FOR EACH ROW EXECUTE FUNCTION decisions_require_reason_category();
