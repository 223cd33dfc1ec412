CREATE TABLE "reference_items" (
	"list" text NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"nation" text,
	"parent_code" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_items_list_code_pk" PRIMARY KEY("list","code")
);
