import "server-only";
import { addMonths, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { FeedbackChannel, FeedbackMetric, FeedbackSource } from "@/lib/enums";
import type { SessionUser } from "@/lib/auth/current-user";
import type { Action, UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay, unitScopeOf } from "@/lib/org/queries";
import { unitTreeCte } from "@/lib/org/tree-sql";
import { getSetting } from "@/lib/settings";
import type { FeedbackHoldReason, FeedbackReviewState } from "@/lib/enums";
import { countedResponse } from "./counted-sql";
import { MIN_RESPONSES_SETTING, parseMinResponses } from "./rules";

/*
 * Reads for the feedback pages. Each is one query whatever the data (no per-row queries): the
 * units a user may act on are worked out once (listFeedbackUnits), then passed to SQL as a list.
 */

export interface FeedbackUnit {
  id: number;
  name: string;
  shortName: string;
  kind: string;
  departmentId: number;
  departmentName: string;
  scope: UnitScope;
}

/** The units below department level that the user may `action` (feedback:manage or feedback:enter), in tree order. */
export async function listFeedbackUnits(user: SessionUser, action: Action): Promise<FeedbackUnit[]> {
  const units = await listUnitsUserMay(user, action, sql`t.kind <> 'department'`);
  return units.map((u) => ({
    id: u.id,
    name: u.name,
    shortName: u.shortName,
    kind: u.kind,
    departmentId: u.departmentId,
    departmentName: u.departmentName,
    scope: unitScopeOf(u),
  }));
}

export async function getMinResponses(): Promise<number> {
  return parseMinResponses(await getSetting(db, MIN_RESPONSES_SETTING));
}

const intArray = (ids: readonly number[]) => sql`${`{${ids.join(",")}}`}::int[]`;

export interface MonthSummary {
  unitId: number;
  period: string;
  /** Responses in the figures (counted or accepted). */
  responses: number;
  /** Of those, through a single-use link or typed in by an advisor. */
  verified: number;
  /** Waiting for a moderator: not in the figures. */
  held: number;
  csat: number | null;
  ces: number | null;
  csi: number | null;
}

/**
 * Every unit × month from `from` to `to` (first days), with its counted responses (and how many are
 * verified), its held ones and its figures, from counted responses only; empty months included.
 */
export async function listMonthSummaries(unitIds: readonly number[], from: string, to: string): Promise<MonthSummary[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await db.execute<{ unit_id: number; period: string; n: number; verified: number; held: number; csat: string | null; ces: string | null; csi: string | null }>(sql`
    select u.id as unit_id, to_char(p.period, 'YYYY-MM-DD') as period, count(r.id)::int as n,
      count(r.id) filter (where r.verified)::int as verified,
      (select count(*) from feedback_responses h where h.unit_id = u.id and h.period = p.period::date and h.state = 'held')::int as held,
      round(100.0 * count(r.id) filter (where r.csat >= 4) / nullif(count(r.id), 0), 4)::text as csat,
      round(avg(r.ces), 4)::text as ces,
      round(100.0 * (count(r.id) filter (where r.csi >= 4) - count(r.id) filter (where r.csi <= 2)) / nullif(count(r.id), 0), 4)::text as csi
    from unnest(${intArray(unitIds)}) as u(id)
    cross join generate_series(${from}::date, ${to}::date, interval '1 month') as p(period)
    left join feedback_responses r on r.unit_id = u.id and r.period = p.period::date and ${countedResponse("r")}
    group by u.id, p.period
    order by u.id, p.period`);
  const num = (v: string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({ unitId: r.unit_id, period: r.period, responses: r.n, verified: r.verified, held: r.held, csat: num(r.csat), ces: num(r.ces), csi: num(r.csi) }));
}

export interface LinkRow {
  unitId: number;
  link: { id: number; token: string; paused: boolean; version: number; updatedAt: string } | null;
  measures: { metric: FeedbackMetric; id: number; code: string }[];
}

/** The survey link (if any) and survey-fed measures of each unit. */
export async function listLinks(unitIds: readonly number[]): Promise<LinkRow[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await db.execute<{
    unit_id: number;
    link_id: number | null;
    token: string | null;
    paused: boolean | null;
    version: number | null;
    updated_at: string | null;
    measures: { metric: FeedbackMetric; id: number; code: string }[] | null;
  }>(sql`
    select u.id as unit_id, l.id as link_id, l.token, l.paused, l.version,
      to_char(l.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at,
      (select json_agg(json_build_object('metric', m.feedback_metric, 'id', m.id, 'code', m.code) order by m.feedback_metric)
        from measures m where m.unit_id = u.id and m.feedback_metric is not null) as measures
    from unnest(${intArray(unitIds)}) as u(id)
    left join feedback_links l on l.unit_id = u.id`);
  return rows.map((r) => ({
    unitId: r.unit_id,
    link: r.link_id === null ? null : { id: r.link_id, token: r.token!, paused: r.paused!, version: r.version!, updatedAt: r.updated_at! },
    measures: r.measures ?? [],
  }));
}

export interface PublicLink {
  id: number;
  token: string;
  paused: boolean;
  unitName: string;
  departmentName: string;
}

/** The link behind a public survey page, or null. */
export async function getPublicLink(token: string): Promise<PublicLink | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const { rows } = await db.execute<{ id: number; token: string; paused: boolean; unit_name: string; department_name: string }>(sql`
    with recursive ${unitTreeCte}
    select l.id, l.token, l.paused, u.name as unit_name, d.name as department_name
    from feedback_links l join org_units u on u.id = l.unit_id
    join unit_tree ut on ut.id = l.unit_id join org_units d on d.id = ut.department_id
    where l.token = ${token}`);
  const r = rows[0];
  return r ? { id: r.id, token: r.token, paused: r.paused, unitName: r.unit_name, departmentName: r.department_name } : null;
}

