CREATE TYPE "public"."feedback_channel" AS ENUM('phone', 'email', 'in_person', 'online');--> statement-breakpoint
CREATE TYPE "public"."feedback_metric" AS ENUM('csat', 'ces', 'csi');--> statement-breakpoint
CREATE TYPE "public"."feedback_source" AS ENUM('link', 'phone');--> statement-breakpoint
CREATE TABLE "feedback_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feedback_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"token" text NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_links_unitId_unique" UNIQUE("unit_id"),
	CONSTRAINT "feedback_links_token_unique" UNIQUE("token"),
	CONSTRAINT "feedback_links_token_format" CHECK ("feedback_links"."token" ~ '^[A-Za-z0-9_-]{16,64}$')
);
--> statement-breakpoint
CREATE TABLE "feedback_response_themes" (
	"response_id" integer NOT NULL,
	"theme_id" integer NOT NULL,
	"tagged_by_id" integer,
	"tagged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_response_themes_response_id_theme_id_pk" PRIMARY KEY("response_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_responses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feedback_responses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"link_id" integer,
	"source" "feedback_source" NOT NULL,
	"period" date NOT NULL,
	"csat" smallint NOT NULL,
	"ces" smallint NOT NULL,
	"csi" smallint NOT NULL,
	"comment" text,
	"channel" "feedback_channel",
	"entered_by_id" integer,
	"submission_key" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_responses_submissionKey_unique" UNIQUE("submission_key"),
	CONSTRAINT "feedback_responses_period_month" CHECK (extract(day from "feedback_responses"."period") = 1),
	CONSTRAINT "feedback_responses_csat_range" CHECK ("feedback_responses"."csat" between 1 and 5),
	CONSTRAINT "feedback_responses_ces_range" CHECK ("feedback_responses"."ces" between 1 and 7),
	CONSTRAINT "feedback_responses_csi_range" CHECK ("feedback_responses"."csi" between 1 and 5),
	CONSTRAINT "feedback_responses_comment_length" CHECK ("feedback_responses"."comment" is null or char_length("feedback_responses"."comment") <= 2000),
	CONSTRAINT "feedback_responses_key_length" CHECK (char_length("feedback_responses"."submission_key") between 8 and 100)
);
--> statement-breakpoint
CREATE TABLE "feedback_themes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feedback_themes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer,
	"name" text NOT NULL,
	"description" text,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_themes_name_length" CHECK (char_length("feedback_themes"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "feedback_metric" "feedback_metric";--> statement-breakpoint
ALTER TABLE "feedback_links" ADD CONSTRAINT "feedback_links_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_links" ADD CONSTRAINT "feedback_links_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_response_themes" ADD CONSTRAINT "feedback_response_themes_response_id_feedback_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."feedback_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_response_themes" ADD CONSTRAINT "feedback_response_themes_theme_id_feedback_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."feedback_themes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_response_themes" ADD CONSTRAINT "feedback_response_themes_tagged_by_id_users_id_fk" FOREIGN KEY ("tagged_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_link_id_feedback_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."feedback_links"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_themes" ADD CONSTRAINT "feedback_themes_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_themes" ADD CONSTRAINT "feedback_themes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_response_themes_theme_id_index" ON "feedback_response_themes" USING btree ("theme_id");--> statement-breakpoint
CREATE INDEX "feedback_responses_unit_id_period_index" ON "feedback_responses" USING btree ("unit_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_themes_name_unique" ON "feedback_themes" USING btree (coalesce("department_id", 0),lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "measures_unit_feedback_metric" ON "measures" USING btree ("unit_id","feedback_metric") WHERE "measures"."feedback_metric" is not null;--> statement-breakpoint
-- The built-in themes: CLS's top three feedback themes (reply to the PAC, July 2021). Every department can tag with them.
INSERT INTO "feedback_themes" ("department_id", "name", "description", "sort_order") VALUES
	(NULL, 'Consistency of information', 'Customers were told different things by different people or channels.', 1),
	(NULL, 'How the customer felt after the interaction', 'How being helped made the customer feel: listened to, reassured, frustrated.', 2),
	(NULL, 'Quality of service', 'The quality of the help itself: accuracy, knowledge, timeliness, courtesy.', 3);
