/**
 * npm run db:generate-large — fills DATABASE_URL with a large, deterministic organisation for
 * performance work (scripts/bench-pages.ts): 20 departments × 3 units, 1,200 measures with 10 years
 * of figures (~140,000 rows), 500 initiatives, 2,000 milestones, 1,000 risks with a mitigation
 * each, 12 months of review meetings per department with 2–4 actions each, and the history that
 * "as at" views read: 24 months of monthly initiative updates and risk reviews ending at today's
 * RAG and rating, and the forecast changes of slipped milestones. And the accounts:
 *   admin@large.test, slt.<department>@large.test, lead.<unit>@large.test — password "baseline-demo".
 * Refuses a database that already has data unless --reset is given (drops every table first).
 * Big tables go in with INSERT … SELECT FROM unnest(arrays): one statement per 20,000 rows; the
 * history is derived from the rows already there with INSERT … SELECT over generate_series.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { hash } from "@node-rs/argon2";
import { addDays, addMonths, format, startOfMonth, subMonths } from "date-fns";
import { sql } from "drizzle-orm";
import type { Pool } from "pg";
import { createDb, type Database } from "../db/client";
import { runMigrations } from "../db/migrate";
import * as s from "../db/schema";
import { seededRandom } from "../db/seed/random";
import { INITIATIVE_TYPES, MEASURE_CATEGORIES, MITIGATION_STATUSES } from "../lib/enums";

const DEPARTMENTS = 20;
const UNITS_PER_DEPARTMENT = 3;
const MEASURES_PER_UNIT = 20;
const YEARS = 10;
const INITIATIVES = 500;
const MILESTONES_PER_INITIATIVE = 4;
const RISKS = 1_000;
/** Months of initiative updates and risk reviews before today (as the demo seed). */
const HISTORY_MONTHS = 24;
const PASSWORD = "baseline-demo";
const BATCH = 20_000;

const DEPARTMENT_NAMES = [
  "Chief Operating Office", "Customer and Local Services", "Children, Young People, Education and Skills",
  "Health and Community Services", "Infrastructure, Housing and Environment", "Justice and Home Affairs",
  "Strategic Policy, Planning and Performance", "Treasury and Exchequer", "Economy", "External Relations",
  "Financial Services", "Digital Economy", "Sport and Culture", "Public Health", "Housing",
  "Environment", "Transport", "Social Security", "Ports and Harbours", "Statistics Jersey",
];
const UNIT_SUFFIXES = ["Operations", "Strategy and Change", "Service Delivery"];

type Kind = "percent" | "ratio_pct" | "count_sum" | "count_last" | "score" | "currency" | "days";
const KINDS: Kind[] = ["percent", "ratio_pct", "count_sum", "count_last", "score", "currency", "days"];

const iso = (d: Date) => format(d, "yyyy-MM-dd");
const slugify = (name: string) => name.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

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
  for (let start = 0; start < rows.length; start += BATCH) {
    const chunk = rows.slice(start, start + BATCH);
    const arrays = columns.map((_, c) => chunk.map((r) => r[c] ?? null));
    const list = columns.map(([name]) => `"${name}"`).join(", ");
    const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
    await pool.query(`insert into ${table} (${list}) select * from unnest(${unnest})`, arrays);
  }
}

