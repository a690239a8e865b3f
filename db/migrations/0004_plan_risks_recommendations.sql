CREATE TYPE "public"."mitigation_kind" AS ENUM('control', 'action');--> statement-breakpoint
CREATE TYPE "public"."recommendation_acceptance" AS ENUM('accepted', 'partially_accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "milestone_forecast_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "milestone_forecast_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"milestone_id" integer NOT NULL,
	"from_date" date,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"changed_by_id" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendation_updates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recommendation_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"recommendation_id" integer NOT NULL,
	"note" text NOT NULL,
	"status_from" "recommendation_status",
	"status_to" "recommendation_status",
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recommendation_updates" ALTER COLUMN "status_from" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "recommendation_updates" ALTER COLUMN "status_to" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "recommendations" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "recommendations" ALTER COLUMN "status" SET DEFAULT 'open'::text;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "acceptance" "recommendation_acceptance";--> statement-breakpoint
-- "not accepted" was a status; it is now the department's answer (rejected), and the item is closed.
UPDATE "recommendations" SET "acceptance" = 'rejected', "status" = 'closed' WHERE "status" = 'not_accepted';--> statement-breakpoint
UPDATE "recommendations" SET "acceptance" = 'accepted' WHERE "acceptance" IS NULL AND "response" IS NOT NULL;--> statement-breakpoint
DROP TYPE "public"."recommendation_status";--> statement-breakpoint
CREATE TYPE "public"."recommendation_status" AS ENUM('open', 'in_progress', 'implemented', 'closed', 'superseded');--> statement-breakpoint
ALTER TABLE "recommendation_updates" ALTER COLUMN "status_from" SET DATA TYPE "public"."recommendation_status" USING "status_from"::"public"."recommendation_status";--> statement-breakpoint
ALTER TABLE "recommendation_updates" ALTER COLUMN "status_to" SET DATA TYPE "public"."recommendation_status" USING "status_to"::"public"."recommendation_status";--> statement-breakpoint
ALTER TABLE "recommendations" ALTER COLUMN "status" SET DEFAULT 'open'::"public"."recommendation_status";--> statement-breakpoint
ALTER TABLE "recommendations" ALTER COLUMN "status" SET DATA TYPE "public"."recommendation_status" USING "status"::"public"."recommendation_status";--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "risk_mitigations" ADD COLUMN "kind" "mitigation_kind" DEFAULT 'action' NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_mitigations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risks" ADD COLUMN "escalated_by_id" integer;--> statement-breakpoint
ALTER TABLE "milestone_forecast_changes" ADD CONSTRAINT "milestone_forecast_changes_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_forecast_changes" ADD CONSTRAINT "milestone_forecast_changes_changed_by_id_users_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_updates" ADD CONSTRAINT "recommendation_updates_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_updates" ADD CONSTRAINT "recommendation_updates_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "milestone_forecast_changes_milestone_id_changed_at_index" ON "milestone_forecast_changes" USING btree ("milestone_id","changed_at");--> statement-breakpoint
CREATE INDEX "recommendation_updates_recommendation_id_created_at_index" ON "recommendation_updates" USING btree ("recommendation_id","created_at");--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_escalated_by_id_users_id_fk" FOREIGN KEY ("escalated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
UPDATE "milestones" SET "actual_date" = coalesce("forecast_date", "planned_date") WHERE "status" = 'achieved' AND "actual_date" IS NULL;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_achieved_has_date" CHECK ("milestones"."status" <> 'achieved' or "milestones"."actual_date" is not null);--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_rejection_reason" CHECK ("recommendations"."acceptance" is distinct from 'rejected' or "recommendations"."response" is not null);