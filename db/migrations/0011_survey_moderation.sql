CREATE TYPE "public"."feedback_hold_reason" AS ENUM('address_rate', 'link_burst');--> statement-breakpoint
CREATE TYPE "public"."feedback_review_state" AS ENUM('counted', 'held', 'accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "feedback_interaction_uses" (
	"interaction_key" text PRIMARY KEY NOT NULL,
	"link_id" integer NOT NULL,
	"response_id" integer NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_interaction_uses_responseId_unique" UNIQUE("response_id")
);
--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "state" "feedback_review_state" DEFAULT 'counted' NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "hold_reason" "feedback_hold_reason";--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "address_key" text;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "reviewed_by_id" integer;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feedback_interaction_uses" ADD CONSTRAINT "feedback_interaction_uses_link_id_feedback_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."feedback_links"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_interaction_uses" ADD CONSTRAINT "feedback_interaction_uses_response_id_feedback_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."feedback_responses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_responses_held" ON "feedback_responses" USING btree ("submitted_at") WHERE "feedback_responses"."state" = 'held';--> statement-breakpoint
CREATE INDEX "feedback_responses_link_recent" ON "feedback_responses" USING btree ("link_id","submitted_at");--> statement-breakpoint
CREATE INDEX "feedback_responses_address_recent" ON "feedback_responses" USING btree ("address_key","submitted_at") WHERE "feedback_responses"."address_key" is not null;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_hold_reason" CHECK (("feedback_responses"."state" = 'counted') = ("feedback_responses"."hold_reason" is null));--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_verified_counted" CHECK (not "feedback_responses"."verified" or "feedback_responses"."state" = 'counted');--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_reviewed" CHECK (("feedback_responses"."state" in ('accepted', 'rejected')) = ("feedback_responses"."reviewed_at" is not null));--> statement-breakpoint
-- Phone responses were typed in by a signed-in advisor: verified, like those from single-use links.
UPDATE "feedback_responses" SET "verified" = true WHERE "source" = 'phone';
