import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, seesAllDepartments, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { unitTreeOfCte, unitTreeOfUnitsCte, withinUnitSql } from "@/lib/org/tree-sql";
import { pageWindow, PAGE_SIZE, type PageWindow } from "@/lib/paging/page";
import { containsPattern } from "@/lib/paging/search";
import { aboveAppetiteSql, currentRiskRatingJoin, riskBandSql } from "./rating-sql";
import type { MitigationKind, MitigationStatus, RiskStatus } from "@/lib/enums";
import type { RiskFilters } from "./filters";
import type { RiskBand, RiskBands } from "./scoring";

/*
 * Reads of the risk register. Every read is scoped in SQL: VIEWER and ADMIN see every department,
 * SLT and LEAD their own. Bands are worked out in SQL from the banding setting passed in (read it
 * with getRiskBands), so that a list filtered by band and the band shown always agree.
 */

const RESIDUAL = sql`(r.residual_likelihood * r.residual_impact)`;
const INHERENT = sql`(r.inherent_likelihood * r.inherent_impact)`;
/** When the risk was last reviewed: the stamp on the risk, or its latest review when that is later. */
const LAST_REVIEWED = sql`greatest(r.last_reviewed_at, (select max(rv.reviewed_on)::timestamptz from risk_reviews rv where rv.risk_id = r.id))`;

/** Only the departments `user` may see (`d` is the risk's department). */
const scopeSql = (user: SessionUser): SQL => departmentScopeSql(user, sql`d.id`);

/*
 * The register and its heat map read the residual rating as at today (currentRiskRatingJoin, joined
 * as `rating`): the rating the dashboard counts for today, so a "High" there and here are the same
 * risks. The inherent rating has no history and is read from the risk.
 */
const RATED = sql`rating.score`;

/**
 * The where clause shared by the list, its count and the heat map, so that a heat map cell's count
 * and the list it links to cannot disagree. `cells: false` leaves out the band and
 * likelihood/impact filters (the heat map spreads the risks over every cell). A risk not yet rated
 * today is left out, as the rule says (ratingAt).
 */
function whereSql(user: SessionUser, f: RiskFilters, bands: RiskBands, cells = true): SQL {
  // Scope again on the department row: deny by default even if the tree's roots were widened.
  const parts: SQL[] = [scopeSql(user), sql`${RATED} is not null`];
  if (f.unit !== null) parts.push(withinUnitSql(sql`ut`, f.unit));
  if (f.status !== "all") parts.push(sql`r.status = ${f.status}`);
  if (f.aboveAppetite) parts.push(aboveAppetiteSql(RATED, sql`r.appetite_score`));
  if (f.escalated) parts.push(sql`r.escalated`);
  if (f.q) parts.push(sql`(r.ref ilike ${containsPattern(f.q)} or r.title ilike ${containsPattern(f.q)})`);
  if (cells) {
    const inherent = f.rating === "inherent";
    if (f.band) parts.push(sql`${riskBandSql(inherent ? INHERENT : RATED, bands)} = ${f.band}`);
    if (f.likelihood !== null) parts.push(inherent ? sql`r.inherent_likelihood = ${f.likelihood}` : sql`rating.likelihood = ${f.likelihood}`);
    if (f.impact !== null) parts.push(inherent ? sql`r.inherent_impact = ${f.impact}` : sql`rating.impact = ${f.impact}`);
  }
  return sql.join(parts, sql` and `);
}

/** The ORDER BY of each sort over a matched row `m`; every one ends on the id, so that pages never overlap or skip a row. */
function orderSql(f: RiskFilters, alias = "m"): SQL {
  const m = sql.identifier(alias);
  const dir = sql.raw(f.dir === "asc" ? "asc" : "desc");
  switch (f.sort) {
    case "ref":
      return sql`${m}.ref ${dir}, ${m}.id`;
    case "title":
      return sql`${m}.title ${dir}, ${m}.id`;
    case "owner":
      return sql`${m}.owner_name ${dir}, ${m}.id`;
    case "reviewed":
      // Never reviewed is the stalest: first oldest-first, last newest-first.
      return sql`${m}.last_reviewed_at ${dir} nulls ${sql.raw(f.dir === "asc" ? "first" : "last")}, ${m}.id`;
    case "rating":
      // Open before closed whatever the direction; then above appetite, then the residual score.
      return sql`(${m}.status = 'open') desc, ${m}.above ${dir}, ${m}.rs ${dir}, ${m}.ref, ${m}.id`;
  }
}

