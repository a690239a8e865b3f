import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { initiativeMeasures, initiatives, keyObjectives, measures, milestones, orgUnits, strategicPriorities } from "@/db/schema";
import { lastCompletedMonth } from "@/lib/entry/periods";
import { getGoldenThread, listObjectiveYears } from "@/lib/plan/golden-thread";
import { countQueries, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const now = new Date();
const today = now.toISOString().slice(0, 10);
const month = lastCompletedMonth(now);
let cooId: number;
let clsId: number;
let mdId: number;
let year: number;

beforeAll(async () => {
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  cooId = units.find((u) => u.slug === "coo")!.id;
  clsId = units.find((u) => u.slug === "cls")!.id;
  mdId = units.find((u) => u.slug === "md")!.id;
  year = (await listObjectiveYears(cooId))[0]!;
});

describe("golden thread from the demo plan", () => {
  it("carries the money: the plan's funding lines under OI3 with their allocations, on the initiatives they fund", async () => {
    const thread = await getGoldenThread(cooId, year, month, today);
    const { rows: lines } = await db.execute<{ id: number; allocation_pence: string; linked: number }>(sql`
      select p.id, p.allocation_pence::text, (select count(*)::int from funding_programme_initiatives f where f.programme_id = p.id) as linked
      from funding_programmes p where p.department_id = ${cooId} and p.year = ${year}`);
    expect(lines.length).toBeGreaterThan(0);
    expect(thread.funding.map((f) => f.id).sort()).toEqual(lines.map((l) => l.id).sort());
    // Every line linked to an initiative appears under a priority; the others are breaks in the thread.
    const underPriorities = new Set(thread.priorities.flatMap((p) => p.funding.map((f) => f.id)));
    for (const l of lines) {
      if (l.linked > 0) expect(underPriorities.has(l.id) || thread.unattached.initiatives.some((i) => i.funding.some((f) => f.id === l.id))).toBe(true);
      else expect(thread.gaps.fundingWithoutInitiative.map((f) => f.id)).toContain(l.id);
    }
    const oi3 = thread.priorities.find((p) => p.code === "OI3")!;
    const md = oi3.funding.find((f) => f.ref === "GP20-013-09");
    expect(md?.allocationPence).toBe(500_000_000); // £5,000k, the plan's M&D enhanced capabilities
    for (const f of thread.funding) expect(f.allocationPence).toBe(Number(lines.find((l) => l.id === f.id)!.allocation_pence));
  });

  it("traces COO's key objectives and initiatives to OI3 under Modernising Government", async () => {
    const thread = await getGoldenThread(cooId, year, month, today);
    const oi3 = thread.priorities.find((p) => p.code === "OI3");
    expect(oi3?.parent?.code).toBe("CSP-MG");
    const caseManagement = oi3!.objectives.find((k) => k.title === "Case Management");
    expect(caseManagement?.initiatives.map((i) => i.cspRef)).toContain("GP20-OI3-10");
    // Every COO initiative appears exactly once somewhere in the thread.
    const shown = [
      ...thread.priorities.flatMap((p) => [...p.objectives.flatMap((k) => k.initiatives), ...p.initiatives]),
      ...thread.unattached.initiatives,
    ].map((i) => i.id);
    const [{ n }] = (
      await db.execute<{ n: number }>(sql`
        select count(*)::int as n from initiatives i join org_units u on u.id = i.lead_unit_id
        where (u.id = ${cooId} or u.parent_id = ${cooId}) and i.status <> 'closed'`)
    ).rows as [{ n: number }];
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.length).toBe(n);
  });

  it("gives each linked measure its status for the month from the same rule as the dashboards", async () => {
    const thread = await getGoldenThread(cooId, year, month, today);
    const linked = thread.priorities.flatMap((p) => [...p.objectives.flatMap((k) => k.initiatives), ...p.initiatives]).flatMap((i) => i.measures);
    expect(linked.length).toBeGreaterThan(0);
    const one = linked[0]!;
    const { rows } = await db.execute<{ status: string }>(sql`
      select measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status
      from measures m
      left join measure_values v on v.measure_id = m.id and v.status = 'submitted' and v.period = ${month}::date and v.period_type = 'month'
      left join lateral (select target_value from measure_targets where measure_id = m.id and effective_from <= ${month}::date order by effective_from desc limit 1) t on true
      where m.id = ${one.id}`);
    const [measure] = await db.select({ frequency: measures.frequency }).from(measures).where(eq(measures.id, one.id));
    if (measure!.frequency === "monthly") expect(one.status).toBe(rows[0]!.status);
    expect(["on_target", "within_tolerance", "off_target", "no_target", "no_data"]).toContain(one.status);
  });

  it("does not mix departments: CLS's thread holds no COO initiative", async () => {
    const coo = await getGoldenThread(cooId, year, month, today);
    const cls = await getGoldenThread(clsId, year, month, today);
    const ids = (t: typeof coo) => t.priorities.flatMap((p) => [...p.objectives.flatMap((k) => k.initiatives), ...p.initiatives]).map((i) => i.id);
    const cooIds = new Set(ids(coo));
    expect(ids(cls).length).toBeGreaterThan(0);
    expect(ids(cls).some((id) => cooIds.has(id))).toBe(false);
  });
});

