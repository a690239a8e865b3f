import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measures, measureTargets, measureValues, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { listLatestMeasures, type LatestMeasureRow } from "@/lib/measures/queries";
import { statusOf } from "@/lib/measures/status";
import { closeAppDb, ensureDemoData, openTestDb } from "../support/demo-data";
import { sessionUserFor } from "../support/session-users";

const { db, pool } = openTestDb();

let admin: SessionUser;
let viewer: SessionUser;
let sltCoo: SessionUser;
let sltCls: SessionUser;
let leadMd: SessionUser;
let leadCls: SessionUser;
/** Codes of the active measures of each department, worked out here from the unit tree. */
let cooCodes: string[];
let clsCodes: string[];

beforeAll(async () => {
  await ensureDemoData();
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [admin, viewer, sltCoo, sltCls, leadMd, leadCls] = await Promise.all([as("admin"), as("viewer"), as("slt.coo"), as("slt.cls"), as("lead.md"), as("lead.cls")]);
  const { rows } = await db.execute<{ code: string; department: string }>(sql`
    select m.code, coalesce(parent.slug, u.slug) as department
    from measures m join org_units u on u.id = m.unit_id left join org_units parent on parent.id = u.parent_id
    where m.active`);
  cooCodes = rows.filter((r) => r.department === "coo").map((r) => r.code).sort();
  clsCodes = rows.filter((r) => r.department === "cls").map((r) => r.code).sort();
});

afterAll(async () => {
  await pool.end();
  await closeAppDb();
});

const codes = (rows: LatestMeasureRow[]) => rows.map((r) => r.code).sort();

