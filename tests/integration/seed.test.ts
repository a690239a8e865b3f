import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measures, measureTargets, measureValues, orgUnits, risks, users } from "@/db/schema";
import { measures as demoMeasures } from "@/db/seed/data/measures";
import { ensureDemoData, openTestDb } from "../support/demo-data";

const { db, pool } = openTestDb();

beforeAll(async () => {
  await ensureDemoData();
});

afterAll(async () => {
  await pool.end();
});

/** yyyy-MM-dd of the first day of the month `back` months before the current one (local time). */
function firstOfMonth(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

async function measureByCode(code: string) {
  const [m] = await db.select().from(measures).where(eq(measures.code, code));
  if (!m) throw new Error(`measure ${code} is missing from the demo data`);
  return m;
}

/** Slug of the department a unit belongs to (the unit itself for a department). */
async function departmentSlugOf(unitId: number): Promise<string> {
  const { rows } = await db.execute<{ slug: string }>(sql`
    with recursive chain(id, parent_id, kind, slug) as (
      select id, parent_id, kind::text, slug from org_units where id = ${unitId}
      union all
      select o.id, o.parent_id, o.kind::text, o.slug from org_units o join chain c on o.id = c.parent_id
    )
    select slug from chain where kind = 'department'`);
  return rows[0]!.slug;
}

describe("demo organisation", () => {
  it("has the two departments, COO and CLS", async () => {
    const departments = await db.select({ slug: orgUnits.slug, parentId: orgUnits.parentId }).from(orgUnits).where(eq(orgUnits.kind, "department")).orderBy(asc(orgUnits.slug));
    expect(departments).toEqual([
      { slug: "cls", parentId: null },
      { slug: "coo", parentId: null },
    ]);
  });

  it("places the directorates under COO and the services under CLS", async () => {
    const rows = await db.select({ id: orgUnits.id, slug: orgUnits.slug, kind: orgUnits.kind, parentId: orgUnits.parentId }).from(orgUnits);
    const unit = (slug: string) => rows.find((r) => r.slug === slug);
    const cooId = unit("coo")!.id;
    const clsId = unit("cls")!.id;
    for (const slug of ["pcs", "md", "commercial"]) expect(unit(slug), slug).toMatchObject({ kind: "directorate", parentId: cooId });
    for (const slug of ["cls-customer-services", "cls-local-services", "cls-social-security"]) {
      expect(unit(slug), slug).toMatchObject({ kind: "service", parentId: clsId });
    }
  });
});

describe("demo accounts", () => {
  // Expected accounts written out, not read from db/seed/users.ts, so that a change there is noticed.
  const EXPECTED = [
    { email: "admin@baseline.test", role: "ADMIN", unit: null },
    { email: "slt.coo@baseline.test", role: "SLT", unit: "coo" },
    { email: "slt.cls@baseline.test", role: "SLT", unit: "cls" },
    { email: "lead.md@baseline.test", role: "LEAD", unit: "md" },
    { email: "lead.pcs@baseline.test", role: "LEAD", unit: "pcs" },
    { email: "lead.cls@baseline.test", role: "LEAD", unit: "cls-customer-services" },
    { email: "viewer@baseline.test", role: "VIEWER", unit: null },
  ] as const;

  async function demoAccounts() {
    return db
      .select({ email: users.email, role: users.role, unit: orgUnits.slug, active: users.active, passwordHash: users.passwordHash })
      .from(users)
      .leftJoin(orgUnits, eq(orgUnits.id, users.unitId))
      .where(
        inArray(
          users.email,
          EXPECTED.map((e) => e.email),
        ),
      );
  }

  it("creates the seven accounts with their roles and units, all active", async () => {
    const rows = await demoAccounts();
    expect(rows).toHaveLength(7);
    for (const e of EXPECTED) {
      expect(rows.find((r) => r.email === e.email), e.email).toMatchObject({ role: e.role, unit: e.unit, active: true });
    }
  });

  it("stores Argon2id hashes, each with its own salt, never the password", async () => {
    const rows = await demoAccounts();
    const hashes = rows.map((r) => r.passwordHash);
    for (const h of hashes) {
      expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(h).not.toContain("baseline-demo");
    }
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe("demo measures", () => {
  it.each([
    ["MD-INC-P1", 83, 90],
    ["MD-INC-P2", 64, 95],
    ["MD-INC-P3", 86, 98],
    ["MD-INC-P4", 95, 99],
  ])("%s: baseline %d, target %d, owned by M&D, higher is better", async (code, baseline, target) => {
    const m = await measureByCode(code);
    expect(Number(m.baselineValue)).toBe(baseline);
    expect(m.direction).toBe("higher_better");
    const [unit] = await db.select({ slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.id, m.unitId));
    expect(unit!.slug).toBe("md");
    const targets = await db.select({ value: measureTargets.targetValue }).from(measureTargets).where(eq(measureTargets.measureId, m.id));
    expect(targets.map((t) => Number(t.value))).toEqual([target]);
  });

  it("has the CLS customer measures CSAT, CES and CSI", async () => {
    for (const code of ["CLS-CSAT", "CLS-CES", "CLS-CSI"]) {
      const m = await measureByCode(code);
      expect(await departmentSlugOf(m.unitId), code).toBe("cls");
    }
    const ces = await measureByCode("CLS-CES");
    expect([Number(ces.scaleMin), Number(ces.scaleMax)]).toEqual([1, 7]);
  });

  it("has 24 monthly figures, one per completed month, for a measure without gaps", async () => {
    const m = await measureByCode("MD-INC-P1");
    const figures = await db
      .select({ period: measureValues.period, periodType: measureValues.periodType })
      .from(measureValues)
      .where(eq(measureValues.measureId, m.id))
      .orderBy(asc(measureValues.period));
    const expected = Array.from({ length: 24 }, (_, i) => firstOfMonth(24 - i));
    expect(figures.map((f) => f.period)).toEqual(expected);
    expect(figures.every((f) => f.periodType === "month")).toBe(true);
  });

  it("has no figure for the current, unfinished month, except the survey's running figures", async () => {
    const { rows } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from measure_values v join measures m on m.id = v.measure_id
      where v.period >= ${firstOfMonth(0)}::date and m.feedback_metric is null`);
    expect(rows[0]!.n).toBe(0);
    // CSAT, CES and CSI are calculated from each survey response as it arrives (lib/feedback/record.ts).
    const survey = await db.execute<{ code: string; commentary: string }>(sql`
      select m.code, v.commentary from measure_values v join measures m on m.id = v.measure_id
      where v.period >= ${firstOfMonth(0)}::date and m.code like 'CLS-%' order by m.code`);
    expect(survey.rows.map((r) => r.code)).toEqual(["CLS-CES", "CLS-CSAT", "CLS-CSI"]);
    for (const r of survey.rows) expect(r.commentary).toMatch(/^Calculated from \d+ customer survey responses/);
  });

  it("dates every monthly figure on the first of its month, and every quarter on its first month", async () => {
    const { rows } = await db.execute<{ period_type: string; bad: number; total: number }>(sql`
      select period_type::text,
        count(*) filter (where extract(day from period) <> 1
          or (period_type = 'quarter' and extract(month from period) not in (1, 4, 7, 10)))::int as bad,
        count(*)::int as total
      from measure_values group by period_type order by period_type`);
    expect(rows.map((r) => r.period_type)).toEqual(["month", "quarter"]);
    for (const r of rows) {
      expect(r.total).toBeGreaterThan(0);
      expect(r.bad).toBe(0);
    }
  });

  it("keeps ratio parts whole and consistent with the value", async () => {
    const { rows } = await db.execute<{ n: number; bad: number }>(sql`
      select count(*)::int as n,
        count(*) filter (where numerator <> trunc(numerator) or denominator <> trunc(denominator)
          or numerator > denominator or abs(value - round(numerator / denominator * 100, 2)) > 0.005)::int as bad
      from measure_values where denominator is not null`);
    expect(rows[0]!.n).toBeGreaterThan(100);
    expect(rows[0]!.bad).toBe(0);
  });

  it("shows the plan's baseline as the submitted figure of the baseline's month (issue 13 §6)", async () => {
    const { rows } = await db.execute<{ code: string; baseline: string; baseline_period: string; frequency: string; value: string | null; status: string | null; in_range: boolean }>(sql`
      select m.code, m.baseline_value::text as baseline, m.baseline_period::text as baseline_period, m.frequency::text as frequency,
        v.value::text as value, v.status::text as status,
        -- The seeded range: the 24 completed months before this one.
        m.baseline_period >= (date_trunc('month', current_date) - interval '24 months') and m.baseline_period < date_trunc('month', current_date) as in_range
      from measures m
      left join measure_values v on v.measure_id = m.id
        and v.period = case when m.frequency = 'quarterly' then date_trunc('quarter', m.baseline_period)::date else m.baseline_period end
      where m.baseline_value is not null and m.code in (${sql.join(demoMeasures.map((m) => sql`${m.code}`), sql`, `)})
      order by m.code`);
    const expected = demoMeasures.filter((m) => m.baseline && m.baseline.value !== null).map((m) => m.code).sort();
    expect(rows.map((r) => r.code)).toEqual(expected);
    for (const r of rows.filter((x) => x.in_range)) {
      expect(r.status, `${r.code} ${r.baseline_period}`).toBe("submitted");
      expect(Number(r.value), `${r.code} ${r.baseline_period}`).toBe(Number(r.baseline));
    }
    // The baselines (August and September of last year) always fall in the seeded 24 months.
    expect(rows.every((r) => r.in_range)).toBe(true);
  });

  it("leaves only the latest month of a few measures in draft", async () => {
    const drafts = await db
      .select({ code: measures.code, period: measureValues.period, submittedAt: measureValues.submittedAt })
      .from(measureValues)
      .innerJoin(measures, eq(measures.id, measureValues.measureId))
      // Only the demo measures: other test files add measures and drafts of their own to the shared database.
      .where(and(eq(measureValues.status, "draft"), eq(measureValues.periodType, "month"), inArray(measures.code, demoMeasures.map((m) => m.code))));
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.map((d) => d.code)).toContain("MD-INC-P1");
    for (const d of drafts) {
      expect(d.period, d.code).toBe(firstOfMonth(1));
      expect(d.submittedAt).toBeNull();
    }
  });
});

describe("demo risks", () => {
  it("rates the three CLS risks High: residual score of 10 or more", async () => {
    const rows = await db
      .select({ ref: risks.ref, unitId: risks.unitId, l: risks.residualLikelihood, i: risks.residualImpact })
      .from(risks)
      .where(inArray(risks.ref, ["CLS-R01", "CLS-R02", "CLS-R03"]))
      .orderBy(asc(risks.ref));
    expect(rows.map((r) => r.ref)).toEqual(["CLS-R01", "CLS-R02", "CLS-R03"]);
    for (const r of rows) {
      expect(r.l * r.i, r.ref).toBeGreaterThanOrEqual(10);
      expect(await departmentSlugOf(r.unitId), r.ref).toBe("cls");
    }
  });
});
