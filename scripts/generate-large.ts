/**
 * npm run db:generate-large [-- --scale=N] [--reset] — fills DATABASE_URL with a large, deterministic
 * organisation for performance work (scripts/bench-pages.ts). At scale 1 (the default): 20
 * departments × 3 units, 1,200 measures with 10 years of figures (~134,000 rows), 500 initiatives,
 * 2,000 milestones, 1,000 risks with a mitigation each, 12 months of review meetings per department
 * with 2–4 actions each, and the history that "as at" views read: 24 months of monthly initiative
 * updates and risk reviews ending at today's RAG and rating, and the forecast changes of slipped
 * milestones; and resources (issue 16) for the year of the last completed month, from January to it:
 * a budget and monthly finance and workforce returns for every department and unit, four funding
 * lines (two growth, two capital; one linked to no initiative) and three efficiencies per department
 * with their monthly returns, and the government's efficiencies target. Scale N multiplies the departments (and with them units and measures), initiatives
 * and risks by N, with the same history per item: scale 10 is 200 departments, 12,000 measures,
 * ~1.34 million figures. Scale 1 is exactly the data set the tests and benchmarks were written
 * against (scripts/generate-large-scale.ts holds the arithmetic and the names). And the accounts:
 *   admin@large.test, viewer@large.test, slt.<department>@large.test, lead.<unit>@large.test —
 *   password "baseline-demo".
 * Refuses a database that already has data unless --reset is given (drops every table first).
 * No statement binds more than Postgres's 65,535 parameters at any scale: big tables go in with
 * INSERT … SELECT FROM unnest(arrays), one parameter per column and one statement per 20,000 rows;
 * the other inserts in chunks sized by the table's column count; the history is derived from the
 * rows already there with INSERT … SELECT over generate_series.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { hash } from "@node-rs/argon2";
import { addDays, addMonths, format, startOfMonth, subMonths } from "date-fns";
import { getTableColumns, sql, type Table } from "drizzle-orm";
import type { Pool } from "pg";
import { createDb, type Database } from "../db/client";
import { runMigrations } from "../db/migrate";
import * as s from "../db/schema";
import { seededRandom } from "../db/seed/random";
import { INITIATIVE_TYPES, MEASURE_CATEGORIES, MITIGATION_STATUSES } from "../lib/enums";
import { BASE, chunks, departmentNames, MAX_BIND_PARAMETERS, measureCode, parseScale, rowsPerStatement, sizesFor, unitsOf } from "./generate-large-scale";

/** Months of initiative updates and risk reviews before today (as the demo seed). */
const HISTORY_MONTHS = 24;
const PASSWORD = "baseline-demo";
/** Rows per unnest statement (the parameter count is the column count, whatever the rows). */
const BATCH = 20_000;

type Kind = "percent" | "ratio_pct" | "count_sum" | "count_last" | "score" | "currency" | "days";
const KINDS: Kind[] = ["percent", "ratio_pct", "count_sum", "count_last", "score", "currency", "days"];

const iso = (d: Date) => format(d, "yyyy-MM-dd");

/** Measure definition by kind: the columns that differ, and the level and spread of its figures. */
function measureShape(kind: Kind) {
  switch (kind) {
    case "percent":
      return { valueType: "percent", decimals: 1, quarterRule: "mean", level: 85, spread: 6 } as const;
    case "ratio_pct":
      return { valueType: "percent", decimals: 1, quarterRule: "ratio", level: 90, spread: 5 } as const;
    case "count_sum":
      return { valueType: "count", decimals: 0, quarterRule: "sum", level: 400, spread: 60 } as const;
    case "count_last":
      return { valueType: "count", decimals: 0, quarterRule: "last", level: 12, spread: 4 } as const;
    case "score":
      return { valueType: "score", decimals: 1, quarterRule: "mean", level: 5.2, spread: 0.6, scaleMin: "1", scaleMax: "7" } as const;
    case "currency":
      return { valueType: "currency", decimals: 0, quarterRule: "sum", level: 250_000, spread: 40_000 } as const;
    case "days":
      return { valueType: "days", decimals: 1, quarterRule: "mean", level: 8, spread: 2 } as const;
  }
}

