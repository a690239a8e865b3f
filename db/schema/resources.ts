/**
 * Resources (issue 16): the money and the people behind each service.
 *
 * Money is integer pence (bigint, read as a JS number: exact up to £90 trillion), never a float.
 * Totals are never stored: DEL − income, near-cash + non-cash, sums of months and of service areas
 * are derived (lib/resources/rules.ts and money-sql.ts), so a total always equals its parts.
 * Months are first days of months; a year is the calendar (financial) year, as in Jersey.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { budgetType, efficiencyScope, efficiencyType, fundingKind, workforceDimension } from "./enums";
import { orgUnits, users } from "./org";
import { initiatives } from "./plan";

const pence = (name?: string) => (name ? bigint(name, { mode: "number" }) : bigint({ mode: "number" }));
const firstOfMonth = (col: unknown) => sql`extract(day from ${col}) = 1`;

/**
 * A service area's revenue budget for a year, as the business plan's "Departmental Service
 * Analysis" gives it: income, DEL (gross near-cash expenditure), non-cash expenditure and FTE
 * establishment. Near-cash net revenue expenditure = DEL − income; total = near-cash + non-cash.
 */
export const unitBudgets = pgTable(
  "unit_budgets",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    year: smallint().notNull(),
    incomePence: pence().notNull().default(0),
    delPence: pence().notNull().default(0),
    nonCashPence: pence().notNull().default(0),
    fteEstablishment: numeric({ precision: 8, scale: 2 }).notNull().default("0"),
    note: text(),
    version: integer().notNull().default(1),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.unitId, t.year),
    check("unit_budgets_amounts_not_negative", sql`${t.incomePence} >= 0 and ${t.delPence} >= 0 and ${t.nonCashPence} >= 0 and ${t.fteEstablishment} >= 0`),
    check("unit_budgets_year_range", sql`${t.year} between 2000 and 2100`),
  ],
);

/**
 * A service area's month: net revenue expenditure in the month (actual) and the full-year forecast
 * outturn made at that month. Year to date is the sum of the year's months up to the one shown.
 */
export const financeMonths = pgTable(
  "finance_months",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    month: date().notNull(),
    /** Net: a month with more income than spend is negative. */
    actualPence: pence().notNull(),
    forecastOutturnPence: pence().notNull(),
    commentary: text(),
    version: integer().notNull().default(1),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.unitId, t.month), check("finance_months_first_of_month", firstOfMonth(t.month))],
);

/** A Government Plan funding line: revenue growth (a GP programme) or a capital project. */
export const fundingProgrammes = pgTable(
  "funding_programmes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    /** The directorate that spends it; null when the department does. */
    leadUnitId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    year: smallint().notNull(),
    kind: fundingKind().notNull(),
    /** The plan's reference ("GP20-013-09", "O13-15"); capital lines carry their CSP ("O13"). */
    ref: text(),
    name: text().notNull(),
    /** Growth: "Government Plan 2020 growth"; capital: the programme area ("Information Technology"). */
    source: text().notNull(),
    cspPriority: text(),
    subPriority: text(),
    minister: text(),
    allocationPence: pence().notNull(),
    sortOrder: integer().notNull().default(0),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.departmentId, t.year),
    check("funding_programmes_allocation_not_negative", sql`${t.allocationPence} >= 0`),
  ],
);

/** Which initiatives a funding line pays for: the golden thread's money link. */
export const fundingProgrammeInitiatives = pgTable(
  "funding_programme_initiatives",
  {
    programmeId: integer()
      .notNull()
      .references(() => fundingProgrammes.id, { onDelete: "cascade" }),
    initiativeId: integer()
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.initiativeId] }), index().on(t.initiativeId)],
);

/** A funding line's month: spend in the month and the full-year forecast made at that month. */
export const fundingProgrammeMonths = pgTable(
  "funding_programme_months",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    programmeId: integer()
      .notNull()
      .references(() => fundingProgrammes.id, { onDelete: "restrict" }),
    month: date().notNull(),
    spendPence: pence().notNull(),
    forecastOutturnPence: pence().notNull(),
    commentary: text(),
    version: integer().notNull().default(1),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.programmeId, t.month), check("funding_programme_months_first_of_month", firstOfMonth(t.month))],
);

