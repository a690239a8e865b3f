-- Indexes for the whole government at ten times the size (issue 14), each checked with EXPLAIN
-- on the generated organisation at scale 10. INCLUDE is added by hand: drizzle has no INCLUDE.
-- A measure's submitted figure for a period, read index-only by the scorecards and exceptions.
CREATE INDEX "measure_values_submitted_lookup" ON "measure_values" USING btree ("measure_id","period_type","period") INCLUDE ("value") WHERE "measure_values"."status" = 'submitted';--> statement-breakpoint
-- A risk's latest review on or before a day (its rating as at that day), index-only.
CREATE INDEX "risk_reviews_latest_index" ON "risk_reviews" USING btree ("risk_id","reviewed_on" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("residual_likelihood","residual_impact");--> statement-breakpoint
-- Replaced by risk_reviews_latest_index, which leads with the same columns.
DROP INDEX "risk_reviews_risk_id_reviewed_on_index";--> statement-breakpoint
-- Open risks a person owns (My updates).
CREATE INDEX "risks_open_owner_user_id_index" ON "risks" USING btree ("owner_user_id") WHERE "risks"."status" = 'open';
