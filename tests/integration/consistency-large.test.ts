import { format, subMonths } from "date-fns";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import type { SessionUser } from "@/lib/auth/current-user";
import { getDepartmentScorecards, getScorecards, sumScorecards } from "@/lib/dashboard/overview";
import { toPeriod } from "@/lib/entry/periods";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { actionOpenAt } from "@/lib/reviews/rules";
import { getRiskBands } from "@/lib/settings";
import { generate } from "../../scripts/generate-large";
import { closeAppDb } from "../support/demo-data";
import { asAtOfMonth, byDepartment, countByUnit, loadHistory, type History } from "../support/recount";
import { createTestDatabase } from "../support/test-database";

/**
 * The consistency check of tests/integration/consistency.test.ts on the generated large
 * organisation (20 departments, 1,200 measures, 500 initiatives, 1,000 risks, two years of
 * history), for three sample months: the dashboard's scorecards and each department's review pack
 * agree with the history recounted in memory.
 */
const now = new Date();
const today = format(now, "yyyy-MM-dd");
const SAMPLE_MONTHS = [1, 7, 19].map((n) => toPeriod(subMonths(now, n)));

let database: { url: string; drop: () => Promise<void> };
let history: History;
const admin: SessionUser = { id: 0, email: "admin@large.test", name: "Administrator", role: "ADMIN", unitId: null, departmentId: null } as SessionUser;
let testDatabaseUrl: string | undefined;

beforeAll(async () => {
  database = await createTestDatabase("baseline_large");
  const { db, pool } = createDb(database.url, { max: 2 });
  try {
    await runMigrations(db);
    await generate(db, pool);
    await db.execute(sql`analyze`);
    history = await loadHistory(db);
  } finally {
    await pool.end();
  }
  // The pages' queries read the app's own pool: point it at the large database for this file.
  await closeAppDb();
  testDatabaseUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
}, 300_000);

afterAll(async () => {
  await closeAppDb();
  process.env.DATABASE_URL = testDatabaseUrl;
  await database?.drop();
});

describe("every count agrees with the history on the large generated organisation (3 sample months)", () => {
  it("the dashboard's scorecards, unit by unit, and the review packs", async () => {
    const { db } = await import("@/lib/db");
    const bands = await getRiskBands(db);
    const { rows: departments } = await db.execute<{ slug: string }>(sql`select slug from org_units where kind = 'department' order by sort_order, id limit 5`);
    expect(departments.length).toBeGreaterThan(0);
    for (const month of SAMPLE_MONTHS) {
      const asAt = asAtOfMonth(month, today);
      const counts = countByUnit(history, month, asAt, bands);
      const cards = await getScorecards(admin, { month, asAt, bands });
      expect(cards.length).toBeGreaterThanOrEqual(80);
      for (const card of cards) {
        const c = counts.get(card.unitId);
        expect(
          {
            measures: card.measures,
            missing: card.missing,
            initiatives: card.initiatives,
            highRisks: card.highRisks,
            overdueMilestones: card.overdueMilestones,
            overdueActions: card.overdueActions,
            overdueRecommendations: card.overdueRecommendations,
          },
          `${card.unitName} in ${month}`,
        ).toEqual({
          measures: c?.measures ?? { on_target: 0, within_tolerance: 0, off_target: 0, no_target: 0, no_data: 0 },
          missing: c?.missing ?? 0,
          initiatives: c?.initiatives ?? { green: 0, amber: 0, red: 0 },
          highRisks: c?.highRisks ?? 0,
          overdueMilestones: c?.overdueMilestones ?? 0,
          overdueActions: c?.overdueActions ?? 0,
          overdueRecommendations: c?.overdueRecommendations ?? 0,
        });
      }
      const perDepartment = byDepartment(history, counts);
      // The rows per department are their units' scorecards summed.
      const { cards: rows } = await getDepartmentScorecards(admin, { month, asAt, bands, page: 1 });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const { unitId, unitName, unitKind, ...sum } = sumScorecards(cards.filter((c) => c.departmentId === row.departmentId));
        expect({ ...row, unitId, unitName, unitKind }, `${row.departmentName} in ${month}`).toEqual({ ...sum, unitId, unitName, unitKind });
      }
      for (const { slug } of departments) {
        const department = (await getReviewDepartment(slug))!;
        const pack = await getReviewPack(department, month, asAt);
        const d = perDepartment.get(department.id);
        const carried = history.actions.filter((a) => a.departmentId === department.id && a.meetingPeriod < month && actionOpenAt(a, asAt));
        expect(pack.carriedForward.map((a) => a.id).sort(), `${slug} ${month}`).toEqual(carried.map((a) => a.id).sort());
        expect(pack.risksAboveTolerance.length, `${slug} ${month}`).toBe(d?.risksAboveAppetite ?? 0);
        expect(pack.initiativesAtRisk.length, `${slug} ${month}`).toBe((d?.initiatives.red ?? 0) + (d?.initiatives.amber ?? 0));
        expect(pack.milestones.filter((m) => m.state === "missed").length, `${slug} ${month}`).toBe(d?.overdueMilestones ?? 0);
      }
    }
  }, 300_000);
});
