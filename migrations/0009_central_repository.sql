CREATE TABLE "htcds_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_organisation_id" uuid NOT NULL,
	"case_id" text NOT NULL,
	"referral_date" date,
	"gender" text NOT NULL,
	"citizenship" text[] NOT NULL,
	"age_group" text NOT NULL,
	"exploitation_types" text[] NOT NULL,
	"methods_of_control" text[] NOT NULL,
	"trafficking_status" text,
	"fields" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"imported_by" uuid NOT NULL,
	CONSTRAINT "htcds_records_partner_case_unique" UNIQUE("partner_organisation_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "statistics_releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"area" text NOT NULL,
	"cut_off" timestamp with time zone NOT NULL,
	"rule" jsonb NOT NULL,
	"tables" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "htcds_records" ADD CONSTRAINT "htcds_records_partner_organisation_id_organisations_id_fk" FOREIGN KEY ("partner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "htcds_records" ADD CONSTRAINT "htcds_records_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_releases" ADD CONSTRAINT "statistics_releases_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "htcds_records_date_idx" ON "htcds_records" USING btree ("referral_date");--> statement-breakpoint
CREATE INDEX "statistics_releases_period_idx" ON "statistics_releases" USING btree ("period_from","period_to","area","published_at");--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_external_id_unique" UNIQUE("external_id");