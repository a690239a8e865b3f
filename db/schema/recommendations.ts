import { date, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { recommendationSource, recommendationStatus } from "./enums";
import { orgUnits } from "./org";

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
  (t) => [index().on(t.unitId), index().on(t.status)],
);

export type Recommendation = typeof recommendations.$inferSelect;
