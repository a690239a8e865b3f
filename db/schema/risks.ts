import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { mitigationKind, mitigationStatus, riskStatus } from "./enums";
import { orgUnits, users } from "./org";

const rating = (col: unknown) => sql`${col} between 1 and 5`;

/** Risk register: cause → event → impact, rated 1–5 × 1–5 before (inherent) and after (residual) mitigation. */
export const risks = pgTable(
  "risks",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    ref: text().notNull().unique(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    title: text().notNull(),
    cause: text().notNull(),
    event: text().notNull(),
    impact: text().notNull(),
    category: text().notNull(),
    ownerName: text().notNull(),
    ownerUserId: integer().references(() => users.id, { onDelete: "set null" }),
    inherentLikelihood: smallint().notNull(),
    inherentImpact: smallint().notNull(),
    residualLikelihood: smallint().notNull(),
    residualImpact: smallint().notNull(),
    /** Target score (risk appetite); a residual score above it is flagged for escalation. */
    appetiteScore: smallint().notNull(),
    status: riskStatus().notNull().default("open"),
    escalated: boolean().notNull().default(false),
    escalatedAt: timestamp({ withTimezone: true }),
    escalatedById: integer().references(() => users.id, { onDelete: "set null" }),
    escalationNote: text(),
    isPublic: boolean().notNull().default(false),
    lastReviewedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.unitId),
    // "Risks you own" on My updates.
    index("risks_open_owner_user_id_index").on(t.ownerUserId).where(sql`${t.status} = 'open'`),
    check("risks_inherent_likelihood", rating(t.inherentLikelihood)),
    check("risks_inherent_impact", rating(t.inherentImpact)),
    check("risks_residual_likelihood", rating(t.residualLikelihood)),
    check("risks_residual_impact", rating(t.residualImpact)),
    check("risks_appetite", sql`${t.appetiteScore} between 1 and 25`),
  ],
);

export const riskMitigations = pgTable(
  "risk_mitigations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    riskId: integer()
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    kind: mitigationKind().notNull().default("action"),
    description: text().notNull(),
    ownerName: text().notNull(),
    dueDate: date(),
    status: mitigationStatus().notNull().default("planned"),
    version: integer().notNull().default(1),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [index().on(t.riskId)],
);

/** Monthly confirm-or-re-rate reviews by the owner; the rating history. */
export const riskReviews = pgTable(
  "risk_reviews",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    riskId: integer()
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    reviewedOn: date().notNull(),
    residualLikelihood: smallint().notNull(),
    residualImpact: smallint().notNull(),
    note: text(),
    reviewerId: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The latest review on or before a day, per risk (the rating as at that day): INCLUDE
    // (residual_likelihood, residual_impact) is added by hand in 0009, drizzle has no INCLUDE.
    index("risk_reviews_latest_index").on(t.riskId, t.reviewedOn.desc().nullsFirst(), t.id.desc().nullsFirst()),
    check("risk_reviews_likelihood", rating(t.residualLikelihood)),
    check("risk_reviews_impact", rating(t.residualImpact)),
  ],
);

export type Risk = typeof risks.$inferSelect;
export type RiskMitigation = typeof riskMitigations.$inferSelect;
