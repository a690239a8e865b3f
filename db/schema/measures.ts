import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { direction, feedbackMetric, frequency, measureCategory, periodType, quarterRule, valueStatus, valueType } from "./enums";
import { orgUnits, users } from "./org";

const firstOfMonth = (col: unknown) => sql`extract(day from ${col}) = 1`;

/** KPI definitions (the measures catalogue). */
export const measures = pgTable(
  "measures",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    category: measureCategory().notNull(),
    valueType: valueType().notNull(),
    scaleMin: numeric({ precision: 14, scale: 4 }),
    scaleMax: numeric({ precision: 14, scale: 4 }),
    decimals: smallint().notNull().default(0),
    direction: direction().notNull(),
    frequency: frequency().notNull().default("monthly"),
    quarterRule: quarterRule().notNull(),
    dataSource: text().notNull(),
    dataLimitations: text(),
    baselineValue: numeric({ precision: 14, scale: 4 }),
    baselinePeriod: date(),
    baselineNote: text(),
    /** Amber band: within this % of target counts as "within tolerance" (GoJ publishes 5%). */
    amberTolerancePct: numeric({ precision: 6, scale: 2 }).notNull().default("5"),
    internationalBenchmarking: boolean().notNull().default(false),
    groupName: text(),
    breakdown: text(),
    sortOrder: integer().notNull().default(0),
    isPublic: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    /** Set for the measures the customer survey calculates (lib/feedback): their monthly figures are written by the system. */
    feedbackMetric: feedbackMetric(),
    /** A count of work done (IT calls logged): the resources page divides its unit's spend by it for a unit cost. */
    isVolume: boolean().notNull().default(false),
    /** A percentage from a sample (numerator of denominator responses): shown with n and a 95% interval (issue 18). */
    sampleBased: boolean().notNull().default(false),
    /** Whether special-cause variation (SPC signals) shows beside target status on dashboards and the review pack. */
    spcSignals: boolean().notNull().default(true),
    /** The date by which the current target is to be met: the forecast says whether it is likely by then. */
    targetDate: date(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.unitId),
    // One survey-fed measure per metric and unit, so that a response updates exactly one figure of each.
    uniqueIndex("measures_unit_feedback_metric").on(t.unitId, t.feedbackMetric).where(sql`${t.feedbackMetric} is not null`),
    check("measures_scale_order", sql`${t.scaleMin} is null or ${t.scaleMax} is null or ${t.scaleMin} < ${t.scaleMax}`),
    check("measures_baseline_period_month", sql`${t.baselinePeriod} is null or ${firstOfMonth(t.baselinePeriod)}`),
    check("measures_tolerance_range", sql`${t.amberTolerancePct} >= 0 and ${t.amberTolerancePct} <= 100`),
  ],
);

/**
 * Target history: a period is judged against the row with the latest effectiveFrom on or before it.
 * A null targetValue means "to be confirmed", due to be agreed by tbcDue.
 */
export const measureTargets = pgTable(
  "measure_targets",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    targetValue: numeric({ precision: 14, scale: 4 }),
    effectiveFrom: date().notNull(),
    tbcDue: date(),
    note: text(),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.measureId, t.effectiveFrom),
    check("measure_targets_from_month", firstOfMonth(t.effectiveFrom)),
  ],
);

/** Monthly (or quarterly) figures. Periods are the first day of the month (of the quarter's first month). */
export const measureValues = pgTable(
  "measure_values",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id, { onDelete: "restrict" }),
    periodType: periodType().notNull().default("month"),
    period: date().notNull(),
    value: numeric({ precision: 14, scale: 4 }),
    numerator: numeric({ precision: 14, scale: 4 }),
    denominator: numeric({ precision: 14, scale: 4 }),
    commentary: text(),
    status: valueStatus().notNull().default("draft"),
    version: integer().notNull().default(1),
    enteredById: integer().references(() => users.id, { onDelete: "restrict" }),
    submittedById: integer().references(() => users.id, { onDelete: "restrict" }),
    submittedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.measureId, t.periodType, t.period),
    // A measure's submitted figure for a period, index-only (INCLUDE (value) is added by hand in 0009).
    index("measure_values_submitted_lookup").on(t.measureId, t.periodType, t.period).where(sql`${t.status} = 'submitted'`),
    index().on(t.period),
    check("measure_values_period_month", firstOfMonth(t.period)),
    check(
      "measure_values_ratio_parts",
      sql`${t.denominator} is null or (${t.denominator} >= 0 and ${t.numerator} is not null and ${t.numerator} <= ${t.denominator})`,
    ),
  ],
);

/**
 * Breaks in a measure's series (issue 18): from `period` on, the definition, data source or
 * calculation changed, so trend and SPC limits restart there and comparisons across it are labelled.
 */
export const measureSeriesBreaks = pgTable(
  "measure_series_breaks",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    /** The first period of the new series. */
    period: date().notNull(),
    reason: text().notNull(),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.measureId, t.period), check("measure_series_breaks_period_month", firstOfMonth(t.period))],
);

/** Notes on a month of a measure ("network outage 3–5 May"); public ones also appear in reports. */
export const measureAnnotations = pgTable(
  "measure_annotations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    measureId: integer()
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    period: date().notNull(),
    text: text().notNull(),
    isPublic: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.measureId, t.period), check("measure_annotations_period_month", firstOfMonth(t.period))],
);

export type Measure = typeof measures.$inferSelect;
export type MeasureTarget = typeof measureTargets.$inferSelect;
export type MeasureValue = typeof measureValues.$inferSelect;
