import "server-only";
import { sql } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import type { MeetingStatus } from "@/lib/enums";
import type { SessionUser } from "@/lib/auth/current-user";
import { seesAllDepartments } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { departmentUnitsCte } from "@/lib/org/tree-sql";
import { pageSliceSql } from "@/lib/paging/page-sql";
import { containsSql } from "@/lib/paging/search";
import { actionOpenAtSql, actionOverdueAtSql } from "./action-sql";
import type { ActionStatus } from "./rules";

export interface MeetingListRow {
  id: number;
  period: string;
  heldOn: string | null;
  status: MeetingStatus;
  openActions: number;
  totalActions: number;
}

export interface OpenActionRow {
  id: number;
  description: string;
  ownerName: string;
  dueDate: string | null;
  status: ActionStatus;
  meetingPeriod: string;
}

/** One department on the whole-government reviews index, its actions counted as at `today`. */
export interface ReviewDepartmentRow {
  id: number;
  slug: string;
  name: string;
  meetings: number;
  /** The latest meeting's month ("YYYY-MM-01"), null when none. */
  latestMeeting: string | null;
  openActions: number;
  overdueActions: number;
}

export interface ReviewDepartmentPage {
  /** Departments in scope that match the search (all pages). */
  total: number;
  rows: ReviewDepartmentRow[];
  /** Open and overdue actions of every department in scope (not only the page), counted in SQL. */
  openActions: number;
  overdueActions: number;
}

/**
 * The reviews index across government: one row per department `user` may view (name containing
 * `search`), one page of them, with its meetings and open and overdue actions (actionOverdueAtSql
 * as at `today`) — one query. Scope first; only the page's departments are counted per row, and the
 * totals are one aggregate over the scoped actions.
 */
export async function listReviewDepartments(user: SessionUser, { today, page = 1, search = "" }: { today: string; page?: number; search?: string }): Promise<ReviewDepartmentPage> {
  const scope = departmentScopeSql(user, sql`d.id`);
  // Someone who sees every department, not searching, counts every action: no meeting or department to join.
  const everyAction = seesAllDepartments(user) && search === "";
  const { rows } = await db.execute<{
    id: number; slug: string; name: string; total: number; meetings: number; latest: string | null;
    open_actions: number; overdue_actions: number; all_open: number; all_overdue: number;
  }>(sql`
    with numbered as (
      select d.id, d.slug, d.name, row_number() over (order by d.sort_order, d.name, d.id) as rn, count(*) over () as total
      from org_units d
      where d.kind = 'department' and ${scope} and ${containsSql(sql`d.name`, search)}
    ),
    page as (select * from numbered where ${pageSliceSql(sql`rn`, sql`total`, page)}),
    totals as (
      select count(*) filter (where ${actionOpenAtSql(today)})::int as all_open,
        count(*) filter (where ${actionOverdueAtSql(today)})::int as all_overdue
      from review_actions a
      ${everyAction ? sql`` : sql`join review_meetings rm on rm.id = a.meeting_id join org_units d on d.id = rm.department_id
      where ${scope} and ${containsSql(sql`d.name`, search)}`}
    )
    select p.id, p.slug, p.name, p.total::int as total, x.meetings, x.latest, x.open_actions, x.overdue_actions, totals.all_open, totals.all_overdue
    from page p
    cross join totals
    cross join lateral (
      select count(distinct rm.id)::int as meetings, to_char(max(rm.period), 'YYYY-MM-DD') as latest,
        count(a.id) filter (where ${actionOpenAtSql(today)})::int as open_actions,
        count(a.id) filter (where ${actionOverdueAtSql(today)})::int as overdue_actions
      from review_meetings rm left join review_actions a on a.meeting_id = rm.id
      where rm.department_id = p.id
    ) x
    order by p.rn`);
  const first = rows[0];
  return {
    total: first?.total ?? 0,
    openActions: first?.all_open ?? 0,
    overdueActions: first?.all_overdue ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      meetings: r.meetings,
      latestMeeting: r.latest,
      openActions: r.open_actions,
      overdueActions: r.overdue_actions,
    })),
  };
}