/**
 * Scope first: the unit tree grown only from the departments in scope (and the one the filters
 * name), for `with recursive`. Risks are then reached through their units' index, so a department's
 * SLT costs what their department holds.
 */
function treeSql(user: SessionUser, f: RiskFilters): SQL {
  const inScope = departmentScopeSql(user, sql`id`);
  return unitTreeOfCte(f.department ? sql`${inScope} and slug = ${f.department}` : inScope);
}

/**
 * Whether matchSql must reach the risks through the unit tree: to scope them to some departments,
 * or to filter by department or unit. Someone who sees every department, unfiltered, sees every
 * risk: the tree would only cost a join of every risk.
 */
const needsTree = (user: SessionUser, f: RiskFilters) => !seesAllDepartments(user) || f.department !== null || f.unit !== null;

/**
 * `select <columns>` of the risks `user` may see matching `f`, over treeSql's `unit_tree` when
 * needsTree. Gives `r` and `rating`, and `ut` (the unit's tree row) and `d` when needsTree.
 */
function matchSql(user: SessionUser, f: RiskFilters, bands: RiskBands, columns: SQL, cells = true): SQL {
  const from = needsTree(user, f) ? sql`unit_tree ut join risks r on r.unit_id = ut.id join org_units d on d.id = ut.department_id` : sql`risks r`;
  return sql`select ${columns}
    from ${from}
    ${currentRiskRatingJoin()}
    where ${whereSql(user, f, bands, cells)}`;
}

export interface RiskListRow {
  id: number;
  ref: string;
  title: string;
  unitId: number;
  unitName: string;
  unitShortName: string;
  departmentSlug: string;
  departmentShortName: string;
  ownerName: string;
  inherent: { likelihood: number; impact: number; score: number; band: RiskBand };
  /** As at today. */
  residual: { likelihood: number; impact: number; score: number; band: RiskBand };
  appetiteScore: number;
  aboveAppetite: boolean;
  escalated: boolean;
  status: RiskStatus;
  lastReviewedAt: Date | null;
}

type ListSqlRow = {
  id: number;
  ref: string;
  title: string;
  unit_id: number;
  unit_name: string;
  unit_short_name: string;
  department_slug: string;
  department_short_name: string;
  owner_name: string;
  il: number;
  ii: number;
  is: number;
  ib: RiskBand;
  rl: number;
  ri: number;
  rs: number;
  rb: RiskBand;
  appetite_score: number;
  above: boolean;
  escalated: boolean;
  status: RiskStatus;
  last_reviewed_at: Date | string | null;
};

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

export interface RiskListPage {
  rows: RiskListRow[];
  window: PageWindow;
  /** Of every risk matching the filters (not only this page): above appetite and not yet escalated. */
  aboveNotEscalated: number;
}

/**
 * One page of the risks in `user`'s scope matching `filters`, in the order `filters.sort` gives,
 * with the count of all of them and of those above appetite and not escalated: ONE statement
 * whatever the number of risks. The matching risks (with their rating as at today, and only the
 * columns the counts and the order need) are worked out once, counted, sorted and cut to the page
 * (LIMIT/OFFSET); only the page's rows are then joined to their titles, units and review dates. A page past the end shows the last page (the OFFSET is clamped in
 * SQL as pageWindow clamps it). `size` is for tests.
 */