export interface ThemeOption {
  id: number;
  name: string;
  description: string | null;
  departmentId: number | null;
}

/** The built-in themes and those of the given departments. */
export async function listThemes(departmentIds: readonly number[]): Promise<ThemeOption[]> {
  const { rows } = await db.execute<{ id: number; name: string; description: string | null; department_id: number | null }>(sql`
    select id, name, description, department_id from feedback_themes
    where department_id is null or department_id = any(${intArray(departmentIds.length ? departmentIds : [0])})
    order by department_id nulls first, sort_order, lower(name)`);
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, departmentId: r.department_id }));
}

export interface ThemeCount {
  themeId: number;
  name: string;
  departmentId: number | null;
  current: number;
  previous: number;
  examples: { id: number; comment: string; csat: number; unit: string; submittedAt: string }[];
}

/**
 * Tagged comments per theme in `month` and the month before, for the given units, most tagged
 * first, with up to three example comments each from `month`.
 */
export async function listThemeCounts(unitIds: readonly number[], departmentIds: readonly number[], month: string): Promise<ThemeCount[]> {
  const previous = format(addMonths(parseISO(month), -1), "yyyy-MM-dd");
  const units = intArray(unitIds.length ? unitIds : [0]);
  const { rows } = await db.execute<{
    id: number;
    name: string;
    department_id: number | null;
    current: number;
    previous: number;
    examples: { id: number; comment: string; csat: number; unit: string; submitted_at: string }[] | null;
  }>(sql`
    select t.id, t.name, t.department_id,
      count(r.id) filter (where r.period = ${month}::date)::int as current,
      count(r.id) filter (where r.period = ${previous}::date)::int as previous,
      (select json_agg(e) from (
        select r2.id, r2.comment, r2.csat, u.short_name as unit, to_char(r2.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as submitted_at
        from feedback_response_themes rt2 join feedback_responses r2 on r2.id = rt2.response_id join org_units u on u.id = r2.unit_id
        where rt2.theme_id = t.id and r2.unit_id = any(${units}) and r2.period = ${month}::date and r2.comment is not null and ${countedResponse("r2")}
        order by r2.submitted_at desc, r2.id desc limit 3) e) as examples
    from feedback_themes t
    left join feedback_response_themes rt on rt.theme_id = t.id
    left join feedback_responses r on r.id = rt.response_id and r.unit_id = any(${units}) and r.period in (${month}::date, ${previous}::date) and ${countedResponse("r")}
    where t.department_id is null or t.department_id = any(${intArray(departmentIds.length ? departmentIds : [0])})
    group by t.id
    order by current desc, previous desc, t.sort_order, lower(t.name)`);
  return rows.map((r) => ({
    themeId: r.id,
    name: r.name,
    departmentId: r.department_id,
    current: r.current,
    previous: r.previous,
    examples: (r.examples ?? []).map((e) => ({ id: e.id, comment: e.comment, csat: e.csat, unit: e.unit, submittedAt: e.submitted_at })),
  }));
}

