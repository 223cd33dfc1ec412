CREATE TABLE "residence_permit_reminders" (
	"permit_id" uuid NOT NULL,
	"days_before" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "residence_permits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"granted_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"renewal_of" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "residence_permits_basis_check" CHECK ("residence_permits"."basis" IN ('police_cooperation', 'personal_circumstances')),
	CONSTRAINT "residence_permits_dates_check" CHECK ("residence_permits"."expires_on" > "residence_permits"."granted_on")
);
--> statement-breakpoint
CREATE TABLE "support_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"narrative_shared" boolean NOT NULL,
	"offered_by" uuid NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"decline_reason_sealed" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "support_allocations_status_check" CHECK ("support_allocations"."status" IN ('offered', 'accepted', 'declined', 'expired', 'ended'))
);
--> statement-breakpoint
CREATE TABLE "support_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"allocation_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"planned_end" date,
	"planned_end_rule" text NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"move_on" text,
	"started_by" uuid NOT NULL,
	"ended_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "support_episodes_allocation_id_unique" UNIQUE("allocation_id"),
	CONSTRAINT "support_episodes_dates_check" CHECK ("support_episodes"."ended_on" IS NULL OR "support_episodes"."ended_on" >= "support_episodes"."started_on")
);
--> statement-breakpoint
CREATE TABLE "support_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"regions" text[] NOT NULL,
	"client_group" text NOT NULL,
	"exploitation_types" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"places" integer NOT NULL,
	"places_taken" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_services_places_check" CHECK ("support_services"."places" >= 0 AND "support_services"."places_taken" >= 0 AND "support_services"."places_taken" <= "support_services"."places"),
	CONSTRAINT "support_services_kind_check" CHECK ("support_services"."kind" IN ('accommodation', 'outreach'))
);
--> statement-breakpoint
CREATE TABLE "child_safeguarding" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"plan_status" text,
	"plan_agreed_on" date,
	"lead_social_worker" text,
	"plan_summary_sealed" text,
	"placement_type" text,
	"placement_started_on" date,
	"placement_details_sealed" text,
	"guardian_name" text,
	"guardian_organisation" text,
	"guardian_appointed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "child_safeguarding_plan_status_check" CHECK ("child_safeguarding"."plan_status" IS NULL OR "child_safeguarding"."plan_status" IN ('in_preparation', 'agreed', 'under_review', 'closed')),
	CONSTRAINT "child_safeguarding_placement_type_check" CHECK ("child_safeguarding"."placement_type" IS NULL OR "child_safeguarding"."placement_type" IN ('foster_care', 'residential', 'supported_lodgings', 'kinship', 'secure', 'other')),
	CONSTRAINT "child_safeguarding_plan_whole_check" CHECK (("child_safeguarding"."plan_status" IS NULL) = ("child_safeguarding"."plan_summary_sealed" IS NULL) AND ("child_safeguarding"."plan_status" IS NULL) = ("child_safeguarding"."lead_social_worker" IS NULL)),
	CONSTRAINT "child_safeguarding_placement_whole_check" CHECK (("child_safeguarding"."placement_type" IS NULL) = ("child_safeguarding"."placement_started_on" IS NULL)),
	CONSTRAINT "child_safeguarding_guardian_whole_check" CHECK (("child_safeguarding"."guardian_name" IS NULL) = ("child_safeguarding"."guardian_appointed_on" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "multi_agency_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"question_sealed" text NOT NULL,
	"answer_sealed" text NOT NULL,
	"asked_on" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "multi_agency_entries_topic_check" CHECK ("multi_agency_entries"."topic" IN ('identity', 'family', 'journey', 'exploitation', 'health', 'education', 'risks', 'other'))
);
--> statement-breakpoint
CREATE TABLE "missing_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"concern" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_count" integer DEFAULT 1 NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	CONSTRAINT "missing_alerts_episode_organisation_unique" UNIQUE("episode_id","organisation_id"),
	CONSTRAINT "missing_alerts_concern_check" CHECK ("missing_alerts"."concern" IN ('police', 'competent_authority', 'local_authority', 'support_provider')),
	CONSTRAINT "missing_alerts_acknowledged_check" CHECK (("missing_alerts"."acknowledged_at" IS NULL) = ("missing_alerts"."acknowledged_by" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "missing_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"child" boolean NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"circumstances_sealed" text NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_by_organisation_id" uuid NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"police_force_code" text,
	"suspended_case" boolean DEFAULT false NOT NULL,
	"outcome" text,
	"ended_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "missing_episodes_idempotency_unique" UNIQUE("reported_by_organisation_id","idempotency_key"),
	CONSTRAINT "missing_episodes_outcome_check" CHECK ("missing_episodes"."outcome" IS NULL OR "missing_episodes"."outcome" IN ('found', 'not_found', 'returned_home')),
	CONSTRAINT "missing_episodes_closed_check" CHECK (("missing_episodes"."outcome" IS NULL) = ("missing_episodes"."ended_at" IS NULL) AND ("missing_episodes"."outcome" IS NULL) = ("missing_episodes"."closed_at" IS NULL)),
	CONSTRAINT "missing_episodes_end_check" CHECK ("missing_episodes"."ended_at" IS NULL OR "missing_episodes"."ended_at" >= "missing_episodes"."last_seen_at")
);
--> statement-breakpoint
CREATE TABLE "re_trafficking_risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"evidence_sealed" text NOT NULL,
	"level" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"assessed_by" uuid NOT NULL,
	"assessed_by_organisation_id" uuid NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"signed_off_by" uuid,
	"signed_off_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	CONSTRAINT "re_trafficking_risk_assessments_level_check" CHECK ("re_trafficking_risk_assessments"."level" IN ('low', 'medium', 'high')),
	CONSTRAINT "re_trafficking_risk_assessments_sign_off_check" CHECK (("re_trafficking_risk_assessments"."signed_off_by" IS NULL) = ("re_trafficking_risk_assessments"."signed_off_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "voluntary_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"destination_country" text NOT NULL,
	"requested_on" date NOT NULL,
	"status" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"reintegration_partner" text,
	"returned_on" date,
	"assessment_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "voluntary_returns_status_check" CHECK ("voluntary_returns"."status" IN ('requested', 'returned', 'cancelled')),
	CONSTRAINT "voluntary_returns_recorded_check" CHECK ("voluntary_returns"."status" <> 'returned' OR ("voluntary_returns"."returned_on" IS NOT NULL AND "voluntary_returns"."assessment_id" IS NOT NULL AND "voluntary_returns"."recorded_by" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "intelligence_report_referrals" (
	"report_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"linked_by" uuid NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intelligence_report_referrals_report_id_referral_id_pk" PRIMARY KEY("report_id","referral_id")
);
--> statement-breakpoint
CREATE TABLE "intelligence_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"source" text NOT NULL,
	"organisation_id" uuid,
	"submitted_by" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"what_sealed" text NOT NULL,
	"people_sealed" text,
	"places" text[] DEFAULT '{}'::text[] NOT NULL,
	"businesses" text[] DEFAULT '{}'::text[] NOT NULL,
	"vehicles" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone_numbers" text[] DEFAULT '{}'::text[] NOT NULL,
	"exploitation_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"police_force_code" text,
	"source_evaluation" text,
	"intelligence_assessment" text,
	"handling_code" text,
	"triage_status" text DEFAULT 'new' NOT NULL,
	"triaged_by" uuid,
	"triaged_at" timestamp with time zone,
	"search_text" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intelligence_reports_reference_unique" UNIQUE("reference"),
	CONSTRAINT "intelligence_reports_source_check" CHECK ("intelligence_reports"."source" IN ('agency', 'public')),
	CONSTRAINT "intelligence_reports_sender_check" CHECK (CASE WHEN "intelligence_reports"."source" = 'agency'
    THEN "intelligence_reports"."organisation_id" IS NOT NULL AND "intelligence_reports"."submitted_by" IS NOT NULL
    ELSE "intelligence_reports"."organisation_id" IS NULL AND "intelligence_reports"."submitted_by" IS NULL AND "intelligence_reports"."idempotency_key" IS NULL AND "intelligence_reports"."request_hash" IS NULL END),
	CONSTRAINT "intelligence_reports_triage_check" CHECK ("intelligence_reports"."triage_status" IN ('new', 'triaged', 'actioned', 'no_further_action')),
	CONSTRAINT "intelligence_reports_grading_check" CHECK (("intelligence_reports"."source_evaluation" IS NULL OR "intelligence_reports"."source_evaluation" IN ('A', 'B', 'C'))
    AND ("intelligence_reports"."intelligence_assessment" IS NULL OR "intelligence_reports"."intelligence_assessment" IN ('1', '2', '3', '4', '5'))
    AND ("intelligence_reports"."handling_code" IS NULL OR "intelligence_reports"."handling_code" IN ('P', 'C')))
);
--> statement-breakpoint
CREATE TABLE "action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"published_on" date,
	"predecessor_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_plans_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "plan_action_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid
);
--> statement-breakpoint
CREATE TABLE "plan_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"indicators" text[] NOT NULL,
	"timetable" text NOT NULL,
	"due_on" date,
	"responsible_text" text NOT NULL,
	"status" text NOT NULL,
	"status_note" text NOT NULL,
	"status_on" date NOT NULL,
	"withdrawal_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_actions_status_check" CHECK ("plan_actions"."status" IN ('new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn')),
	CONSTRAINT "plan_actions_withdrawal_check" CHECK ("plan_actions"."status" <> 'withdrawn' OR "plan_actions"."withdrawal_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "plan_carry_over_targets" (
	"carry_over_id" uuid NOT NULL,
	"action_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_carry_overs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"previous_plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"section" text,
	"previous_number" integer NOT NULL,
	"previous_text" text NOT NULL,
	"outcome" text NOT NULL,
	"disposition" text NOT NULL,
	CONSTRAINT "plan_carry_overs_disposition_check" CHECK ("plan_carry_overs"."disposition" IN ('ongoing', 'completed', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "plan_chapters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "plan_chapters_code_check" CHECK ("plan_chapters"."code" IN ('prevention', 'investigation', 'adult_victims', 'child_victims'))
);
--> statement-breakpoint
CREATE TABLE "plan_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chapter_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_progress_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"status" text NOT NULL,
	"note" text NOT NULL,
	"noted_on" date NOT NULL,
	"withdrawal_reason" text,
	"state" text NOT NULL,
	"proposed_by" uuid,
	"proposed_by_organisation_id" uuid,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"return_reason" text,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "plan_progress_updates_state_check" CHECK ("plan_progress_updates"."state" IN ('proposed', 'approved', 'returned')),
	CONSTRAINT "plan_progress_updates_status_check" CHECK ("plan_progress_updates"."status" IN ('new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn') AND "plan_progress_updates"."from_status" IN ('new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn')),
	CONSTRAINT "plan_progress_updates_withdrawal_check" CHECK ("plan_progress_updates"."status" <> 'withdrawn' OR "plan_progress_updates"."withdrawal_reason" IS NOT NULL),
	CONSTRAINT "plan_progress_updates_return_check" CHECK ("plan_progress_updates"."state" <> 'returned' OR "plan_progress_updates"."return_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "prosecution_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prosecution_id" uuid NOT NULL,
	"defendant_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"offence" text NOT NULL,
	"result" text NOT NULL,
	"sentence_kind" text,
	"sentence_months" integer,
	CONSTRAINT "prosecution_charges_offence_unique" UNIQUE("defendant_id","offence"),
	CONSTRAINT "prosecution_charges_offence_check" CHECK ("prosecution_charges"."offence" IN ('soa2003_s57', 'soa2003_s58', 'soa2003_s59', 'soa2003_s59a', 'aitca2004_s4', 'cja2009_s71', 'msa2015_s1', 'msa2015_s2', 'htesa2015_s1', 'htesa2015_s4', 'hteni2015_s1', 'hteni2015_s2')),
	CONSTRAINT "prosecution_charges_result_check" CHECK ("prosecution_charges"."result" IN ('convicted', 'acquitted', 'discontinued', 'pending', 'not_proceeded_with')),
	CONSTRAINT "prosecution_charges_sentence_check" CHECK ("prosecution_charges"."sentence_kind" IS NULL OR ("prosecution_charges"."result" = 'convicted' AND "prosecution_charges"."sentence_kind" IN ('custody', 'suspended', 'community_order', 'other'))),
	CONSTRAINT "prosecution_charges_months_check" CHECK (("prosecution_charges"."sentence_months" IS NULL) = ("prosecution_charges"."sentence_kind" IS NULL OR "prosecution_charges"."sentence_kind" NOT IN ('custody', 'suspended')) AND ("prosecution_charges"."sentence_months" IS NULL OR "prosecution_charges"."sentence_months" > 0))
);
--> statement-breakpoint
CREATE TABLE "prosecution_defendants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prosecution_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label_sealed" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "prosecution_defendants_position_unique" UNIQUE("prosecution_id","position"),
	CONSTRAINT "prosecution_defendants_role_check" CHECK ("prosecution_defendants"."role" IN ('principal', 'secondary_party', 'facilitator', 'controller', 'recruiter', 'transporter', 'other'))
);
--> statement-breakpoint
CREATE TABLE "prosecution_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"prosecution_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prosecution_submissions_key_unique" UNIQUE("organisation_id","idempotency_key"),
	CONSTRAINT "prosecution_submissions_outcome_check" CHECK ("prosecution_submissions"."outcome" IN ('created', 'revised', 'unchanged'))
);
--> statement-breakpoint
CREATE TABLE "prosecution_victims" (
	"prosecution_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	CONSTRAINT "prosecution_victims_prosecution_id_referral_id_pk" PRIMARY KEY("prosecution_id","referral_id")
);
--> statement-breakpoint
CREATE TABLE "prosecutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"court_name" text NOT NULL,
	"court_type" text NOT NULL,
	"charged_on" date NOT NULL,
	"concluded_on" date,
	"source_updated_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prosecutions_reference_unique" UNIQUE("organisation_id","reference"),
	CONSTRAINT "prosecutions_court_type_check" CHECK ("prosecutions"."court_type" IN ('crown', 'magistrates', 'high_court_of_justiciary', 'sheriff')),
	CONSTRAINT "prosecutions_dates_check" CHECK ("prosecutions"."concluded_on" IS NULL OR "prosecutions"."concluded_on" >= "prosecutions"."charged_on")
);
--> statement-breakpoint
ALTER TABLE "residence_permit_reminders" ADD CONSTRAINT "residence_permit_reminders_permit_id_residence_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."residence_permits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence_permits" ADD CONSTRAINT "residence_permits_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence_permits" ADD CONSTRAINT "residence_permits_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence_permits" ADD CONSTRAINT "residence_permits_renewal_of_residence_permits_id_fk" FOREIGN KEY ("renewal_of") REFERENCES "public"."residence_permits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residence_permits" ADD CONSTRAINT "residence_permits_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allocations" ADD CONSTRAINT "support_allocations_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allocations" ADD CONSTRAINT "support_allocations_service_id_support_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."support_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allocations" ADD CONSTRAINT "support_allocations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allocations" ADD CONSTRAINT "support_allocations_offered_by_users_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_allocations" ADD CONSTRAINT "support_allocations_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_allocation_id_support_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."support_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_service_id_support_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."support_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_episodes" ADD CONSTRAINT "support_episodes_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_services" ADD CONSTRAINT "support_services_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_safeguarding" ADD CONSTRAINT "child_safeguarding_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_safeguarding" ADD CONSTRAINT "child_safeguarding_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "multi_agency_entries" ADD CONSTRAINT "multi_agency_entries_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "multi_agency_entries" ADD CONSTRAINT "multi_agency_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "multi_agency_entries" ADD CONSTRAINT "multi_agency_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_alerts" ADD CONSTRAINT "missing_alerts_episode_id_missing_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."missing_episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_alerts" ADD CONSTRAINT "missing_alerts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_alerts" ADD CONSTRAINT "missing_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_reported_by_organisation_id_organisations_id_fk" FOREIGN KEY ("reported_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_episodes" ADD CONSTRAINT "missing_episodes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_trafficking_risk_assessments" ADD CONSTRAINT "re_trafficking_risk_assessments_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_trafficking_risk_assessments" ADD CONSTRAINT "re_trafficking_risk_assessments_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_trafficking_risk_assessments" ADD CONSTRAINT "re_trafficking_risk_assessments_assessed_by_organisation_id_organisations_id_fk" FOREIGN KEY ("assessed_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_trafficking_risk_assessments" ADD CONSTRAINT "re_trafficking_risk_assessments_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_returns" ADD CONSTRAINT "voluntary_returns_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_returns" ADD CONSTRAINT "voluntary_returns_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_returns" ADD CONSTRAINT "voluntary_returns_assessment_id_re_trafficking_risk_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."re_trafficking_risk_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_returns" ADD CONSTRAINT "voluntary_returns_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_report_referrals" ADD CONSTRAINT "intelligence_report_referrals_report_id_intelligence_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."intelligence_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_report_referrals" ADD CONSTRAINT "intelligence_report_referrals_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_report_referrals" ADD CONSTRAINT "intelligence_report_referrals_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_reports" ADD CONSTRAINT "intelligence_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_reports" ADD CONSTRAINT "intelligence_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_reports" ADD CONSTRAINT "intelligence_reports_triaged_by_users_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_predecessor_id_action_plans_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action_parties" ADD CONSTRAINT "plan_action_parties_action_id_plan_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action_parties" ADD CONSTRAINT "plan_action_parties_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_objective_id_plan_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."plan_objectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_carry_over_targets" ADD CONSTRAINT "plan_carry_over_targets_carry_over_id_plan_carry_overs_id_fk" FOREIGN KEY ("carry_over_id") REFERENCES "public"."plan_carry_overs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_carry_over_targets" ADD CONSTRAINT "plan_carry_over_targets_action_id_plan_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_carry_overs" ADD CONSTRAINT "plan_carry_overs_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_carry_overs" ADD CONSTRAINT "plan_carry_overs_previous_plan_id_action_plans_id_fk" FOREIGN KEY ("previous_plan_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_chapters" ADD CONSTRAINT "plan_chapters_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_objectives" ADD CONSTRAINT "plan_objectives_chapter_id_plan_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."plan_chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_updates" ADD CONSTRAINT "plan_progress_updates_action_id_plan_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_updates" ADD CONSTRAINT "plan_progress_updates_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_updates" ADD CONSTRAINT "plan_progress_updates_proposed_by_organisation_id_organisations_id_fk" FOREIGN KEY ("proposed_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_updates" ADD CONSTRAINT "plan_progress_updates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_charges" ADD CONSTRAINT "prosecution_charges_prosecution_id_prosecutions_id_fk" FOREIGN KEY ("prosecution_id") REFERENCES "public"."prosecutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_charges" ADD CONSTRAINT "prosecution_charges_defendant_id_prosecution_defendants_id_fk" FOREIGN KEY ("defendant_id") REFERENCES "public"."prosecution_defendants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_defendants" ADD CONSTRAINT "prosecution_defendants_prosecution_id_prosecutions_id_fk" FOREIGN KEY ("prosecution_id") REFERENCES "public"."prosecutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_submissions" ADD CONSTRAINT "prosecution_submissions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_submissions" ADD CONSTRAINT "prosecution_submissions_prosecution_id_prosecutions_id_fk" FOREIGN KEY ("prosecution_id") REFERENCES "public"."prosecutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_victims" ADD CONSTRAINT "prosecution_victims_prosecution_id_prosecutions_id_fk" FOREIGN KEY ("prosecution_id") REFERENCES "public"."prosecutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecution_victims" ADD CONSTRAINT "prosecution_victims_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prosecutions" ADD CONSTRAINT "prosecutions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "residence_permit_reminders_once_idx" ON "residence_permit_reminders" USING btree ("permit_id","days_before");--> statement-breakpoint
CREATE INDEX "residence_permits_referral_idx" ON "residence_permits" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "residence_permits_expires_idx" ON "residence_permits" USING btree ("expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "residence_permits_renewal_idx" ON "residence_permits" USING btree ("renewal_of") WHERE renewal_of IS NOT NULL;--> statement-breakpoint
CREATE INDEX "support_allocations_referral_idx" ON "support_allocations" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "support_allocations_provider_idx" ON "support_allocations" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "support_allocations_one_open_idx" ON "support_allocations" USING btree ("referral_id") WHERE status IN ('offered', 'accepted');--> statement-breakpoint
CREATE INDEX "support_episodes_referral_idx" ON "support_episodes" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "support_episodes_provider_idx" ON "support_episodes" USING btree ("organisation_id","ended_on");--> statement-breakpoint
CREATE INDEX "support_services_organisation_idx" ON "support_services" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "multi_agency_entries_referral_idx" ON "multi_agency_entries" USING btree ("referral_id","created_at");--> statement-breakpoint
CREATE INDEX "missing_alerts_organisation_idx" ON "missing_alerts" USING btree ("organisation_id","acknowledged_at");--> statement-breakpoint
CREATE INDEX "missing_alerts_repeat_idx" ON "missing_alerts" USING btree ("last_sent_at") WHERE acknowledged_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "missing_episodes_one_open_idx" ON "missing_episodes" USING btree ("referral_id") WHERE outcome IS NULL;--> statement-breakpoint
CREATE INDEX "missing_episodes_referral_idx" ON "missing_episodes" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "missing_episodes_last_seen_idx" ON "missing_episodes" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "re_trafficking_risk_assessments_referral_idx" ON "re_trafficking_risk_assessments" USING btree ("referral_id","assessed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "re_trafficking_risk_assessments_idempotency_idx" ON "re_trafficking_risk_assessments" USING btree ("referral_id","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "voluntary_returns_referral_idx" ON "voluntary_returns" USING btree ("referral_id");--> statement-breakpoint
CREATE UNIQUE INDEX "voluntary_returns_one_open_idx" ON "voluntary_returns" USING btree ("referral_id") WHERE status = 'requested';--> statement-breakpoint
CREATE INDEX "intelligence_report_referrals_referral_idx" ON "intelligence_report_referrals" USING btree ("referral_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intelligence_reports_idempotency_idx" ON "intelligence_reports" USING btree ("organisation_id","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "intelligence_reports_organisation_idx" ON "intelligence_reports" USING btree ("organisation_id","received_at");--> statement-breakpoint
CREATE INDEX "intelligence_reports_triage_idx" ON "intelligence_reports" USING btree ("triage_status","received_at");--> statement-breakpoint
CREATE INDEX "intelligence_reports_force_idx" ON "intelligence_reports" USING btree ("police_force_code");--> statement-breakpoint
CREATE INDEX "intelligence_reports_search_idx" ON "intelligence_reports" USING gin (to_tsvector('english', "search_text"));--> statement-breakpoint
CREATE UNIQUE INDEX "plan_action_parties_position_idx" ON "plan_action_parties" USING btree ("action_id","position");--> statement-breakpoint
CREATE INDEX "plan_action_parties_organisation_idx" ON "plan_action_parties" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_actions_number_idx" ON "plan_actions" USING btree ("plan_id","number");--> statement-breakpoint
CREATE INDEX "plan_actions_objective_idx" ON "plan_actions" USING btree ("objective_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_carry_over_targets_idx" ON "plan_carry_over_targets" USING btree ("carry_over_id","action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_carry_overs_previous_idx" ON "plan_carry_overs" USING btree ("plan_id","previous_number");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_chapters_code_idx" ON "plan_chapters" USING btree ("plan_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_objectives_number_idx" ON "plan_objectives" USING btree ("chapter_id","number");--> statement-breakpoint
CREATE INDEX "plan_progress_updates_action_idx" ON "plan_progress_updates" USING btree ("action_id","proposed_at");--> statement-breakpoint
CREATE INDEX "plan_progress_updates_pending_idx" ON "plan_progress_updates" USING btree ("proposed_at") WHERE state = 'proposed';--> statement-breakpoint
CREATE INDEX "plan_progress_updates_decided_idx" ON "plan_progress_updates" USING btree ("decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_progress_updates_idempotency_idx" ON "plan_progress_updates" USING btree ("proposed_by","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "prosecution_charges_prosecution_idx" ON "prosecution_charges" USING btree ("prosecution_id");--> statement-breakpoint
CREATE INDEX "prosecution_victims_referral_idx" ON "prosecution_victims" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "prosecutions_concluded_idx" ON "prosecutions" USING btree ("concluded_on");--> statement-breakpoint
CREATE INDEX "referrals_child_area_idx" ON "referrals" USING btree ("local_authority_code","received_at") WHERE treated_as_child;