describe("golden thread: gaps and query count", () => {
  it("shows a new initiative with no milestone and no measure as a gap, and a priority with no measure", async () => {
    const tag = randomUUID().slice(0, 8);
    const [priority] = await db.insert(strategicPriorities).values({ code: `T-${tag}`, title: `Test priority ${tag}` }).returning();
    const [objective] = await db
      .insert(keyObjectives)
      .values({ departmentId: cooId, leadUnitId: mdId, priorityId: priority!.id, year, title: `Objective ${tag}` })
      .returning();
    const [bare] = await db
      .insert(initiatives)
      .values({ cspRef: `T-${tag}`, title: `Bare ${tag}`, leadUnitId: mdId, type: "project", priorityId: priority!.id, keyObjectiveId: objective!.id })
      .returning();

    const thread = await getGoldenThread(cooId, year, month, today);
    expect(thread.gaps.initiativesWithoutMilestone.map((i) => i.id)).toContain(bare!.id);
    expect(thread.gaps.initiativesWithoutMeasure.map((i) => i.id)).toContain(bare!.id);
    expect(thread.gaps.prioritiesWithoutMeasure.map((p) => p.code)).toContain(`T-${tag}`);

    // Adding milestones and a measure link removes the gaps, with no more queries than before.
    const before = await countQueries(() => getGoldenThread(cooId, year, month, today));
    const [measure] = await db.select({ id: measures.id }).from(measures).limit(1);
    await db.insert(initiativeMeasures).values({ initiativeId: bare!.id, measureId: measure!.id });
    await db.insert(milestones).values(
      Array.from({ length: 30 }, (_, j) => ({ initiativeId: bare!.id, title: `Step ${j}`, plannedDate: `${year}-12-01` })),
    );
    let after: Awaited<ReturnType<typeof getGoldenThread>> | null = null;
    const queries = await countQueries(async () => {
      after = await getGoldenThread(cooId, year, month, today);
    });
    expect(before).toBeGreaterThan(0);
    expect(queries).toBe(before);
    expect(after!.gaps.initiativesWithoutMilestone.map((i) => i.id)).not.toContain(bare!.id);
    expect(after!.gaps.prioritiesWithoutMeasure.map((p) => p.code)).not.toContain(`T-${tag}`);

    await db.delete(initiatives).where(eq(initiatives.id, bare!.id));
    await db.delete(keyObjectives).where(eq(keyObjectives.id, objective!.id));
    await db.delete(strategicPriorities).where(eq(strategicPriorities.id, priority!.id));
  });
});

describe("measure page: the thread upwards", () => {
  it("names the initiative, key objective and priority a measure serves", async () => {
    const { getMeasureThread } = await import("@/lib/measures/measure-page");
    const [row] = (
      await db.execute<{ id: number }>(sql`
        select m.id from measures m join initiative_measures im on im.measure_id = m.id
        join initiatives i on i.id = im.initiative_id where i.csp_ref = 'GP20-OI3-10' and m.code = 'PCS-CASES-LIVE' limit 1`)
    ).rows;
    const links = await getMeasureThread(row!.id);
    const link = links.find((l) => l.cspRef === "GP20-OI3-10");
    expect(link).toMatchObject({ objectiveTitle: "Case Management", priority: "OI3 A modern, innovative public sector", parentPriority: "CSP-MG Modernising Government" });
  });
});