export async function listRisks(user: SessionUser, filters: RiskFilters, bands: RiskBands, size = PAGE_SIZE): Promise<RiskListPage> {
  const byReview = filters.sort === "reviewed";
  // Only what the counts and the order need, for every matching risk; the rest for the page's rows.
  const sortKey = { ref: sql``, title: sql`, r.title`, owner: sql`, r.owner_name`, reviewed: sql`, ${LAST_REVIEWED} as last_reviewed_at`, rating: sql`` }[filters.sort];
  const matched = matchSql(
    user,
    filters,
    bands,
    sql`r.id, r.ref, r.status, r.escalated, rating.likelihood as rl, rating.impact as ri, ${RATED} as rs,
      ${aboveAppetiteSql(RATED, sql`r.appetite_score`)} as above${sortKey}`,
  );
  // The page's rows, or one row of nulls beside the counts when there is none (left join).
  const { rows } = await db.execute<(ListSqlRow | { [K in keyof ListSqlRow]: null }) & { total: number; above_count: number }>(sql`
    with recursive ${treeSql(user, filters)},
    matched as materialized (${matched}),
    counts as (select count(*)::int as total, count(*) filter (where above and not escalated)::int as above_count from matched),
    page as (
      select m.* from matched m
      order by ${orderSql(filters)}
      limit ${size}
      offset (select (least(${filters.page}::int, greatest(1, ceil(c.total / ${size}::numeric)::int)) - 1) * ${size}::int from counts c)
    )
    select c.total, c.above_count, p.id, p.ref, r.title, r.unit_id, u.name as unit_name, u.short_name as unit_short_name,
      d.slug as department_slug, d.short_name as department_short_name, r.owner_name,
      r.inherent_likelihood as il, r.inherent_impact as ii, ${INHERENT} as "is", ${riskBandSql(INHERENT, bands)} as ib,
      p.rl, p.ri, p.rs, ${riskBandSql(sql`p.rs`, bands)} as rb,
      r.appetite_score, p.above, p.escalated, p.status, ${byReview ? sql`p.last_reviewed_at` : LAST_REVIEWED} as last_reviewed_at
    from counts c
    left join (page p
      join risks r on r.id = p.id
      join org_units u on u.id = r.unit_id
      join unit_tree ut on ut.id = r.unit_id
      join org_units d on d.id = ut.department_id) on true
    order by ${orderSql(filters, "p")}`);
  const first = rows[0];
  const window = pageWindow(first?.total ?? 0, filters.page, size);
  return {
    window,
    aboveNotEscalated: first?.above_count ?? 0,
    rows: rows
      .filter((r): r is ListSqlRow & { total: number; above_count: number } => r.id !== null)
      .map((r) => ({
        id: r.id,
        ref: r.ref,
        title: r.title,
        unitId: r.unit_id,
        unitName: r.unit_name,
        unitShortName: r.unit_short_name,
        departmentSlug: r.department_slug,
        departmentShortName: r.department_short_name,
        ownerName: r.owner_name,
        inherent: { likelihood: r.il, impact: r.ii, score: r.is, band: r.ib },
        residual: { likelihood: r.rl, impact: r.ri, score: r.rs, band: r.rb },
        appetiteScore: r.appetite_score,
        aboveAppetite: r.above,
        escalated: r.escalated,
        status: r.status,
        lastReviewedAt: toDate(r.last_reviewed_at),
      })),
  };
}

/** The number of risks in each likelihood × impact cell (only cells with risks), counted in SQL. */
export interface HeatMapCell {
  likelihood: number;
  impact: number;
  count: number;
}

/**
 * A 5×5 heat map of the risks in `user`'s scope matching `filters` (band and cell filters aside),
 * on the residual rating as at today or the inherent rating (`filters.rating`): one grouped query.
 */
export async function getRiskHeatMap(user: SessionUser, filters: RiskFilters, bands: RiskBands): Promise<HeatMapCell[]> {
  const inherent = filters.rating === "inherent";
  const l = inherent ? sql`r.inherent_likelihood` : sql`rating.likelihood`;
  const i = inherent ? sql`r.inherent_impact` : sql`rating.impact`;
  const { rows } = await db.execute<{ likelihood: number; impact: number; count: number }>(sql`
    with recursive ${treeSql(user, filters)}
    ${matchSql(user, filters, bands, sql`${l} as likelihood, ${i} as impact, count(*)::int as count`, false)}
    group by 1, 2
    order by 1, 2`);
  return rows;
}

/** How many risks the heat map lists under each cell; the cell's link opens the list of all of them. */
export const HEAT_MAP_RISKS_PER_CELL = 5;

/** A risk listed under its heat map cell. */
export interface HeatMapRisk {
  id: number;
  ref: string;
  title: string;
  unitName: string;
  departmentShortName: string;
  ownerName: string;
  status: RiskStatus;
  aboveAppetite: boolean;
  escalated: boolean;
}

/** A heat map cell with its first risks and how many it holds in all. */
export interface HeatMapCellRisks extends HeatMapCell {
  risks: HeatMapRisk[];
}