/** Fills an empty, migrated database with the large organisation; returns the row counts. */
export async function generate(db: Database, pool: Pool) {
  const rand = seededRandom("baseline-large");
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  const lastMonth = subMonths(startOfMonth(new Date()), 1); // the last completed month
  const months = Array.from({ length: YEARS * 12 }, (_, i) => subMonths(lastMonth, YEARS * 12 - 1 - i));
  const firstMonth = months[0]!;
  const passwordHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });

  // Organisation and accounts
  const departments = await db
    .insert(s.orgUnits)
    .values(DEPARTMENT_NAMES.slice(0, DEPARTMENTS).map((name, i) => ({ slug: slugify(name), name, shortName: name.split(/[ ,]/)[0]!, kind: "department" as const, sortOrder: i })))
    .returning({ id: s.orgUnits.id, slug: s.orgUnits.slug, name: s.orgUnits.name });
  const units = await db
    .insert(s.orgUnits)
    .values(
      departments.flatMap((d, di) =>
        UNIT_SUFFIXES.slice(0, UNITS_PER_DEPARTMENT).map((suffix, ui) => ({
          slug: `${d.slug}-${slugify(suffix)}`,
          name: `${d.name} – ${suffix}`,
          shortName: suffix,
          kind: "directorate" as const,
          parentId: d.id,
          sortOrder: di * 10 + ui,
        })),
      ),
    )
    .returning({ id: s.orgUnits.id, slug: s.orgUnits.slug, parentId: s.orgUnits.parentId });
  const [admin] = await db.insert(s.users).values({ email: "admin@large.test", name: "Large Admin", role: "ADMIN", passwordHash }).returning({ id: s.users.id });
  const slt = await db
    .insert(s.users)
    .values(departments.map((d) => ({ email: `slt.${d.slug}@large.test`, name: `SLT ${d.name}`, role: "SLT" as const, unitId: d.id, passwordHash })))
    .returning({ id: s.users.id, unitId: s.users.unitId });
  const leads = await db
    .insert(s.users)
    .values(units.map((u) => ({ email: `lead.${u.slug}@large.test`, name: `Lead ${u.slug}`, role: "LEAD" as const, unitId: u.id, passwordHash })))
    .returning({ id: s.users.id, unitId: s.users.unitId });
  const leadOf = new Map(leads.map((l) => [l.unitId!, l.id]));
  const sltOf = new Map(slt.map((u) => [u.unitId!, u.id]));

  // Measures (mixed kinds; one in ten quarterly; one in twelve with no better direction)
  const specs = units.flatMap((u, ui) =>
    Array.from({ length: MEASURES_PER_UNIT }, (_, mi) => {
      const kind = KINDS[(ui + mi) % KINDS.length]!;
      const shape = measureShape(kind);
      const direction =
        mi % 12 === 11 ? ("neither" as const) : kind === "days" || kind === "count_last" || (kind === "count_sum" && mi % 2 === 0) ? ("lower_better" as const) : ("higher_better" as const);
      const quarterly = mi % 10 === 9 && kind !== "count_last";
      return { unit: u, code: `LG-U${String(ui + 1).padStart(2, "0")}-M${String(mi + 1).padStart(2, "0")}`, kind, shape, direction, quarterly, mi };
    }),
  );
  const measureRows = await db
    .insert(s.measures)
    .values(
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
    )
    .returning({ id: s.measures.id, code: s.measures.code });
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

  // Figures: a slow drift with seasonal wobble and noise; ~1.5% gaps, a few late last months and drafts
  const valueRows: unknown[][] = [];
  const nowIso = new Date().toISOString();
  for (const m of specs) {
    const id = measureIdOf.get(m.code)!;
    const lead = leadOf.get(m.unit.id)!;
    const r = seededRandom(m.code);
    const drift = (r() - 0.4) * m.shape.spread * 1.5;
    const periods = m.quarterly ? months.filter((d) => d.getMonth() % 3 === 0 && addMonths(d, 2) <= lastMonth) : months;
    const lateLastMonth = !m.quarterly && m.mi % 17 === 5;
    const draftLastMonth = !m.quarterly && m.mi % 13 === 3;
    periods.forEach((period, i) => {
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
      const submittedAt = draft ? null : addMonths(period, m.quarterly ? 3 : 1).toISOString().slice(0, 10) + "T09:00:00Z";
      const commentary = r() < 0.1 ? "Within the expected range; no action needed." : null;
      valueRows.push([
        id, m.quarterly ? "quarter" : "month", iso(period), String(x), numerator === null ? null : String(numerator), denominator === null ? null : String(denominator),
        commentary, draft ? "draft" : "submitted", lead, draft ? null : lead, submittedAt ?? null, submittedAt ?? nowIso,
      ]);
    });
  }
  await bulkInsert(
    pool,
    "measure_values",
    [
      ["measure_id", "int"], ["period_type", "period_type"], ["period", "date"], ["value", "numeric"], ["numerator", "numeric"], ["denominator", "numeric"],
      ["commentary", "text"], ["status", "value_status"], ["entered_by_id", "int"], ["submitted_by_id", "int"], ["submitted_at", "timestamptz"], ["updated_at", "timestamptz"],
    ],
    valueRows,
  );

  // Initiatives (25 a department) with 4 milestones each
  const initiativeSpecs = Array.from({ length: INITIATIVES }, (_, i) => {
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
      allocationPence: between(0, 500) * 1_000_000,
      status: pick(["not_started", "in_progress", "in_progress", "complete", "ongoing"] as const),
      rag: ragValue,
      ragReason: ragValue === "amber" || ragValue === "red" ? "Dependency on a supplier is late." : null,
      // Entered before the history starts, so that "as at" views of every month find it.
      createdAt: subMonths(lastMonth, HISTORY_MONTHS + 1),
    };
  });
  const initiativeRows = await db.insert(s.initiatives).values(initiativeSpecs).returning({ id: s.initiatives.id, leadUnitId: s.initiatives.leadUnitId });
  const milestoneRows = initiativeRows.flatMap((ini) =>
    Array.from({ length: MILESTONES_PER_INITIATIVE }, (_, k) => {
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
  await db.insert(s.milestones).values(milestoneRows);

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
  const riskSpecs = Array.from({ length: RISKS }, (_, i) => {
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
  const riskRows = await db.insert(s.risks).values(riskSpecs).returning({ id: s.risks.id });
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
  await db.insert(s.riskMitigations).values(
    riskRows.map((risk) => ({
      riskId: risk.id,
      description: "Mitigating action.",
      ownerName: "Mitigation owner",
      dueDate: iso(addMonths(lastMonth, between(-3, 9))),
      status: pick(MITIGATION_STATUSES),
    })),
  );

  // Review meetings for the last 12 completed months per department (last month's not yet held),
  // each held one with 2–4 actions: older ones mostly closed since, some dropped, some still open.
  const meetings = await db
    .insert(s.reviewMeetings)
    .values(
      departments.flatMap((d) =>
        Array.from({ length: 12 }, (_, k) => {
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
    )
    .returning({ id: s.reviewMeetings.id });
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

  void admin;
  return {
    departments: departments.length,
    units: units.length,
    users: 1 + slt.length + leads.length,
    measures: measureRows.length,
    targets: targetRows.length,
    values: valueRows.length,
    initiatives: initiativeRows.length,
    milestones: milestoneRows.length,
    risks: riskRows.length,
    mitigations: riskRows.length,
    meetings: meetings.length,
    actions: actions.rowCount ?? 0,
    initiativeUpdates: updates.rowCount ?? 0,
    forecastChanges: forecastChanges.rowCount ?? 0,
    riskReviews: reviews.rowCount ?? 0,
  };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required (the large data set never goes into the embedded demo database)");
  const reset = process.argv.includes("--reset");
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
    const counts = await generate(db, pool);
    await pool.query("analyze");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.table(counts);
    console.log(`Large data set generated in ${seconds} s. Accounts: admin@large.test, slt.<department>@large.test, lead.<unit>@large.test (password "${PASSWORD}").`);
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
