import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { measures, measureTargets, measureValues, orgUnits, risks, users } from "@/db/schema";
import { shiftYearsInText, yearShift } from "@/db/seed/dates";
import { keyObjectives as demoKeyObjectives, priorities as demoPriorities } from "@/db/seed/data/priorities";
import { initiatives as demoInitiatives } from "@/db/seed/data/initiatives";
import { measures as demoMeasures } from "@/db/seed/data/measures";
import { recommendations as demoRecommendations } from "@/db/seed/data/recommendations";
import { risks as demoRisks } from "@/db/seed/data/risks";
import { setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();

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

  it("leaves survey responses held for moderation and verified ones, and counts only the counted in the figures (issue 15)", async () => {
    const { rows } = await db.execute<{ state: string; verified: number; n: number; uses: number }>(sql`
      select r.state::text, count(*) filter (where r.verified)::int as verified, count(*)::int as n,
        count(u.response_id)::int as uses
      from feedback_responses r left join feedback_interaction_uses u on u.response_id = r.id
      group by r.state order by r.state`);
    const by = Object.fromEntries(rows.map((r) => [r.state, r]));
    expect(by.held!.n).toBeGreaterThanOrEqual(5);
    expect(by.rejected!.n).toBeGreaterThanOrEqual(1);
    expect(by.counted!.verified).toBeGreaterThan(0);
    expect(by.counted!.uses).toBeGreaterThan(0);
    // The month's CSAT denominator is the counted responses of the month, held ones left out.
    const { rows: csat } = await db.execute<{ denominator: string; counted: number }>(sql`
      select v.denominator::text, (select count(*) from feedback_responses r where r.unit_id = m.unit_id and r.period = v.period and r.state in ('counted', 'accepted'))::int as counted
      from measure_values v join measures m on m.id = v.measure_id where m.code = 'CLS-CSAT' and v.period = ${firstOfMonth(0)}::date`);
    expect(csat).toHaveLength(1);
    expect(Number(csat[0]!.denominator)).toBe(csat[0]!.counted);
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

describe("demo history, for views as at a past period", () => {
  const demoInitiativeTitles = demoInitiatives.map((i) => i.title);
  const demoRiskRefs = demoRisks.map((r) => r.ref);

  it("has one initiative update a month from the start to last month, ending at the initiative's RAG", async () => {
    const { rows } = await db.execute<{ title: string; rag: string | null; start_date: string; periods: string[]; rags: string[]; missing_reason: number; bad_time: number }>(sql`
      select i.title, i.rag::text, i.start_date::text,
        array_agg(u.period::text order by u.period) as periods, array_agg(u.rag::text order by u.period) as rags,
        count(*) filter (where u.rag <> 'green' and u.reason is null)::int as missing_reason,
        count(*) filter (where u.created_at < u.period + interval '1 month' or u.created_at > now())::int as bad_time
      from initiatives i join initiative_updates u on u.initiative_id = i.id
      where i.title in (${sql.join(demoInitiativeTitles.map((t) => sql`${t}`), sql`, `)}) and u.period < ${firstOfMonth(0)}::date
      group by i.id`);
    expect(rows).toHaveLength(demoInitiatives.length);
    const first = firstOfMonth(24);
    for (const r of rows) {
      const from = r.start_date > first ? r.start_date : first;
      const expected = Array.from({ length: 24 }, (_, i) => firstOfMonth(24 - i)).filter((p) => p >= from);
      expect(r.periods, r.title).toEqual(expected);
      expect(r.rags.at(-1), r.title).toBe(r.rag);
      expect(r.missing_reason, r.title).toBe(0);
      expect(r.bad_time, r.title).toBe(0);
    }
    // Not all green all the time: the history has something to show.
    expect(rows.filter((r) => new Set(r.rags).size > 1).length).toBeGreaterThan(demoInitiatives.length / 2);
  });

  it("reviews every risk each month of the 24, the latest at today's residual rating", async () => {
    const { rows } = await db.execute<{ ref: string; n: number; l: number; i: number; last_l: number; last_i: number; bad_time: number; created_before: boolean }>(sql`
      select r.ref, count(*)::int as n, r.residual_likelihood as l, r.residual_impact as i,
        (array_agg(rv.residual_likelihood order by rv.reviewed_on desc))[1] as last_l,
        (array_agg(rv.residual_impact order by rv.reviewed_on desc))[1] as last_i,
        count(*) filter (where rv.created_at::date < rv.reviewed_on or rv.created_at > now())::int as bad_time,
        r.created_at < ${firstOfMonth(24)}::date as created_before
      from risks r join risk_reviews rv on rv.risk_id = r.id
      where r.ref in (${sql.join(demoRiskRefs.map((ref) => sql`${ref}`), sql`, `)})
        and rv.reviewed_on >= ${firstOfMonth(24)}::date and rv.reviewed_on < ${firstOfMonth(0)}::date
      group by r.id`);
    expect(rows).toHaveLength(demoRisks.length);
    for (const r of rows) {
      expect(r.n, r.ref).toBe(24);
      expect([r.last_l, r.last_i], r.ref).toEqual([r.l, r.i]);
      expect(r.bad_time, r.ref).toBe(0);
      expect(r.created_before, r.ref).toBe(true);
    }
  });

  it("records forecast changes 2–6 weeks before the date they moved from, chained to today's forecast", async () => {
    const { rows } = await db.execute<{ title: string; planned: string; forecast: string; froms: string[]; tos: string[]; leads: number[] }>(sql`
      select m.title, m.planned_date::text as planned, m.forecast_date::text as forecast,
        array_agg(c.from_date::text order by c.changed_at) as froms, array_agg(c.to_date::text order by c.changed_at) as tos,
        array_agg(c.from_date - c.changed_at::date order by c.changed_at) as leads
      from milestones m join initiatives i on i.id = m.initiative_id join milestone_forecast_changes c on c.milestone_id = m.id
      where i.title in (${sql.join(demoInitiativeTitles.map((t) => sql`${t}`), sql`, `)}) and c.changed_at < ${firstOfMonth(0)}::date
      group by m.id`);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      expect(r.froms[0], r.title).toBe(r.planned);
      expect(r.tos.at(-1), r.title).toBe(r.forecast);
      for (const lead of r.leads) {
        expect(lead, r.title).toBeGreaterThanOrEqual(13);
        expect(lead, r.title).toBeLessThanOrEqual(43);
      }
    }
    const { rows: achieved } = await db.execute<{ n: number }>(sql`select count(*)::int as n from milestones where status = 'achieved' and (actual_date is null or actual_date > current_date)`);
    expect(achieved[0]!.n).toBe(0);
  });

  it("holds six monthly SLT reviews per department, each with 2–4 actions owned by the demo users", async () => {
    const { rows } = await db.execute<{ slug: string; period: string; held_on: string; n: number; open: number; overdue: number; closed_badly: number; by_user: number; named_wrong: number; created_wrong: number }>(sql`
      select o.slug, m.period::text, m.held_on::text, count(a.id)::int as n,
        count(*) filter (where a.status = 'open')::int as open,
        count(*) filter (where a.status = 'open' and a.due_date < current_date)::int as overdue,
        count(*) filter (where a.status <> 'open' and (a.closed_at is null or a.closing_note is null or a.closed_at < a.created_at or a.closed_at > now()))::int as closed_badly,
        count(a.owner_user_id)::int as by_user,
        count(*) filter (where a.owner_user_id is not null and a.owner_name <> u.name)::int as named_wrong,
        count(*) filter (where a.created_at::date <> m.held_on)::int as created_wrong
      from review_meetings m join org_units o on o.id = m.department_id
      join review_actions a on a.meeting_id = m.id left join users u on u.id = a.owner_user_id
      where o.slug in ('coo', 'cls') and m.period >= ${firstOfMonth(7)}::date and m.period < ${firstOfMonth(1)}::date
        and a.created_at < ${firstOfMonth(0)}::date
      group by o.slug, m.id order by o.slug, m.period`);
    for (const slug of ["coo", "cls"]) {
      const meetings = rows.filter((r) => r.slug === slug);
      expect(meetings.map((m) => m.period), slug).toEqual([7, 6, 5, 4, 3, 2].map(firstOfMonth));
      for (const m of meetings) {
        expect(m.n, `${slug} ${m.period}`).toBeGreaterThanOrEqual(2);
        expect(m.n, `${slug} ${m.period}`).toBeLessThanOrEqual(4);
        expect(m.held_on > m.period, `${slug} ${m.period}`).toBe(true);
        expect([m.closed_badly, m.named_wrong, m.created_wrong], `${slug} ${m.period}`).toEqual([0, 0, 0]);
      }
      expect(meetings.reduce((s, m) => s + m.by_user, 0), slug).toBeGreaterThan(meetings.reduce((s, m) => s + m.n, 0) / 2);
    }
    // Some actions still open, some of them past their due date; most closed.
    expect(rows.reduce((s, r) => s + r.overdue, 0)).toBeGreaterThan(0);
    expect(rows.reduce((s, r) => s + r.open, 0)).toBeLessThan(rows.reduce((s, r) => s + r.n, 0) / 2);
  });

  it("dates recommendations from their report, and their trail after that", async () => {
    const { rows } = await db.execute<{ ref: string; days: number; trail_before: number }>(sql`
      select r.ref, r.created_at::date - r.report_date as days,
        count(u.id) filter (where u.created_at < r.created_at or u.created_at > now())::int as trail_before
      from recommendations r left join recommendation_updates u on u.recommendation_id = r.id
      where r.ref in (${sql.join(demoRecommendations.map((x) => sql`${x.ref}`), sql`, `)})
      group by r.id`);
    expect(rows).toHaveLength(demoRecommendations.length);
    for (const r of rows) {
      expect(r.days, r.ref).toBeGreaterThanOrEqual(0);
      expect(r.days, r.ref).toBeLessThanOrEqual(14);
      expect(r.trail_before, r.ref).toBe(0);
    }
  });
});

describe("demo text matches its data (issue 19)", () => {
  const shift = yearShift(new Date());
  const codes = demoMeasures.map((m) => m.code);

  it("moves the years in the documents' words with their dates", async () => {
    const p1 = await measureByCode("MD-INC-P1");
    const baselineMonth = new Date(`${p1.baselinePeriod}T00:00:00`).toLocaleString("en-GB", { month: "long", year: "numeric" });
    expect(p1.baselineNote).toBe(`${baselineMonth}.`);
    expect(p1.dataLimitations).toContain(`a month in ${baselineMonth})`);

    const uptime = await measureByCode("MD-NET-UPTIME");
    const [tbc] = await db.select({ due: measureTargets.tbcDue }).from(measureTargets).where(and(eq(measureTargets.measureId, uptime.id), sql`${measureTargets.tbcDue} is not null`));
    expect(uptime.description).toContain(`Target to be confirmed by Q1 ${tbc!.due!.slice(0, 4)}.`);
  });

  it("names no year the dates have moved away from, in any demo text", async () => {
    const titles = [...demoInitiatives.map((i) => i.title)];
    const { rows } = await db.execute<{ place: string; text: string | null }>(sql`
      select 'measure ' || code as place, unnest(array[name, description, data_limitations, baseline_note]) as text
        from measures where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      union all select 'target of ' || m.code, t.note from measure_targets t join measures m on m.id = t.measure_id
        where m.code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      union all select 'initiative ' || i.title, unnest(array[i.deliverables, i.target_date_label, i.impacted_measures_text, i.success_criterion]) from initiatives i
        where i.title in (${sql.join(titles.map((t) => sql`${t}`), sql`, `)})
      union all select 'milestone of ' || i.title, ms.title from milestones ms join initiatives i on i.id = ms.initiative_id
        where i.title in (${sql.join(titles.map((t) => sql`${t}`), sql`, `)})
      union all select 'risk ' || ref, unnest(array[title, cause, event, impact]) from risks where ref in (${sql.join(demoRisks.map((r) => sql`${r.ref}`), sql`, `)})
      union all select 'mitigation of ' || r.ref, mi.description from risk_mitigations mi join risks r on r.id = mi.risk_id
        where r.ref in (${sql.join(demoRisks.map((r) => sql`${r.ref}`), sql`, `)})
      union all select 'recommendation ' || ref, unnest(array[report_title, text, response, completion_evidence]) from recommendations
        where ref in (${sql.join(demoRecommendations.map((r) => sql`${r.ref}`), sql`, `)})
      union all select 'priority ' || code, unnest(array[title, description]) from strategic_priorities where code in (${sql.join(demoPriorities.map((p) => sql`${p.code}`), sql`, `)})
      union all select 'key objective', unnest(array[title, description]) from key_objectives
        where title in (${sql.join(demoKeyObjectives.map((k) => sql`${shiftYearsInText(k.title, shift)}`), sql`, `)})
      union all select 'funding line ' || f.ref, unnest(array[f.name, f.source]) from funding_programmes f join org_units d on d.id = f.department_id where d.slug = 'coo'
      union all select 'government efficiency target', note from government_efficiency_targets
      union all select 'gender pay gap', g.source from gender_pay_gaps g join org_units d on d.id = g.department_id where d.slug = 'coo'`);
    expect(rows.filter((r) => r.text).length).toBeGreaterThan(300);
    // The documents name 2019 to 2023; moved, those are 2019 + shift to 2023 + shift.
    const stale = rows.flatMap((r) =>
      [...(r.text ?? "").matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => Number(m[0])).filter((y) => y < 2019 + shift || y > 2023 + shift).map((y) => `${r.place}: ${y} in "${r.text}"`),
    );
    expect(stale).toEqual([]);
  });

  it("speaks of TOM vacancies only on the measures of TOM vacancies", async () => {
    const { rows } = await db.execute<{ code: string; commentary: string }>(sql`
      select m.code, v.commentary from measure_values v join measures m on m.id = v.measure_id
      where m.code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) and v.commentary ~ '\\mTOM\\M' and m.code not like '%-TOM-%'`);
    expect(rows).toEqual([]);
    const { rows: tom } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from measure_values v join measures m on m.id = v.measure_id where m.code like '%-TOM-%' and v.commentary ~ '\\mTOM\\M'`);
    expect(tom[0]!.n).toBeGreaterThan(0);
  });
});