/**
 * The risks of getRiskHeatMap's cells, so that a phone (where a 5×5 grid has room for counts only)
 * can read them under the map: the first `perCell` of each non-empty cell (above appetite first,
 * then by reference) with the cell's count, the cells highest score first. One statement, at most
 * 25 × `perCell` rows whatever the number of risks; the same matching as the map and the list.
 */
export async function listHeatMapRisks(user: SessionUser, filters: RiskFilters, bands: RiskBands, perCell = HEAT_MAP_RISKS_PER_CELL): Promise<HeatMapCellRisks[]> {
  const inherent = filters.rating === "inherent";
  const l = inherent ? sql`r.inherent_likelihood` : sql`rating.likelihood`;
  const i = inherent ? sql`r.inherent_impact` : sql`rating.impact`;
  const matched = matchSql(user, filters, bands, sql`r.id, r.ref, ${l} as likelihood, ${i} as impact, ${aboveAppetiteSql(RATED, sql`r.appetite_score`)} as above`, false);
  const { rows } = await db.execute<{
    id: number;
    ref: string;
    title: string;
    unit_name: string;
    department_short_name: string;
    owner_name: string;
    status: RiskStatus;
    above: boolean;
    escalated: boolean;
    likelihood: number;
    impact: number;
    count: number;
  }>(sql`
    with recursive ${treeSql(user, filters)},
    ranked as (
      select m.*,
        row_number() over (partition by m.likelihood, m.impact order by m.above desc, m.ref, m.id) as n,
        count(*) over (partition by m.likelihood, m.impact)::int as count
      from (${matched}) m
    )
    select p.id, p.ref, r.title, u.name as unit_name, d.short_name as department_short_name, r.owner_name, r.status,
      p.above, r.escalated, p.likelihood, p.impact, p.count
    from ranked p
    join risks r on r.id = p.id
    join org_units u on u.id = r.unit_id
    join unit_tree ut on ut.id = r.unit_id
    join org_units d on d.id = ut.department_id
    where p.n <= ${perCell}
    order by p.likelihood * p.impact desc, p.likelihood desc, p.n`);
  const cells: HeatMapCellRisks[] = [];
  for (const row of rows) {
    let cell = cells.at(-1);
    if (!cell || cell.likelihood !== row.likelihood || cell.impact !== row.impact) {
      cell = { likelihood: row.likelihood, impact: row.impact, count: row.count, risks: [] };
      cells.push(cell);
    }
    cell.risks.push({
      id: row.id,
      ref: row.ref,
      title: row.title,
      unitName: row.unit_name,
      departmentShortName: row.department_short_name,
      ownerName: row.owner_name,
      status: row.status,
      aboveAppetite: row.above,
      escalated: row.escalated,
    });
  }
  return cells;
}

export interface RiskMitigationRow {
  id: number;
  kind: MitigationKind;
  description: string;
  ownerName: string;
  dueDate: string | null;
  status: MitigationStatus;
  version: number;
}

export interface RiskReviewRow {
  id: number;
  reviewedOn: string;
  likelihood: number;
  impact: number;
  score: number;
  band: RiskBand;
  note: string | null;
  reviewerName: string | null;
}

export interface RiskDetail {
  id: number;
  ref: string;
  title: string;
  cause: string;
  event: string;
  impact: string;
  category: string;
  ownerName: string;
  unitId: number;
  unitName: string;
  departmentSlug: string;
  departmentName: string;
  scope: UnitScope;
  inherent: { likelihood: number; impact: number; score: number; band: RiskBand };
  residual: { likelihood: number; impact: number; score: number; band: RiskBand };
  appetiteScore: number;
  aboveAppetite: boolean;
  status: RiskStatus;
  /** Publishable: shown in the published quarterly reports. */
  isPublic: boolean;
  escalated: boolean;
  escalatedAt: Date | null;
  escalatedByName: string | null;
  escalationNote: string | null;
  lastReviewedAt: Date | null;
  version: number;
  mitigations: RiskMitigationRow[];
  /** Oldest first. */
  reviews: RiskReviewRow[];
}

/**
 * A risk with its controls and actions and its rating history (aggregated with json_agg), in ONE
 * query whatever their number; null when it does not exist or is outside `user`'s scope (the page
 * answers 404 either way). Its unit's department is found by walking up from that unit, and people's
 * names one lookup each, so that the read costs the same however large the organisation.
 */
