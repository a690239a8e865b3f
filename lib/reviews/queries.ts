import "server-only";
import { sql } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import type { MeetingStatus } from "@/lib/enums";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import type { ActionStatus } from "./rules";

export interface MeetingListRow {
  id: number;
  departmentId: number;
  departmentSlug: string;
  departmentName: string;
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
  departmentSlug: string;
  departmentName: string;
  meetingPeriod: string;
}

export interface ReviewsOverview {
  departments: { id: number; slug: string; name: string }[];
  meetings: MeetingListRow[];
  openActions: OpenActionRow[];
}

/**
 * The departments the user may view, their meetings (newest first, with action counts) and every
 * open action — three queries, filtered by the user's scope in SQL.
 */
export async function getReviewsOverview(user: SessionUser): Promise<ReviewsOverview> {
  const scope = departmentScopeSql(user, sql`d.id`);
  const [deps, meetings, actions] = await Promise.all([
    db.execute<{ id: number; slug: string; name: string }>(sql`
      select d.id, d.slug, d.name from org_units d where d.kind = 'department' and ${scope} order by d.sort_order, d.name`),
    db.execute<{
      id: number; department_id: number; slug: string; name: string; period: string; held_on: string | null;
      status: MeetingStatus; open_actions: number; total_actions: number;
    }>(sql`
      select rm.id, d.id as department_id, d.slug, d.name, to_char(rm.period, 'YYYY-MM-DD') as period,
        to_char(rm.held_on, 'YYYY-MM-DD') as held_on, rm.status,
        count(a.id) filter (where a.status = 'open')::int as open_actions, count(a.id)::int as total_actions
      from review_meetings rm join org_units d on d.id = rm.department_id
      left join review_actions a on a.meeting_id = rm.id
      where ${scope}
      group by rm.id, d.id
      order by rm.period desc, d.sort_order`),
    db.execute<{
      id: number; description: string; owner_name: string; due_date: string | null; status: ActionStatus;
      slug: string; name: string; period: string;
    }>(sql`
      select a.id, a.description, a.owner_name, to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.status, d.slug, d.name,
        to_char(rm.period, 'YYYY-MM-DD') as period
      from review_actions a join review_meetings rm on rm.id = a.meeting_id join org_units d on d.id = rm.department_id
      where a.status = 'open' and ${scope}
      order by a.due_date nulls last, d.sort_order, a.id`),
  ]);
  return {
    departments: deps.rows,
    meetings: meetings.rows.map((r) => ({
      id: r.id,
      departmentId: r.department_id,
      departmentSlug: r.slug,
      departmentName: r.name,
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
      departmentSlug: r.slug,
      departmentName: r.name,
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
    with recursive ${unitDepartmentCte}
    select u.id, u.name, u.role, o.name as unit_name
    from users u
    join unit_department ud on ud.id = u.unit_id
    join org_units o on o.id = u.unit_id
    where u.active and u.role in ('SLT', 'LEAD') and ud.department_id = ${departmentId}
      ${onlyId === undefined ? sql`` : sql`and u.id = ${onlyId}`}
    order by case u.role when 'SLT' then 0 else 1 end, o.sort_order, u.name, u.id`);
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, unitName: r.unit_name }));
}
