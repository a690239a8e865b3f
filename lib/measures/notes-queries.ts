import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { storedPeriodSql } from "@/lib/measures/figure-sql";
import { departmentUnitsCte } from "@/lib/org/tree-sql";

/*
 * Reads of the notes on a measure's months and the breaks in its series (issue 18): for the measure
 * page, and for a department's review pack. Scope is the caller's: the measure page has checked that
 * the user may view the measure, the review pack that the user may view the department.
 */

/** The latest notes the measure page lists (by month, newest first). */
export const ANNOTATIONS_SHOWN = 100;

export interface MeasureAnnotation {
  id: number;
  /** "YYYY-MM-01". */
  period: string;
  text: string;
  isPublic: boolean;
  version: number;
  /** Who wrote or last changed it, and when (ISO). */
  updatedByName: string | null;
  updatedAt: string;
}

/** A measure's notes, newest month first (then newest written first), at most ANNOTATIONS_SHOWN. */
export async function listMeasureAnnotations(measureId: number): Promise<MeasureAnnotation[]> {
  const { rows } = await db.execute<{
    id: number;
    period: string;
    text: string;
    is_public: boolean;
    version: number;
    updated_by_name: string | null;
    updated_at: string;
  }>(sql`
    select a.id, to_char(a.period, 'YYYY-MM-DD') as period, a.text, a.is_public, a.version,
      coalesce(u.name, c.name) as updated_by_name, to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at
    from measure_annotations a
    left join users u on u.id = a.updated_by_id
    left join users c on c.id = a.created_by_id
    where a.measure_id = ${measureId}
    order by a.period desc, a.id desc
    limit ${ANNOTATIONS_SHOWN}`);
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    text: r.text,
    isPublic: r.is_public,
    version: r.version,
    updatedByName: r.updated_by_name,
    updatedAt: r.updated_at,
  }));
}

/** A note, or the start of a new series, on one of the months behind a figure in a review pack. */
export interface MonthNote {
  measureId: number;
  kind: "annotation" | "break";
  period: string;
  text: string;
  isPublic: boolean;
}

/**
 * The notes and breaks of a department's active measures in the months behind the figure a pack of
 * `month` shows: the month itself for a monthly measure, the quarter's months up to it for a quarterly
 * one (storedPeriodSql). One query, ordered by measure, month and kind.
 */
export async function listDepartmentMonthNotes(departmentId: number, month: string): Promise<MonthNote[]> {
  const { rows } = await db.execute<{ measure_id: number; kind: "annotation" | "break"; period: string; text: string; is_public: boolean }>(sql`
    with recursive ${departmentUnitsCte(departmentId)},
    shown as (
      select m.id, ${storedPeriodSql(sql`${month}::date`)} as first_month
      from measures m join unit_department ud on ud.id = m.unit_id
      where ud.department_id = ${departmentId} and m.active
    )
    select x.* from (
      select a.measure_id, 'annotation' as kind, to_char(a.period, 'YYYY-MM-DD') as period, a.text, a.is_public, a.id as seq
      from shown s join measure_annotations a on a.measure_id = s.id and a.period between s.first_month and ${month}::date
      union all
      select b.measure_id, 'break' as kind, to_char(b.period, 'YYYY-MM-DD') as period, b.reason as text, false as is_public, b.id as seq
      from shown s join measure_series_breaks b on b.measure_id = s.id and b.period between s.first_month and ${month}::date
    ) x
    order by x.measure_id, x.period, x.kind desc, x.seq`);
  return rows.map((r) => ({ measureId: r.measure_id, kind: r.kind, period: r.period, text: r.text, isPublic: r.is_public }));
}