/** INSERT … SELECT FROM unnest($1::type[], …) in batches: one parameter per column whatever the row count. */
async function bulkInsert(pool: Pool, table: string, columns: [name: string, pgType: string][], rows: unknown[][]) {
  if (columns.length > MAX_BIND_PARAMETERS) throw new Error(`${table}: too many columns for one statement`);
  const list = columns.map(([name]) => `"${name}"`).join(", ");
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  for (const chunk of chunks(rows, BATCH)) {
    const arrays = columns.map((_, c) => chunk.map((r) => r[c] ?? null));
    await pool.query(`insert into ${table} (${list}) select * from unnest(${unnest})`, arrays);
  }
}

/**
 * A multi-row Drizzle insert split into statements under the parameter limit. Drizzle may bind
 * every column of the table for each row, so the chunk is sized by the table's column count.
 * Chunks go in order, so ids (and any `returning`) come back in the order of `rows`.
 */
async function insertInChunks<T, R>(table: Table, rows: readonly T[], insert: (chunk: T[]) => Promise<R[] | void>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(rows, rowsPerStatement(Object.keys(getTableColumns(table)).length))) {
    for (const row of (await insert(chunk)) ?? []) out.push(row);
  }
  return out;
}

/**
 * Fills an empty, migrated database with the large organisation; returns the row counts. Scale 1
 * (the default) is the data set tests/integration/consistency-large.test.ts and bench-pages expect.
 */