export interface CommentRow {
  id: number;
  unitId: number;
  unit: string;
  departmentId: number;
  comment: string;
  csat: number;
  ces: number;
  csi: number;
  channel: FeedbackChannel | null;
  source: FeedbackSource;
  submittedAt: string;
  themeIds: number[];
}

export const COMMENTS_PAGE_SIZE = 25;

/** A month's comments of counted responses (not held or rejected ones) for the given units: untagged first, newest first; one page, with the totals. */
export async function listComments(units: readonly FeedbackUnit[], month: string, page: number): Promise<{ rows: CommentRow[]; total: number; untagged: number }> {
  if (units.length === 0) return { rows: [], total: 0, untagged: 0 };
  const ids = intArray(units.map((u) => u.id));
  const { rows } = await db.execute<{
    id: number;
    unit_id: number;
    comment: string;
    csat: number;
    ces: number;
    csi: number;
    channel: FeedbackChannel | null;
    source: FeedbackSource;
    submitted_at: string;
    theme_ids: number[];
    total: number;
    untagged: number;
  }>(sql`
    with c as (
      select r.id, r.unit_id, r.comment, r.csat, r.ces, r.csi, r.channel, r.source, r.submitted_at,
        coalesce((select array_agg(rt.theme_id order by rt.theme_id) from feedback_response_themes rt where rt.response_id = r.id), '{}') as theme_ids
      from feedback_responses r
      where r.unit_id = any(${ids}) and r.period = ${month}::date and r.comment is not null and ${countedResponse("r")}
    )
    select id, unit_id, comment, csat, ces, csi, channel, source,
      to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as submitted_at, theme_ids,
      count(*) over ()::int as total, count(*) filter (where cardinality(theme_ids) = 0) over ()::int as untagged
    from c
    order by cardinality(theme_ids) = 0 desc, submitted_at desc, id desc
    limit ${COMMENTS_PAGE_SIZE} offset ${(page - 1) * COMMENTS_PAGE_SIZE}`);
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    total: rows[0]?.total ?? 0,
    untagged: rows[0]?.untagged ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unit: byId.get(r.unit_id)?.shortName ?? "",
      departmentId: byId.get(r.unit_id)?.departmentId ?? 0,
      comment: r.comment,
      csat: r.csat,
      ces: r.ces,
      csi: r.csi,
      channel: r.channel,
      source: r.source,
      submittedAt: r.submitted_at,
      themeIds: r.theme_ids,
    })),
  };
}