export async function getRisk(user: SessionUser, id: number, bands: RiskBands): Promise<RiskDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const { rows } = await db.execute<{
    id: number;
    ref: string;
    title: string;
    cause: string;
    event: string;
    impact: string;
    category: string;
    owner_name: string;
    unit_id: number;
    unit_name: string;
    department_id: number;
    department_slug: string;
    department_name: string;
    ancestor_ids: number[];
    il: number;
    ii: number;
    is: number;
    ib: RiskBand;
    rl: number;
    ri: number;
    rs: number;
    rb: RiskBand;
    appetite_score: number;
    above: boolean;
    status: RiskStatus;
    is_public: boolean;
    escalated: boolean;
    escalated_at: Date | string | null;
    escalated_by_name: string | null;
    escalation_note: string | null;
    last_reviewed_at: Date | string | null;
    version: number;
    mitigations: RiskMitigationRow[];
    reviews: RiskReviewRow[];
  }>(sql`
    with recursive ${unitTreeOfUnitsCte(sql`id = (select unit_id from risks where id = ${id})`)}
    select r.id, r.ref, r.title, r.cause, r.event, r.impact, r.category, r.owner_name, r.unit_id, u.name as unit_name,
      d.id as department_id, d.slug as department_slug, d.name as department_name,
      ut.ancestor_ids,
      r.inherent_likelihood as il, r.inherent_impact as ii, ${INHERENT} as "is", ${riskBandSql(INHERENT, bands)} as ib,
      r.residual_likelihood as rl, r.residual_impact as ri, ${RESIDUAL} as rs, ${riskBandSql(RESIDUAL, bands)} as rb,
      r.appetite_score, ${aboveAppetiteSql(RESIDUAL, sql`r.appetite_score`)} as above, r.status, r.is_public, r.escalated, r.escalated_at,
      (select eu.name from users eu where eu.id = r.escalated_by_id) as escalated_by_name, r.escalation_note, ${LAST_REVIEWED} as last_reviewed_at, r.version,
      coalesce((
        select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'description', m.description, 'ownerName', m.owner_name,
          'dueDate', to_char(m.due_date, 'YYYY-MM-DD'), 'status', m.status, 'version', m.version) order by m.sort_order, m.id)
        from risk_mitigations m where m.risk_id = r.id
      ), '[]'::json) as mitigations,
      coalesce((
        select json_agg(json_build_object('id', rv.id, 'reviewedOn', to_char(rv.reviewed_on, 'YYYY-MM-DD'),
          'likelihood', rv.residual_likelihood, 'impact', rv.residual_impact,
          'score', rv.residual_likelihood * rv.residual_impact,
          'band', ${riskBandSql(sql`(rv.residual_likelihood * rv.residual_impact)`, bands)},
          'note', rv.note, 'reviewerName', (select ru.name from users ru where ru.id = rv.reviewer_id)) order by rv.reviewed_on, rv.id)
        from risk_reviews rv where rv.risk_id = r.id
      ), '[]'::json) as reviews
    from risks r
    join org_units u on u.id = r.unit_id
    join unit_tree ut on ut.id = r.unit_id
    join org_units d on d.id = ut.department_id
    where r.id = ${id} and ${scopeSql(user)}`);
  const r = rows[0];
  if (!r) return null;
  const scope: UnitScope = { unitId: r.unit_id, departmentId: r.department_id, ancestorIds: r.ancestor_ids };
  if (!can(user, "unit:view", scope)) return null;
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    cause: r.cause,
    event: r.event,
    impact: r.impact,
    category: r.category,
    ownerName: r.owner_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentSlug: r.department_slug,
    departmentName: r.department_name,
    scope,
    inherent: { likelihood: r.il, impact: r.ii, score: r.is, band: r.ib },
    residual: { likelihood: r.rl, impact: r.ri, score: r.rs, band: r.rb },
    appetiteScore: r.appetite_score,
    aboveAppetite: r.above,
    status: r.status,
    isPublic: r.is_public,
    escalated: r.escalated,
    escalatedAt: toDate(r.escalated_at),
    escalatedByName: r.escalated_by_name,
    escalationNote: r.escalation_note,
    lastReviewedAt: toDate(r.last_reviewed_at),
    version: r.version,
    mitigations: r.mitigations,
    reviews: r.reviews,
  };
}