export async function generate(db: Database, pool: Pool, options: { scale?: number } = {}) {
  const size = sizesFor(options.scale ?? 1);
  const rand = seededRandom("baseline-large");
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  const lastMonth = subMonths(startOfMonth(new Date()), 1); // the last completed month
  const months = Array.from({ length: size.months }, (_, i) => subMonths(lastMonth, size.months - 1 - i));
  const firstMonth = months[0]!;
  const passwordHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });

  // Organisation and accounts
  const departments = await insertInChunks(
    s.orgUnits,
    departmentNames(size.departments).map((d, i) => ({ ...d, kind: "department" as const, sortOrder: i })),
    (chunk) => db.insert(s.orgUnits).values(chunk).returning({ id: s.orgUnits.id, slug: s.orgUnits.slug, name: s.orgUnits.name }),
  );
  const units = await insertInChunks(
    s.orgUnits,
    departments.flatMap((d, di) => unitsOf(d).map((u, ui) => ({ ...u, kind: "directorate" as const, parentId: d.id, sortOrder: di * 10 + ui }))),
    (chunk) => db.insert(s.orgUnits).values(chunk).returning({ id: s.orgUnits.id, slug: s.orgUnits.slug, parentId: s.orgUnits.parentId }),
  );
  const [admin] = await db.insert(s.users).values({ email: "admin@large.test", name: "Large Admin", role: "ADMIN", passwordHash }).returning({ id: s.users.id });
  const slt = await insertInChunks(
    s.users,
    departments.map((d) => ({ email: `slt.${d.slug}@large.test`, name: `SLT ${d.name}`, role: "SLT" as const, unitId: d.id, passwordHash })),
    (chunk) => db.insert(s.users).values(chunk).returning({ id: s.users.id, unitId: s.users.unitId }),
  );
  const leads = await insertInChunks(
    s.users,
    units.map((u) => ({ email: `lead.${u.slug}@large.test`, name: `Lead ${u.slug}`, role: "LEAD" as const, unitId: u.id, passwordHash })),
    (chunk) => db.insert(s.users).values(chunk).returning({ id: s.users.id, unitId: s.users.unitId }),
  );
  // After the others, so that every id of scale 1 stays what it was before the viewer existed.
  const [viewer] = await db.insert(s.users).values({ email: "viewer@large.test", name: "Large Viewer", role: "VIEWER", passwordHash }).returning({ id: s.users.id });
  const leadOf = new Map(leads.map((l) => [l.unitId!, l.id]));
  const sltOf = new Map(slt.map((u) => [u.unitId!, u.id]));

  // Measures (mixed kinds; one in ten quarterly; one in twelve with no better direction)
  const specs = units.flatMap((u, ui) =>
    Array.from({ length: BASE.measuresPerUnit }, (_, mi) => {
      const kind = KINDS[(ui + mi) % KINDS.length]!;
      const shape = measureShape(kind);
      const direction =
        mi % 12 === 11 ? ("neither" as const) : kind === "days" || kind === "count_last" || (kind === "count_sum" && mi % 2 === 0) ? ("lower_better" as const) : ("higher_better" as const);
      const quarterly = mi % 10 === 9 && kind !== "count_last";
      return { unit: u, code: measureCode(ui, mi), kind, shape, direction, quarterly, mi };
    }),
  );
  const measureRows = await insertInChunks(
    s.measures,
    specs.map((m) => ({
      code: m.code,
      name: `${m.kind.replace("_", " ")} measure ${m.mi + 1} of ${m.unit.slug}`,
      description: "Generated for performance testing.",
      unitId: m.unit.id,
      category: MEASURE_CATEGORIES[m.mi % MEASURE_CATEGORIES.length]!,
      valueType: m.shape.valueType,
      scaleMin: "scaleMin" in m.shape ? m.shape.scaleMin : null,
      scaleMax: "scaleMax" in m.shape ? m.shape.scaleMax : null,
      decimals: m.shape.decimals,
      direction: m.direction,
      frequency: m.quarterly ? ("quarterly" as const) : ("monthly" as const),
      quarterRule: m.shape.quarterRule,
      dataSource: "Generated",
      baselineValue: String(m.shape.level),
      baselinePeriod: iso(firstMonth),
      groupName: m.mi < 4 ? "Headline" : null,
      sortOrder: m.mi,
      isPublic: m.mi % 3 === 0,
    })),
    (chunk) => db.insert(s.measures).values(chunk).returning({ id: s.measures.id, code: s.measures.code }),
  );
  const measureIdOf = new Map(measureRows.map((r) => [r.code, r.id]));

  // Targets: one from the start of the history, changed three years ago (a few to be confirmed)
  const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
  const targetChange = iso(subMonths(lastMonth, 36));
  const targetRows: unknown[][] = [];
  for (const m of specs) {
    if (m.direction === "neither") continue;
    const id = measureIdOf.get(m.code)!;
    const sign = m.direction === "higher_better" ? 1 : -1;
    const first = round(m.shape.level + sign * m.shape.spread * 0.2, m.shape.decimals);
    const later = m.kind === "percent" || m.kind === "ratio_pct" ? Math.min(100, first + sign * 2) : round(first * (1 + sign * 0.05), m.shape.decimals);
    const tbc = m.mi === 7;
    targetRows.push([id, String(first), iso(firstMonth), null, null]);
    targetRows.push([id, tbc ? null : String(later), targetChange, tbc ? iso(addMonths(lastMonth, 3)) : null, tbc ? "Target to be confirmed" : "Raised after the review"]);
  }
  await bulkInsert(pool, "measure_targets", [["measure_id", "int"], ["target_value", "numeric"], ["effective_from", "date"], ["tbc_due", "date"], ["note", "text"]], targetRows);

  // Figures: a slow drift with seasonal wobble and noise; ~1.5% gaps, a few late last months and drafts.
  // Written as they are made, 20,000 rows a statement (scale 10 is ~1.34 million rows).
  const valueColumns: [string, string][] = [
    ["measure_id", "int"], ["period_type", "period_type"], ["period", "date"], ["value", "numeric"], ["numerator", "numeric"], ["denominator", "numeric"],
    ["commentary", "text"], ["status", "value_status"], ["entered_by_id", "int"], ["submitted_by_id", "int"], ["submitted_at", "timestamptz"], ["updated_at", "timestamptz"],
  ];
  let valueRows: unknown[][] = [];
  let valueCount = 0;
  const nowIso = new Date().toISOString();
  const quarters = months.filter((d) => d.getMonth() % 3 === 0 && addMonths(d, 2) <= lastMonth);
  // Period strings, computed once rather than once a figure: [iso(period), submitted at]
  const periodText = (periods: Date[], monthsLater: number) =>
    periods.map((d) => [iso(d), addMonths(d, monthsLater).toISOString().slice(0, 10) + "T09:00:00Z"] as const);
  const monthText = periodText(months, 1);
  const quarterText = periodText(quarters, 3);
  for (const m of specs) {
    const id = measureIdOf.get(m.code)!;
    const lead = leadOf.get(m.unit.id)!;
    const r = seededRandom(m.code);
    const drift = (r() - 0.4) * m.shape.spread * 1.5;
    const periods = m.quarterly ? quarters : months;
    const texts = m.quarterly ? quarterText : monthText;
    const lateLastMonth = !m.quarterly && m.mi % 17 === 5;
    const draftLastMonth = !m.quarterly && m.mi % 13 === 3;
    periods.forEach((_, i) => {
      const isLast = i === periods.length - 1;
      if ((isLast && lateLastMonth) || (!isLast && r() < 0.015)) return;
      const t = i / Math.max(periods.length - 1, 1);
      let x = m.shape.level + drift * t + Math.sin(i / 1.9) * m.shape.spread * 0.3 + (r() * 2 - 1) * m.shape.spread;
      if (m.kind === "currency" || m.kind === "count_sum") x *= m.quarterly ? 3 : 1;
      let numerator: number | null = null;
      let denominator: number | null = null;
      if (m.kind === "ratio_pct") {
        denominator = 50 + Math.floor(r() * 400);
        numerator = Math.min(denominator, Math.max(0, Math.round((denominator * x) / 100)));
        x = Math.round((numerator / denominator) * 100 * 10_000) / 10_000;
      } else if (m.shape.valueType === "percent") x = Math.min(100, Math.max(0, round(x, 1)));
      else if (m.shape.valueType === "score") x = Math.min(7, Math.max(1, round(x, 1)));
      else x = Math.max(0, round(x, m.shape.decimals));
      const draft = isLast && draftLastMonth;
      const [periodIso, submittedIso] = texts[i]!;
      const submittedAt = draft ? null : submittedIso;
      const commentary = r() < 0.1 ? "Within the expected range; no action needed." : null;
      valueRows.push([
        id, m.quarterly ? "quarter" : "month", periodIso, String(x), numerator === null ? null : String(numerator), denominator === null ? null : String(denominator),
        commentary, draft ? "draft" : "submitted", lead, draft ? null : lead, submittedAt ?? null, submittedAt ?? nowIso,
      ]);
    });
    if (valueRows.length >= BATCH) {
      await bulkInsert(pool, "measure_values", valueColumns, valueRows);
      valueCount += valueRows.length;
      valueRows = [];
    }
  }
  await bulkInsert(pool, "measure_values", valueColumns, valueRows);
  valueCount += valueRows.length;

  // Initiatives (25 a department) with 4 milestones each
  const initiativeSpecs = Array.from({ length: size.initiatives }, (_, i) => {
    const unit = units[i % units.length]!;
    const ongoing = i % 9 === 0;
    const ragValue = pick(["green", "green", "green", "amber", "red", null] as const);
    return {
      cspRef: `GP-${String(Math.floor(i / 4) + 1).padStart(3, "0")}`,
      title: `Initiative ${i + 1}: improve ${pick(["digital services", "recruitment", "procurement", "customer contact", "estates", "data quality"])}`,
      deliverables: "Generated deliverables.",
      leadUnitId: unit.id,
      type: pick(INITIATIVE_TYPES),
      targetDate: ongoing ? null : iso(addMonths(lastMonth, between(-18, 24))),
      ongoing,
      successCriterion: ongoing ? "Service levels sustained for four quarters." : null,
      status: pick(["not_started", "in_progress", "in_progress", "complete", "ongoing"] as const),
      rag: ragValue,
      ragReason: ragValue === "amber" || ragValue === "red" ? "Dependency on a supplier is late." : null,
      // Entered before the history starts, so that "as at" views of every month find it.
      createdAt: subMonths(lastMonth, HISTORY_MONTHS + 1),
    };
  });
  const initiativeRows = await insertInChunks(s.initiatives, initiativeSpecs, (chunk) =>
    db.insert(s.initiatives).values(chunk).returning({ id: s.initiatives.id, leadUnitId: s.initiatives.leadUnitId }),
  );
  const milestoneRows = initiativeRows.flatMap((ini) =>
    Array.from({ length: BASE.milestonesPerInitiative }, (_, k) => {
      const planned = addMonths(lastMonth, between(-24, 18));
      const past = planned <= lastMonth;
      const status = past ? pick(["achieved", "achieved", "missed", "in_progress"] as const) : pick(["planned", "in_progress"] as const);
      return {
        initiativeId: ini.id,
        title: `Milestone ${k + 1}`,
        plannedDate: iso(planned),
        forecastDate: status === "achieved" ? null : iso(addMonths(planned, between(0, 4))),
        actualDate: status === "achieved" ? iso(planned) : null,
        status,
        sortOrder: k,
      };
    }),
  );
  await insertInChunks(s.milestones, milestoneRows, async (chunk) => {
    await db.insert(s.milestones).values(chunk);
  });

  // History, set-based. Monthly updates to last month, ending at today's RAG: the current RAG for
  // the last 1–6 months, before that mostly green, in three-month spells that pass through amber
  // on the way to and from red.
  const since = iso(subMonths(lastMonth, HISTORY_MONTHS - 1));
  const last = iso(lastMonth);
  const updates = await pool.query(
    `insert into initiative_updates (initiative_id, period, rag, reason, commentary, created_by_id, created_at)
     select i.id, g.period::date, r.rag,
       case when r.rag <> 'green' then 'Dependency on a supplier is late.' end,
       case when r.rag = 'green' then 'Deliverables on track.' else 'Recovery plan agreed with the sponsor.' end,
       l.id, least(now() - interval '1 hour', g.period + interval '1 month' + make_interval(days => 1 + i.id % 6, hours => 9 + i.id % 8))
     from initiatives i
     join users l on l.unit_id = i.lead_unit_id and l.role = 'LEAD'
     cross join lateral generate_series($1::date, $2::date, interval '1 month') as g(period)
     cross join lateral (select ((extract(year from age($2::date, g.period::date)) * 12 + extract(month from age($2::date, g.period::date)))::int) as back) b
     cross join lateral (select case
       when b.back <= i.id % 6 then i.rag
       when (i.id * 7 + b.back / 3) % 10 in (6, 8) then 'amber'::rag
       when (i.id * 7 + b.back / 3) % 10 = 7 then 'red'::rag
       else 'green'::rag end as rag) r
     where i.rag is not null`,
    [since, last],
  );
  // A slipped milestone's forecast moved 2–6 weeks before its planned date (never in the future).
  const forecastChanges = await pool.query(
    `insert into milestone_forecast_changes (milestone_id, from_date, to_date, reason, changed_by_id, changed_at)
     select m.id, m.planned_date, m.forecast_date, 'Supplier dependency slipped; new date agreed with the sponsor.', l.id,
       least(m.planned_date - (14 + m.id % 29) + interval '10 hours', now() - make_interval(days => 1 + m.id % 20))
     from milestones m join initiatives i on i.id = m.initiative_id
     join users l on l.unit_id = i.lead_unit_id and l.role = 'LEAD'
     where m.forecast_date is not null and m.forecast_date <> m.planned_date`,
  );

  // Risks (50 a department), each with a mitigation
  const riskSpecs = Array.from({ length: size.risks }, (_, i) => {
    const unit = units[i % units.length]!;
    const il = between(2, 5);
    const ii = between(2, 5);
    return {
      ref: `LR-${String(i + 1).padStart(4, "0")}`,
      unitId: unit.id,
      title: `Risk ${i + 1}: ${pick(["loss of key staff", "supplier failure", "cyber attack", "budget overspend", "data breach", "system outage"])}`,
      cause: "Generated cause.",
      event: "Generated event.",
      impact: "Generated impact.",
      category: pick(["Operational", "Financial", "Reputational", "Compliance"]),
      ownerName: `Owner ${i + 1}`,
      ownerUserId: leadOf.get(unit.id)!,
      inherentLikelihood: il,
      inherentImpact: ii,
      residualLikelihood: between(1, il),
      residualImpact: between(1, ii),
      appetiteScore: between(4, 12),
      status: i % 10 === 0 ? ("closed" as const) : ("open" as const),
      lastReviewedAt: subMonths(lastMonth, between(0, 3)),
      createdAt: subMonths(lastMonth, HISTORY_MONTHS + 1),
    };
  });
  const riskRows = await insertInChunks(s.risks, riskSpecs, (chunk) => db.insert(s.risks).values(chunk).returning({ id: s.risks.id }));
  // A review a month, ending at today's residual rating (a closed risk's stopped when it closed,
  // 1–3 months ago); earlier, now and then a step higher in likelihood, never above the inherent.
  const reviews = await pool.query(
    `insert into risk_reviews (risk_id, reviewed_on, residual_likelihood, residual_impact, note, reviewer_id, created_at)
     select r.id, g.period::date + (14 + r.id % 8), x.l, r.residual_impact,
       case when x.l = r.residual_likelihood then 'Rating confirmed.' else 'Re-rated at the monthly review.' end,
       r.owner_user_id, g.period + make_interval(days => 14 + r.id % 8, hours => 10)
     from risks r
     cross join lateral (select case when r.status = 'closed' then 1 + r.id % 3 else 0 end as stop) s
     cross join lateral generate_series($1::date, ($2::date - make_interval(months => s.stop))::date, interval '1 month') as g(period)
     cross join lateral (select ((extract(year from age($2::date, g.period::date)) * 12 + extract(month from age($2::date, g.period::date)))::int - s.stop) as back) b
     cross join lateral (select case
       when b.back > 2 + r.id % 9 and (r.id + b.back / 4) % 3 = 0 then least(r.inherent_likelihood, r.residual_likelihood + 1)
       else r.residual_likelihood end::smallint as l) x`,
    [since, last],
  );
  await pool.query(
    `update risks r set last_reviewed_at = v.at, updated_at = v.at from (select risk_id, max(created_at) as at from risk_reviews group by risk_id) v where v.risk_id = r.id`,
  );
  await insertInChunks(
    s.riskMitigations,
    riskRows.map((risk) => ({
      riskId: risk.id,
      description: "Mitigating action.",
      ownerName: "Mitigation owner",
      dueDate: iso(addMonths(lastMonth, between(-3, 9))),
      status: pick(MITIGATION_STATUSES),
    })),
    async (chunk) => {
      await db.insert(s.riskMitigations).values(chunk);
    },
  );

  // Review meetings for the last 12 completed months per department (last month's not yet held),
  // each held one with 2–4 actions: older ones mostly closed since, some dropped, some still open.
  const meetings = await insertInChunks(
    s.reviewMeetings,
    departments.flatMap((d) =>
      Array.from({ length: BASE.meetingsPerDepartment }, (_, k) => {
        const period = subMonths(lastMonth, 11 - k);
        const held = k < 11;
        const heldOn = addDays(addMonths(period, 1), 7 + (k % 5));
        return {
          departmentId: d.id,
          period: iso(period),
          heldOn: held ? iso(heldOn) : null,
          attendees: held ? "Director General, Directors, Head of Performance" : null,
          decisions: held ? "Noted the off-target measures; actions agreed." : null,
          status: held ? ("held" as const) : ("planned" as const),
          createdById: sltOf.get(d.id)!,
          createdAt: held ? heldOn : addDays(lastMonth, 20),
        };
      }),
    ),
    (chunk) => db.insert(s.reviewMeetings).values(chunk).returning({ id: s.reviewMeetings.id }),
  );
  const actions = await pool.query(
    `insert into review_actions (meeting_id, description, owner_name, owner_user_id, due_date, status, closed_at, closing_note, measure_id, created_at, updated_at)
     select m.id, a.description, u.name, u.id, a.due, a.status, a.closed_at,
       case a.status when 'done' then 'Done: reported back to SLT.' when 'dropped' then 'Dropped: overtaken by a later decision.' end,
       case when n.k = 1 then (select ms.id from measures ms join org_units ou on ou.id = ms.unit_id where ou.parent_id = m.department_id order by ms.id offset m.id % 60 limit 1) end,
       m.held_on + interval '10 hours', coalesce(a.closed_at, m.held_on + interval '10 hours')
     from review_meetings m
     join users u on u.unit_id = m.department_id and u.role = 'SLT'
     cross join lateral generate_series(1, 2 + m.id % 3) as n(k)
     cross join lateral (select m.held_on + (14 + (m.id * 7 + n.k * 11) % 29) as due, (m.id * 13 + n.k * 7) % 20 as roll) d
     cross join lateral (select
       case when n.k = 1 then 'Explain the dip and set out a recovery plan.' when n.k = 2 then 'Bring a revised forecast to the next meeting.'
         when n.k = 3 then 'Agree data quality checks with the data owners.' else 'Confirm the recruitment timeline for the vacancies.' end as description,
       d.due,
       (case when d.due >= current_date then (case when d.roll < 5 then 'done' else 'open' end)
         when d.roll < 14 then 'done' when d.roll < 16 then 'dropped' else 'open' end)::action_status as status,
       case when d.due >= current_date then (case when d.roll < 5 then least(now() - interval '1 day', m.held_on + 7 + interval '11 hours') end)
         when d.roll < 16 then least(now() - interval '1 day', greatest(m.held_on + 3, d.due - 7 + d.roll % 12) + interval '11 hours') end as closed_at) a
     where m.department_id in (${departments.map((d) => d.id).join(", ")}) and m.status = 'held'`,
  );

  const resources = await generateResources(pool, lastMonth);

  void admin;
  void viewer;
  return {
    departments: departments.length,
    units: units.length,
    users: 1 + slt.length + leads.length + 1,
    measures: measureRows.length,
    targets: targetRows.length,
    values: valueCount,
    initiatives: initiativeRows.length,
    milestones: milestoneRows.length,
    risks: riskRows.length,
    mitigations: riskRows.length,
    meetings: meetings.length,
    actions: actions.rowCount ?? 0,
    initiativeUpdates: updates.rowCount ?? 0,
    forecastChanges: forecastChanges.rowCount ?? 0,
    riskReviews: reviews.rowCount ?? 0,
    ...resources,
  };
}