/** yyyy-MM-dd of the first day of the month `back` months before the current one. */
function firstOfMonth(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

describe("listLatestMeasures: who sees what", () => {
  it("the demo data has measures in both departments", () => {
    expect(cooCodes.length).toBeGreaterThan(10);
    expect(clsCodes.length).toBeGreaterThan(5);
    expect(cooCodes).toContain("MD-INC-P1");
    expect(clsCodes).toContain("CLS-CSAT");
  });

  it("shows an SLT member only their own department's measures", async () => {
    const rows = await listLatestMeasures(sltCoo);
    expect(codes(rows)).toEqual(cooCodes);
    expect(new Set(rows.map((r) => r.departmentSlug))).toEqual(new Set(["coo"]));

    const clsRows = await listLatestMeasures(sltCls);
    expect(codes(clsRows)).toEqual(clsCodes);
  });

  it("shows a LEAD every measure of their department, not just their unit's", async () => {
    const rows = await listLatestMeasures(leadMd);
    expect(codes(rows)).toEqual(cooCodes);
    // P&CS and Commercial measures are in the department view of an M&D lead.
    expect(rows.some((r) => r.code.startsWith("PCS-"))).toBe(true);
    expect(rows.some((r) => r.code.startsWith("CS-"))).toBe(true);
    expect(rows.some((r) => r.departmentSlug === "cls")).toBe(false);

    expect(codes(await listLatestMeasures(leadCls))).toEqual(clsCodes);
  });

  it.each([
    ["ADMIN", () => admin],
    ["VIEWER", () => viewer],
  ])("shows %s both departments", async (_role, who) => {
    const rows = await listLatestMeasures(who());
    expect(codes(rows)).toEqual([...cooCodes, ...clsCodes].sort());
    expect(new Set(rows.map((r) => r.departmentSlug))).toEqual(new Set(["coo", "cls"]));
  });

  it("shows nothing to an SLT member whose scope is missing", async () => {
    const orphan: SessionUser = { ...sltCoo, unitId: null, departmentId: null };
    expect(await listLatestMeasures(orphan)).toEqual([]);
  });
});

describe("listLatestMeasures: figures, targets and status", () => {
  it("gives each measure its latest submitted figure, the target in force then, and the status statusOf decides", async () => {
    const rows = await listLatestMeasures(admin);
    const defs = new Map((await db.select({ id: measures.id, tolerance: measures.amberTolerancePct }).from(measures)).map((m) => [m.id, Number(m.tolerance)]));
    let judged = 0;
    for (const row of rows) {
      const [latest] = await db
        .select({ period: measureValues.period, value: measureValues.value })
        .from(measureValues)
        .where(and(eq(measureValues.measureId, row.id), eq(measureValues.status, "submitted")))
        .orderBy(desc(measureValues.period))
        .limit(1);
      expect(row.period, row.code).toBe(latest?.period ?? null);
      expect(row.value, row.code).toBe(latest ? Number(latest.value) : null);

      const targets = await db
        .select({ from: measureTargets.effectiveFrom, value: measureTargets.targetValue })
        .from(measureTargets)
        .where(eq(measureTargets.measureId, row.id))
        .orderBy(desc(measureTargets.effectiveFrom));
      const inForce = targets.find((t) => t.from <= (row.period ?? firstOfMonth(0)));
      expect(row.target, row.code).toBe(inForce?.value == null ? null : Number(inForce.value));

      const expected = statusOf({ value: row.value, target: row.target, direction: row.direction, tolerancePct: defs.get(row.id)! });
      expect(row.status, row.code).toBe(expected);
      if (["on_target", "within_tolerance", "off_target"].includes(row.status)) judged++;
    }
    // The check above must have judged real figures against real targets, not only "no target" rows.
    expect(judged).toBeGreaterThan(0);
  });

  it("ignores a draft figure: a measure whose latest month is draft shows the month before", async () => {
    const [p1] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-INC-P1"));
    const stored = await db
      .select({ period: measureValues.period, status: measureValues.status, value: measureValues.value })
      .from(measureValues)
      .where(eq(measureValues.measureId, p1!.id))
      .orderBy(desc(measureValues.period))
      .limit(2);
    // The seed leaves last month of this measure in draft (every fifth measure).
    expect(stored.map((s) => [s.period, s.status])).toEqual([
      [firstOfMonth(1), "draft"],
      [firstOfMonth(2), "submitted"],
    ]);

    const row = (await listLatestMeasures(leadMd)).find((r) => r.code === "MD-INC-P1")!;
    expect(row.period).toBe(firstOfMonth(2));
    expect(row.value).toBe(Number(stored[1]!.value));
  });

  it("shows a measure with only a draft figure as no data, and hides an inactive measure", async () => {
    const [md] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "md"));
    const suffix = randomUUID().slice(0, 8).toUpperCase();
    const base = { name: "Dashboard scratch", unitId: md!.id, category: "service" as const, valueType: "percent" as const, direction: "higher_better" as const, quarterRule: "mean" as const, dataSource: "Test" };
    const created = await db
      .insert(measures)
      .values([
        { ...base, code: `TEST-DASH-DRAFT-${suffix}` },
        { ...base, code: `TEST-DASH-INACTIVE-${suffix}`, active: false },
      ])
      .returning({ id: measures.id, code: measures.code });
    const [draftOnly, inactive] = created as [(typeof created)[0], (typeof created)[0]];
    try {
      await db.insert(measureTargets).values({ measureId: draftOnly.id, targetValue: "90", effectiveFrom: "2000-01-01" });
      await db.insert(measureValues).values([
        { measureId: draftOnly.id, period: firstOfMonth(1), value: "95", status: "draft" },
        { measureId: inactive.id, period: firstOfMonth(1), value: "95", status: "submitted" },
      ]);

      const rows = await listLatestMeasures(sltCoo);
      const row = rows.find((r) => r.id === draftOnly.id);
      expect(row).toMatchObject({ period: null, value: null, target: 90, status: "no_data" });
      expect(rows.some((r) => r.id === inactive.id)).toBe(false);
      expect((await listLatestMeasures(admin)).some((r) => r.id === inactive.id)).toBe(false);
    } finally {
      for (const m of created) {
        await db.delete(measureValues).where(eq(measureValues.measureId, m.id));
        await db.delete(measures).where(eq(measures.id, m.id));
      }
    }
  });
});
