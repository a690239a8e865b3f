import { eq } from "drizzle-orm";
import type { Database } from "../client";
import * as s from "../schema";
import { lastCompletedMonths } from "./dates";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * The demo's statistics material (issue 18), relative to today like the figures: target dates
 * that give two M&D measures a forecast, a break in P3's series where its definition changed, and
 * notes on months (one public, so that it appears in the published report of its quarter). Demo
 * values, not the business plan's: the plan names the measures, not these events.
 */
export async function seedStatistics(tx: Tx, options: { now: Date; measureIds: Map<string, number>; userIds: Map<string, number> }): Promise<void> {
  const { now, measureIds, userIds } = options;
  const id = (code: string) => {
    const v = measureIds.get(code);
    if (v === undefined) throw new Error(`seed: unknown measure "${code}"`);
    return v;
  };
  const lead = userIds.get("lead.md@baseline.test") ?? null;
  const slt = userIds.get("slt.coo@baseline.test") ?? null;
  // months[11] is last month, months[0] a year before it.
  const months = lastCompletedMonths(now, 12);
  const year = now.getFullYear();

  // Target dates: the TOM's vacancies filled by the end of the year; P2 at 95% by the end of next March.
  await tx.update(s.measures).set({ targetDate: `${year}-12-31` }).where(eq(s.measures.id, id("MD-TOM-FILLED")));
  await tx.update(s.measures).set({ targetDate: `${year + 1}-03-31` }).where(eq(s.measures.id, id("MD-INC-P2")));

  // A break: P3 measured against the new service management tool's resolution clock.
  await tx.insert(s.measureSeriesBreaks).values({
    measureId: id("MD-INC-P3"),
    period: months[4]!,
    reason:
      "P3 resolution is now timed by the new service management tool, which stops the clock while a call waits on the customer; the old tool did not. Figures before and after are not comparable.",
    createdById: slt,
  });

  await tx.insert(s.measureAnnotations).values([
    {
      measureId: id("MD-NET-UPTIME"),
      period: months[6]!,
      text: "Core network switch failure at the main data centre: two sites without network for part of a day; the switch was replaced the same week.",
      isPublic: true,
      createdById: lead,
      updatedById: lead,
    },
    {
      measureId: id("MD-INC-P1"),
      period: months[9]!,
      text: "Two P1 incidents in one week during the server patching cycle; change windows moved to weekends from the following month.",
      isPublic: false,
      createdById: lead,
      updatedById: lead,
    },
  ]);
}