/** The government-wide efficiencies objective for a year (£20 million in the demo's plan year). */
export const governmentEfficiencyTargets = pgTable("government_efficiency_targets", {
  year: smallint().primaryKey(),
  targetPence: pence().notNull(),
  note: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** An efficiency or rebalancing measure: its target for the year; delivery is recorded monthly. */
export const efficiencies = pgTable(
  "efficiencies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    leadUnitId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    year: smallint().notNull(),
    scope: efficiencyScope().notNull(),
    /** Cross-cutting programme ("Modern and efficient workforce"); null for the department's own. */
    programme: text(),
    title: text().notNull(),
    recurring: boolean().notNull(),
    type: efficiencyType().notNull(),
    budgetType: budgetType().notNull(),
    minister: text(),
    targetPence: pence().notNull(),
    sortOrder: integer().notNull().default(0),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.departmentId, t.year), check("efficiencies_target_positive", sql`${t.targetPence} > 0`)],
);

/** An efficiency's month: saving delivered in the month and the full-year delivery forecast then. */
export const efficiencyMonths = pgTable(
  "efficiency_months",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    efficiencyId: integer()
      .notNull()
      .references(() => efficiencies.id, { onDelete: "restrict" }),
    month: date().notNull(),
    deliveredPence: pence().notNull(),
    forecastPence: pence().notNull(),
    commentary: text(),
    version: integer().notNull().default(1),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.efficiencyId, t.month),
    check("efficiency_months_first_of_month", firstOfMonth(t.month)),
    check("efficiency_months_not_negative", sql`${t.deliveredPence} >= 0 and ${t.forecastPence} >= 0`),
  ],
);

/**
 * A unit's people in a month (the People Dashboard's source): headcount and FTE in post at the
 * month's end, leavers in the month (for turnover), and agency and fixed-term spend in the month.
 * Establishment comes from the unit's budget; vacancies = establishment − FTE in post.
 */
export const workforceMonths = pgTable(
  "workforce_months",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    month: date().notNull(),
    headcount: integer().notNull(),
    fteInPost: numeric({ precision: 8, scale: 2 }).notNull(),
    leavers: integer().notNull().default(0),
    agencySpendPence: pence().notNull().default(0),
    fixedTermSpendPence: pence().notNull().default(0),
    version: integer().notNull().default(1),
    updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.unitId, t.month),
    check("workforce_months_first_of_month", firstOfMonth(t.month)),
    check(
      "workforce_months_not_negative",
      sql`${t.headcount} >= 0 and ${t.fteInPost} >= 0 and ${t.leavers} >= 0 and ${t.agencySpendPence} >= 0 and ${t.fixedTermSpendPence} >= 0`,
    ),
  ],
);

/** A department's headcount by sex, age band or length of service on a date. */
export const workforceProfiles = pgTable(
  "workforce_profiles",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    asOf: date().notNull(),
    dimension: workforceDimension().notNull(),
    band: text().notNull(),
    sortOrder: integer().notNull().default(0),
    headcount: integer().notNull(),
    /** True where the source gives no figure (the plan shows age and service only as charts). */
    demoValue: boolean().notNull().default(false),
  },
  (t) => [unique().on(t.departmentId, t.asOf, t.dimension, t.band), check("workforce_profiles_headcount", sql`${t.headcount} >= 0`)],
);

/**
 * A department's gender pay gap on a date, as the UK Government defines it: how much more men
 * are paid than women, as a % of men's pay (negative: women are paid more).
 */
export const genderPayGaps = pgTable(
  "gender_pay_gaps",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    asOf: date().notNull(),
    medianGapPct: numeric({ precision: 6, scale: 2 }).notNull(),
    meanGapPct: numeric({ precision: 6, scale: 2 }).notNull(),
    source: text().notNull(),
  },
  (t) => [unique().on(t.departmentId, t.asOf)],
);

export type UnitBudget = typeof unitBudgets.$inferSelect;
export type FinanceMonth = typeof financeMonths.$inferSelect;
export type FundingProgramme = typeof fundingProgrammes.$inferSelect;
export type Efficiency = typeof efficiencies.$inferSelect;
export type WorkforceMonth = typeof workforceMonths.$inferSelect;
