CREATE TABLE "possible_duplicates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"reasons" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "referral_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"sealed" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referral_drafts_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "referral_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_people" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"sealed" text NOT NULL,
	"name_keys" text[] NOT NULL,
	"birth_date_key" text
);
--> statement-breakpoint
CREATE TABLE "referral_situations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"types" text[] NOT NULL,
	"county_lines" boolean DEFAULT false NOT NULL,
	"start_month" text,
	"end_month" text,
	"ongoing" boolean DEFAULT false NOT NULL,
	"uk_places" text[] NOT NULL,
	"overseas_countries" text[] NOT NULL,
	"recruitment" text[] NOT NULL,
	"means_of_control" text[] NOT NULL,
	"indicators" text[] NOT NULL,
	"narrative_sealed" text
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"pseudonym" uuid DEFAULT gen_random_uuid() NOT NULL,
	"route" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"nation" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"competent_authority_id" uuid,
	"routing_rule" text,
	"routing_explanation" text,
	"age_group" text NOT NULL,
	"treated_as_child" boolean NOT NULL,
	"consent" boolean,
	"gender" text NOT NULL,
	"nationalities" text[] NOT NULL,
	"exploitation_types" text[] NOT NULL,
	"county_lines" boolean DEFAULT false NOT NULL,
	"exploitation_location" text NOT NULL,
	"police_force_code" text,
	"local_authority_code" text,
	"detained" boolean,
	"asylum_claim" text,
	"immigration_status" text,
	"reasonable_grounds_due_date" date,
	"details" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referrals_reference_unique" UNIQUE("reference"),
	CONSTRAINT "referrals_pseudonym_unique" UNIQUE("pseudonym"),
	CONSTRAINT "referrals_idempotency_unique" UNIQUE("organisation_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic" text NOT NULL,
	"recipient_organisation_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "competent_authority_code" text;--> statement-breakpoint
ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "possible_duplicates" ADD CONSTRAINT "possible_duplicates_candidate_id_referrals_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_notes" ADD CONSTRAINT "referral_notes_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_notes" ADD CONSTRAINT "referral_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_notes" ADD CONSTRAINT "referral_notes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_people" ADD CONSTRAINT "referral_people_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_situations" ADD CONSTRAINT "referral_situations_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_competent_authority_id_organisations_id_fk" FOREIGN KEY ("competent_authority_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_recipient_organisation_id_organisations_id_fk" FOREIGN KEY ("recipient_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "possible_duplicates_referral_idx" ON "possible_duplicates" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referral_drafts_organisation_idx" ON "referral_drafts" USING btree ("organisation_id","expires_at");--> statement-breakpoint
CREATE INDEX "referral_notes_referral_idx" ON "referral_notes" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referral_people_birth_idx" ON "referral_people" USING btree ("birth_date_key");--> statement-breakpoint
CREATE INDEX "referral_situations_referral_idx" ON "referral_situations" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referrals_organisation_idx" ON "referrals" USING btree ("organisation_id","received_at");--> statement-breakpoint
CREATE INDEX "referrals_ca_idx" ON "referrals" USING btree ("competent_authority_id","status");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox_messages" USING btree ("delivered_at","available_at");--> statement-breakpoint
CREATE INDEX "outbox_subject_idx" ON "outbox_messages" USING btree ("subject_type","subject_id");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_competent_authority_code_unique" UNIQUE("competent_authority_code");