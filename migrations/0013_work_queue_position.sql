ALTER TABLE "referrals" ADD COLUMN "queue_step" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "queue_due_on" date;--> statement-breakpoint
-- A case's next step in the Competent Authority's work queue and the day it is due (both null once
-- the case has left the queue), from the case and its decisions, recovery period and reconsiderations:
--  - a negative decision waiting for its second review: due the day it was made;
--  - a reconsideration asked for: due the day it was asked;
--  - awaiting RG: the RG due date; missing (suspended): no date;
--  - in the recovery period: the case review while it is not done, then the day a CG decision may be made.
-- The case's own columns are passed in, so an UPDATE of the case sees the values it is writing.
CREATE FUNCTION casework_queue_position(p_id uuid, p_route text, p_status text, p_rg_due date, OUT step text, OUT due_on date)
LANGUAGE sql STABLE AS $$
  SELECT
    CASE
      WHEN p_route <> 'nrm' THEN NULL
      WHEN review.since IS NOT NULL THEN 'second_review'
      WHEN asked.since IS NOT NULL THEN 'reconsideration'
      WHEN p_status = 'awaiting_rg' THEN 'rg_decision'
      WHEN p_status = 'suspended_missing' THEN 'missing'
      WHEN p_status IN ('rg_positive', 'awaiting_cg') AND period.case_reviewed_on IS NULL THEN 'case_review'
      WHEN p_status IN ('rg_positive', 'awaiting_cg') THEN 'cg_decision'
    END,
    CASE
      WHEN p_route <> 'nrm' THEN NULL
      WHEN review.since IS NOT NULL THEN review.since
      WHEN asked.since IS NOT NULL THEN asked.since
      WHEN p_status = 'awaiting_rg' THEN p_rg_due
      WHEN p_status IN ('rg_positive', 'awaiting_cg') AND period.case_reviewed_on IS NULL THEN period.case_review_due
      WHEN p_status IN ('rg_positive', 'awaiting_cg') THEN period.current_end + 1
    END
  FROM (SELECT (min(d.made_at) AT TIME ZONE 'Europe/London')::date AS since FROM decisions d WHERE d.referral_id = p_id AND d.status = 'awaiting_review') review
  CROSS JOIN (SELECT (min(x.requested_at) AT TIME ZONE 'Europe/London')::date AS since FROM reconsiderations x WHERE x.referral_id = p_id AND x.status = 'requested') asked
  LEFT JOIN recovery_periods period ON period.referral_id = p_id
$$;
--> statement-breakpoint
UPDATE referrals r SET (queue_step, queue_due_on) = (SELECT q.step, q.due_on FROM casework_queue_position(r.id, r.route, r.status, r.reasonable_grounds_due_date) q)
WHERE r.route = 'nrm';
--> statement-breakpoint
-- The queue's order (work-queue.ts): soonest due first; among cases due the same day, detained people
-- and children first; then the oldest. One index per way in: the authority's queue, one kind of step
-- (second review, reconsideration, missing), one caseworker's cases.
CREATE INDEX referrals_queue_idx ON referrals (competent_authority_id, queue_due_on ASC NULLS LAST, (detained IS TRUE) DESC, treated_as_child DESC, received_at)
  WHERE queue_step IS NOT NULL;
--> statement-breakpoint
CREATE INDEX referrals_queue_step_idx ON referrals (competent_authority_id, queue_step, queue_due_on ASC NULLS LAST, (detained IS TRUE) DESC, treated_as_child DESC, received_at)
  WHERE queue_step IS NOT NULL;
--> statement-breakpoint
CREATE INDEX referrals_queue_assignee_idx ON referrals (assigned_to, queue_due_on ASC NULLS LAST, (detained IS TRUE) DESC, treated_as_child DESC, received_at)
  WHERE queue_step IS NOT NULL;