/** How many responses of these units wait for a moderator. */
export async function countHeldResponses(unitIds: readonly number[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from feedback_responses where state = 'held' and unit_id = any(${intArray(unitIds)})`);
  return rows[0]?.n ?? 0;
}

export interface ModerationRow {
  id: number;
  unitId: number;
  unit: string;
  period: string;
  submittedAt: string;
  state: FeedbackReviewState;
  holdReason: FeedbackHoldReason | null;
  csat: number;
  ces: number;
  csi: number;
  comment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export const MODERATION_PAGE_SIZE = 50;

/**
 * The moderation queue of these units: held responses oldest first (one page, with the total), or
 * the latest decisions (`state` accepted or rejected), newest first.
 */
export async function listModeration(
  unitIds: readonly number[],
  state: "held" | "accepted" | "rejected",
  page: number,
): Promise<{ rows: ModerationRow[]; total: number }> {
  if (unitIds.length === 0) return { rows: [], total: 0 };
  const order = state === "held" ? sql`r.submitted_at, r.id` : sql`r.reviewed_at desc, r.id desc`;
  const { rows } = await db.execute<{
    id: number;
    unit_id: number;
    unit: string;
    period: string;
    submitted_at: string;
    state: FeedbackReviewState;
    hold_reason: FeedbackHoldReason | null;
    csat: number;
    ces: number;
    csi: number;
    comment: string | null;
    reviewed_by: string | null;
    reviewed_at: string | null;
    total: number;
  }>(sql`
    select r.id, r.unit_id, u.short_name as unit, to_char(r.period, 'YYYY-MM-DD') as period,
      to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as submitted_at,
      r.state, r.hold_reason, r.csat, r.ces, r.csi, r.comment, rv.name as reviewed_by,
      to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reviewed_at,
      count(*) over ()::int as total
    from feedback_responses r join org_units u on u.id = r.unit_id left join users rv on rv.id = r.reviewed_by_id
    where r.state = ${state}::feedback_review_state and r.unit_id = any(${intArray(unitIds)})
    order by ${order}
    limit ${MODERATION_PAGE_SIZE} offset ${(page - 1) * MODERATION_PAGE_SIZE}`);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unit: r.unit,
      period: r.period,
      submittedAt: r.submitted_at,
      state: r.state,
      holdReason: r.hold_reason,
      csat: r.csat,
      ces: r.ces,
      csi: r.csi,
      comment: r.comment,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
    })),
  };
}

export interface IssuableLink {
  id: number;
  unitId: number;
  unitName: string;
  departmentName: string;
  paused: boolean;
}

/** The survey links of these units, for issuing single-use links. */
export async function listIssuableLinks(units: readonly FeedbackUnit[]): Promise<IssuableLink[]> {
  if (units.length === 0) return [];
  const { rows } = await db.execute<{ id: number; unit_id: number; paused: boolean }>(sql`
    select l.id, l.unit_id, l.paused from feedback_links l where l.unit_id = any(${intArray(units.map((u) => u.id))})`);
  const byId = new Map(units.map((u) => [u.id, u]));
  return rows
    .map((r) => ({ id: r.id, unitId: r.unit_id, unitName: byId.get(r.unit_id)?.name ?? "", departmentName: byId.get(r.unit_id)?.departmentName ?? "", paused: r.paused }))
    .sort((a, b) => units.findIndex((u) => u.id === a.unitId) - units.findIndex((u) => u.id === b.unitId));
}

export interface SurveyCount {
  period: string;
  /** Responses in the figures (counted or accepted). */
  responses: number;
  verified: number;
  held: number;
}

/** A unit's survey responses by month (months with any), for the figures of its survey-fed measures. */
export async function listSurveyCounts(unitId: number): Promise<SurveyCount[]> {
  const { rows } = await db.execute<{ period: string; n: number; verified: number; held: number }>(sql`
    select to_char(r.period, 'YYYY-MM-DD') as period,
      count(*) filter (where ${countedResponse("r")})::int as n,
      count(*) filter (where ${countedResponse("r")} and r.verified)::int as verified,
      count(*) filter (where r.state = 'held')::int as held
    from feedback_responses r where r.unit_id = ${unitId}
    group by r.period order by r.period`);
  return rows.map((r) => ({ period: r.period, responses: r.n, verified: r.verified, held: r.held }));
}
