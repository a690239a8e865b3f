import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { recommendationAcceptance, recommendationSource, recommendationStatus } from "./enums";
import { orgUnits, users } from "./org";

/** Recommendations from the C&AG, the PAC and internal audit, tracked to completion. */
export const recommendations = pgTable(
  "recommendations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    ref: text().notNull().unique(),
    source: recommendationSource().notNull(),
    reportTitle: text().notNull(),
    reportDate: date(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    text: text().notNull(),
    /** Accepted, partially accepted or rejected; null while the department has not yet responded. */
    acceptance: recommendationAcceptance(),
    /** The department's response: what it will do, or why it rejects (part of) the recommendation. */
    response: text(),
    ownerName: text().notNull(),
    targetDate: date(),
    status: recommendationStatus().notNull().default("open"),
    /** What shows it is done: the answer to "how do you know when it is complete?" */
    completionEvidence: text(),
    implementedOn: date(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.unitId),
    index().on(t.status),
    check("recommendations_rejection_reason", sql`${t.acceptance} is distinct from 'rejected' or ${t.response} is not null`),
  ],
);

/** Progress updates on a recommendation, newest last: the trail of how it got to done. */
export const recommendationUpdates = pgTable(
  "recommendation_updates",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    recommendationId: integer()
      .notNull()
      .references(() => recommendations.id, { onDelete: "cascade" }),
    note: text().notNull(),
    /** The status the update moved it to, when it changed. */
    statusFrom: recommendationStatus(),
    statusTo: recommendationStatus(),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.recommendationId, t.createdAt)],
);

export type Recommendation = typeof recommendations.$inferSelect;
export type RecommendationUpdate = typeof recommendationUpdates.$inferSelect;
