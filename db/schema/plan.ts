import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { initiativeStatus, initiativeType, milestoneStatus, rag } from "./enums";
import { measures } from "./measures";
import { orgUnits, users } from "./org";

/** Common Strategic Policy priorities (and sub-priorities through parentId). */
export const strategicPriorities = pgTable(
  "strategic_priorities",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    title: text().notNull(),
    description: text().notNull().default(""),
    parentId: integer(),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }).onDelete("restrict")],
);

/** A department's key objectives for the year, each serving a strategic priority. */
export const keyObjectives = pgTable(
  "key_objectives",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    leadUnitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    priorityId: integer().references(() => strategicPriorities.id, { onDelete: "restrict" }),
    year: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [index().on(t.departmentId, t.year), unique().on(t.departmentId, t.year, t.title)],
);

/** Government Plan initiatives. */
export const initiatives = pgTable(
  "initiatives",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    cspRef: text().notNull(),
    title: text().notNull(),
    deliverables: text().notNull().default(""),
    leadUnitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    type: initiativeType().notNull(),
    priorityId: integer().references(() => strategicPriorities.id, { onDelete: "restrict" }),
    keyObjectiveId: integer().references(() => keyObjectives.id, { onDelete: "set null" }),
    /** Planned start: no milestone of the initiative can be achieved before it. */
    startDate: date(),
    targetDate: date(),
    targetDateLabel: text(),
    wellbeingOutcomes: text(),
    /** The plan's own wording of the indicators impacted (links to catalogued measures are in initiative_measures). */
    impactedMeasuresText: text(),
    ongoing: boolean().notNull().default(false),
    /** For ongoing items: how we know it is complete or succeeding (the PAC's question). */
    successCriterion: text(),
    status: initiativeStatus().notNull().default("in_progress"),
    rag: rag(),
    ragReason: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.leadUnitId),
    index().on(t.cspRef),
    check("initiatives_ongoing_has_criterion", sql`not ${t.ongoing} or ${t.successCriterion} is not null`),
    check("initiatives_rag_reason", sql`${t.rag} is null or ${t.rag} = 'green' or ${t.ragReason} is not null`),
  ],
);

export const initiativeMeasures = pgTable(
  "initiative_measures",
  {
    initiativeId: integer()
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    measureId: integer()
      .notNull()
      .references(() => measures.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.measureId] }), index().on(t.measureId)],
);

/** Monthly status updates by the lead. */
export const initiativeUpdates = pgTable(
  "initiative_updates",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    initiativeId: integer()
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    period: date().notNull(),
    rag: rag().notNull(),
    reason: text(),
    commentary: text(),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.initiativeId, t.period),
    check("initiative_updates_reason", sql`${t.rag} = 'green' or ${t.reason} is not null`),
  ],
);

export const milestones = pgTable(
  "milestones",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    initiativeId: integer()
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    title: text().notNull(),
    plannedDate: date().notNull(),
    forecastDate: date(),
    actualDate: date(),
    status: milestoneStatus().notNull().default("planned"),
    sortOrder: integer().notNull().default(0),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.initiativeId),
    index().on(t.forecastDate),
    check("milestones_achieved_has_date", sql`${t.status} <> 'achieved' or ${t.actualDate} is not null`),
  ],
);

/** Every change of a milestone's forecast date, with the reason given for it. */
export const milestoneForecastChanges = pgTable(
  "milestone_forecast_changes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    milestoneId: integer()
      .notNull()
      .references(() => milestones.id, { onDelete: "cascade" }),
    fromDate: date(),
    toDate: date().notNull(),
    reason: text().notNull(),
    changedById: integer().references(() => users.id, { onDelete: "restrict" }),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.milestoneId, t.changedAt)],
);

export type StrategicPriority = typeof strategicPriorities.$inferSelect;
export type KeyObjective = typeof keyObjectives.$inferSelect;
export type Initiative = typeof initiatives.$inferSelect;
export type Milestone = typeof milestones.$inferSelect;
export type MilestoneForecastChange = typeof milestoneForecastChanges.$inferSelect;