/**
 * Resources for the year of `lastMonth`, January to it, set-based from the organisation already
 * there, so that their size follows the scale: a budget and a month of finance and workforce
 * returns for every department and unit (one in ten forecasting an overspend beyond tolerance, one
 * in ten an underspend), four funding lines per department (the first three led by its units and
 * linked to two of their initiatives, the fourth the department's own and linked to none: a break
 * in the golden thread) and three efficiencies (two departmental, one cross-cutting; a quarter of
 * them forecast short of target), each with its months, and the government's target.
 */
async function generateResources(pool: Pool, lastMonth: Date) {
  const year = lastMonth.getFullYear();
  const first = `${year}-01-01`;
  const last = iso(lastMonth);
  const months = `generate_series($1::date, $2::date, interval '1 month') as g(m)`;
  const count = async (text: string, params: unknown[] = []) => (await pool.query(text, params)).rowCount ?? 0;

  const budgets = await count(
    `insert into unit_budgets (unit_id, year, income_pence, del_pence, non_cash_pence, fte_establishment, note)
     select u.id, $1, (u.id % 5) * 10000000, 200000000 + (u.id % 37) * 50000000, (u.id % 11) * 2000000, 10 + u.id % 90, 'Generated'
     from org_units u`,
    [year],
  );
  const financeMonths = await count(
    `insert into finance_months (unit_id, month, actual_pence, forecast_outturn_pence, commentary)
     select b.unit_id, g.m::date,
       round(t.total / 12.0 * (0.95 + ((b.unit_id * 7 + extract(month from g.m)::int) % 10) / 100.0))::bigint,
       round(t.total * f.factor)::bigint,
       case when f.factor <> 1.004 then 'Variance explained to the finance business partner; recovery plan agreed.' end
     from unit_budgets b
     cross join lateral (select b.del_pence - b.income_pence + b.non_cash_pence as total) t
     cross join lateral (select case b.unit_id % 10 when 0 then 1.06 when 1 then 0.93 when 2 then 1.03 else 1.004 end as factor) f
     cross join lateral ${months}
     where b.year = $3`,
    [first, last, year],
  );
  const workforceMonths = await count(
    `insert into workforce_months (unit_id, month, headcount, fte_in_post, leavers, agency_spend_pence, fixed_term_spend_pence)
     select b.unit_id, g.m::date, ceil(x.fte * 1.04)::int, x.fte, (b.unit_id + extract(month from g.m)::int) % 3,
       (b.unit_id % 7) * 500000, (b.unit_id % 5) * 300000
     from unit_budgets b
     cross join lateral ${months}
     cross join lateral (select round(b.fte_establishment * (0.85 + ((b.unit_id + extract(month from g.m)::int) % 10) / 100.0), 2) as fte) x
     where b.year = $3`,
    [first, last, year],
  );

  const fundingLines = await count(
    `insert into funding_programmes (department_id, lead_unit_id, year, kind, ref, name, source, csp_priority, allocation_pence, sort_order)
     select d.id, lu.id, $1, case when k.k <= 2 then 'growth' else 'capital' end::funding_kind, 'LG-' || d.id || '-' || k.k,
       'Funding line ' || k.k || ' of ' || d.short_name, case when k.k <= 2 then 'Government Plan growth' else 'Capital programme' end,
       'Modernising Government', (100 + (d.id * 37 + k.k * 11) % 900) * 1000000, k.k
     from org_units d
     cross join generate_series(1, 4) as k(k)
     left join lateral (select u.id from org_units u where u.parent_id = d.id and k.k < 4 order by u.sort_order, u.id offset k.k - 1 limit 1) lu on true
     where d.parent_id is null`,
    [year],
  );
  const fundingLinks = await count(
    `insert into funding_programme_initiatives (programme_id, initiative_id)
     select p.id, i.id from funding_programmes p
     cross join lateral (select i.id from initiatives i where i.lead_unit_id = p.lead_unit_id order by i.id limit 2) i
     where p.year = $1 and p.lead_unit_id is not null`,
    [year],
  );
  const fundingMonths = await count(
    `insert into funding_programme_months (programme_id, month, spend_pence, forecast_outturn_pence, commentary)
     select p.id, g.m::date, round(p.allocation_pence * f.factor / 12.0)::bigint, round(p.allocation_pence * f.factor)::bigint,
       case when f.factor <> 1 then 'Delivery re-profiled; the balance moves to next year.' end
     from funding_programmes p
     cross join lateral (select case when p.id % 5 = 0 then 0.85 else 1 end as factor) f
     cross join lateral ${months}
     where p.year = $3`,
    [first, last, year],
  );

  const efficiencies = await count(
    `insert into efficiencies (department_id, lead_unit_id, year, scope, programme, title, recurring, type, budget_type, target_pence, sort_order)
     select d.id, lu.id, $1, case when k.k <= 2 then 'departmental' else 'cross_cutting' end::efficiency_scope,
       case when k.k = 3 then 'Modern and efficient workforce' end, 'Efficiency ' || k.k || ' of ' || d.short_name, true,
       'spend_reduction'::efficiency_type, case when k.k = 2 then 'staff' else 'non_staff' end::budget_type,
       (20 + (d.id * 13 + k.k * 7) % 80) * 1000000, k.k
     from org_units d
     cross join generate_series(1, 3) as k(k)
     left join lateral (select u.id from org_units u where u.parent_id = d.id and k.k < 3 order by u.sort_order, u.id offset k.k - 1 limit 1) lu on true
     where d.parent_id is null`,
    [year],
  );
  const efficiencyMonths = await count(
    `insert into efficiency_months (efficiency_id, month, delivered_pence, forecast_pence, commentary)
     select e.id, g.m::date, round(e.target_pence * f.factor / 12.0)::bigint, round(e.target_pence * f.factor)::bigint,
       case when f.factor < 1 then 'Saving later than planned: a part-year effect this year.' end
     from efficiencies e
     cross join lateral (select case e.id % 4 when 0 then 0.8 when 1 then 0.97 else 1 end as factor) f
     cross join lateral ${months}
     where e.year = $3`,
    [first, last, year],
  );
  await pool.query(
    `insert into government_efficiency_targets (year, target_pence, note)
     select $1, coalesce(sum(target_pence), 0) * 10, 'Generated' from efficiencies where year = $1 and scope = 'departmental'`,
    [year],
  );
  return { budgets, financeMonths, workforceMonths, fundingLines, fundingLinks, fundingMonths, efficiencies, efficiencyMonths };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required (the large data set never goes into the embedded demo database)");
  const args = process.argv.slice(2);
  const reset = args.includes("--reset");
  const scale = parseScale(args);
  const started = performance.now();
  const { db, pool } = createDb(url, { max: 2 });
  try {
    if (reset) {
      await db.execute(sql`drop schema if exists public cascade`);
      await db.execute(sql`drop schema if exists drizzle cascade`);
      await db.execute(sql`create schema public`);
    }
    await runMigrations(db);
    const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from org_units");
    if ((rows[0]?.n ?? 0) > 0) {
      console.error("The database already has data. Run `npm run db:generate-large -- --reset` to replace it.");
      process.exitCode = 1;
      return;
    }
    const counts = await generate(db, pool, { scale });
    // Vacuum as well as analyze, as autovacuum would on a live database (and may not have yet here,
    // or at all where it is switched off): the visibility map set, index-only scans read no table
    // pages, so the benchmarks measure the plans production runs. About a second at scale 10.
    await pool.query("vacuum (analyze)");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    console.table(counts);
    console.log(`Large data set (scale ${scale}, ${total.toLocaleString("en-GB")} rows) generated in ${seconds} s.`);
    console.log(`Accounts: admin@large.test, viewer@large.test, slt.<department>@large.test, lead.<unit>@large.test (password "${PASSWORD}").`);
  } finally {
    await pool.end();
  }
}

// Run as a script (not when a test imports `generate`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
