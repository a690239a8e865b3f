import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { actionStatus, meetingStatus } from "./enums";
import { measures } from "./measures";
import { orgUnits, users } from "./org";
import { initiatives } from "./plan";
import { risks } from "./risks";

/** A department SLT's monthly performance review meeting. */
export const reviewMeetings = pgTable(
  "review_meetings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    /** The month under review (first day). */
    period: date().notNull(),
    heldOn: date(),
    attendees: text(),
    decisions: text(),
    status: meetingStatus().notNull().default("planned"),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.departmentId, t.period), check("review_meetings_period_month", sql`extract(day from ${t.period}) = 1`)],
);

/** Actions agreed at a meeting; they carry forward until closed. */
export const reviewActions = pgTable(
  "review_actions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer()
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: "restrict" }),
    description: text().notNull(),
    ownerName: text().notNull(),
    ownerUserId: integer().references(() => users.id, { onDelete: "set null" }),
    dueDate: date(),
    status: actionStatus().notNull().default("open"),
    closedAt: timestamp({ withTimezone: true }),
    closingNote: text(),
    measureId: integer().references(() => measures.id, { onDelete: "set null" }),
    initiativeId: integer().references(() => initiatives.id, { onDelete: "set null" }),
    riskId: integer().references(() => risks.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // owner_user_id: My updates and the reminders list the open actions a person owns.
  (t) => [index().on(t.meetingId), index().on(t.status, t.dueDate), index().on(t.ownerUserId, t.status)],
);

export type ReviewMeeting = typeof reviewMeetings.$inferSelect;
export type ReviewAction = typeof reviewActions.$inferSelect;
