import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, unique } from "drizzle-orm/pg-core";
import { reportStatus } from "./enums";
import { orgUnits, users } from "./org";

/** A quarterly performance report for a department (departmentId null = cross-government). */
export const reports = pgTable(
  "reports",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    year: integer().notNull(),
    quarter: smallint().notNull(),
    status: reportStatus().notNull().default("draft"),
    introduction: text(),
    highlights: text(),
    concerns: text(),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    submittedById: integer().references(() => users.id, { onDelete: "restrict" }),
    submittedAt: timestamp({ withTimezone: true }),
    approvedById: integer().references(() => users.id, { onDelete: "restrict" }),
    approvedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.departmentId, t.year, t.quarter).nullsNotDistinct(),
    check("reports_quarter_range", sql`${t.quarter} between 1 and 4`),
  ],
);

/** Frozen published content; a correction adds a revision, earlier ones stay readable. */
export const reportRevisions = pgTable(
  "report_revisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: "restrict" }),
    revision: integer().notNull(),
    content: jsonb().notNull(),
    correctionNote: text(),
    publishedById: integer().references(() => users.id, { onDelete: "restrict" }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.reportId, t.revision), index().on(t.publishedAt)],
);

export type Report = typeof reports.$inferSelect;
export type ReportRevision = typeof reportRevisions.$inferSelect;