export interface DepartmentReviews {
  /** The department's meetings, newest first: one page of them. */
  meetings: MeetingListRow[];
  meetingTotal: number;
  /** Every open action of the department (bounded by one department), soonest due first. */
  openActions: OpenActionRow[];
}

/**
 * One department's reviews: a page of its meetings (newest first, with action counts) and its open
 * actions — two queries, whatever the size of the rest of government. The caller has checked that
 * `user` may view the department (getViewableDepartment); the scope is applied again here.
 */
export async function getDepartmentReviews(user: SessionUser, departmentId: number, { page = 1 }: { page?: number } = {}): Promise<DepartmentReviews> {
  const scope = departmentScopeSql(user, sql`rm.department_id`);
  const [meetings, actions] = await Promise.all([
    db.execute<{ id: number; period: string; held_on: string | null; status: MeetingStatus; open_actions: number; total_actions: number; total: number }>(sql`
      with numbered as (
        select rm.id, rm.period, rm.held_on, rm.status, row_number() over (order by rm.period desc, rm.id) as rn, count(*) over () as total
        from review_meetings rm
        where rm.department_id = ${departmentId} and ${scope}
      )
      select n.id, to_char(n.period, 'YYYY-MM-DD') as period, to_char(n.held_on, 'YYYY-MM-DD') as held_on, n.status, n.total::int as total,
        count(a.id) filter (where a.status = 'open')::int as open_actions, count(a.id)::int as total_actions
      from numbered n left join review_actions a on a.meeting_id = n.id
      where ${pageSliceSql(sql`n.rn`, sql`n.total`, page)}
      group by n.id, n.period, n.held_on, n.status, n.total, n.rn
      order by n.rn`),
    db.execute<{ id: number; description: string; owner_name: string; due_date: string | null; status: ActionStatus; period: string }>(sql`
      select a.id, a.description, a.owner_name, to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.status, to_char(rm.period, 'YYYY-MM-DD') as period
      from review_actions a join review_meetings rm on rm.id = a.meeting_id
      where a.status = 'open' and rm.department_id = ${departmentId} and ${scope}
      order by a.due_date nulls last, a.id`),
  ]);
  return {
    meetingTotal: meetings.rows[0]?.total ?? 0,
    meetings: meetings.rows.map((r) => ({
      id: r.id,
      period: r.period,
      heldOn: r.held_on,
      status: r.status,
      openActions: r.open_actions,
      totalActions: r.total_actions,
    })),
    openActions: actions.rows.map((r) => ({
      id: r.id,
      description: r.description,
      ownerName: r.owner_name,
      dueDate: r.due_date,
      status: r.status,
      meetingPeriod: r.period,
    })),
  };
}

export interface ActionOwnerOption {
  id: number;
  name: string;
  role: "SLT" | "LEAD";
  unitName: string;
}

/**
 * Who may own an SLT action of a department: its active SLT members and the active leads of its
 * units (the people who act in that department). Administrators and viewers belong to no department
 * and are not offered. `onlyId` narrows the list to one user (the server's check of a chosen owner).
 */
export async function listActionOwners(departmentId: number, onlyId?: number): Promise<ActionOwnerOption[]> {
  const { rows } = await db.execute<{ id: number; name: string; role: "SLT" | "LEAD"; unit_name: string }>(sql`
    with recursive ${departmentUnitsCte(departmentId)}
    select u.id, u.name, u.role, o.name as unit_name
    from users u
    join unit_department ud on ud.id = u.unit_id
    join org_units o on o.id = u.unit_id
    where u.active and u.role in ('SLT', 'LEAD') and ud.department_id = ${departmentId}
      ${onlyId === undefined ? sql`` : sql`and u.id = ${onlyId}`}
    order by case u.role when 'SLT' then 0 else 1 end, o.sort_order, u.name, u.id`);
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, unitName: r.unit_name }));
}
