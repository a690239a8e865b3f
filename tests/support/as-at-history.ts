import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { toPeriod } from "../../lib/entry/periods";

/**
 * A department of its own with a history that changed after August 2025 (issue 13), for the tests of
 * the dashboard, the department page and the review pack: each item reads one way as at the end of
 * August 2025 and another way today. Dates are fixed in 2025–26, so "today" must be after February 2026.
 *
 * - an initiative amber in August 2025 ("Supplier late") and red in an update made for this month;
 * - a milestone planned for October 2025 whose forecast moved in September 2025 to February 2026:
 *   overdue today, neither due nor missed in August 2025;
 * - a milestone planned for 31 August 2025 whose forecast moved in September 2025 to January 2026:
 *   due (not missed) in the August 2025 pack, overdue today;
 * - an SLT action agreed at the July 2025 meeting, due 15 August 2025, closed in October 2025;
 * - a recommendation due by June 2025, implemented in November 2025;
 * - a risk rated 4 × 4 (High, above its appetite of 6) in June 2025 and re-rated 2 × 2 in October 2025;
 * - a risk first rated (5 × 5) in October 2025: not yet rated in August 2025.
 */
export const AUGUST_2025 = { month: "2025-08-01", asAt: "2025-08-31" } as const;

export interface AsAtHistory {
  departmentId: number;
  slug: string;
  name: string;
  initiativeId: number;
  movedMilestoneId: number;
  dueMilestoneId: number;
  actionId: number;
  recommendationId: number;
  reratedRiskId: number;
  lateRatedRiskId: number;
  remove: () => Promise<void>;
}

/** An instant at noon UTC on `day`: the same day in any session time zone within ±11 h. */
const noon = (day: string) => `${day}T12:00:00Z`;

export async function createAsAtHistory(db: Database): Promise<AsAtHistory> {
  const suffix = randomUUID().slice(0, 8);
  const slug = `as-at-${suffix}`;
  const name = `As-at history ${suffix}`;
  const id = async (q: ReturnType<typeof sql>) => (await db.execute<{ id: number }>(q)).rows[0]!.id;

  const departmentId = await id(sql`insert into org_units (slug, name, short_name, kind) values (${slug}, ${name}, 'AAH', 'department') returning id`);

  const initiativeId = await id(sql`
    insert into initiatives (csp_ref, title, lead_unit_id, type, rag, rag_reason, status)
    values ('AAH-1', 'Replace the case system', ${departmentId}, 'project', 'red', 'Contract terminated today', 'in_progress') returning id`);
  await db.execute(sql`insert into initiative_updates (initiative_id, period, rag, reason, created_at) values
    (${initiativeId}, '2025-07-01', 'green', null, ${noon("2025-08-05")}::timestamptz),
    (${initiativeId}, '2025-08-01', 'amber', 'Supplier late', ${noon("2025-09-05")}::timestamptz),
    (${initiativeId}, ${toPeriod(new Date())}::date, 'red', 'Contract terminated today', now())`);

  const movedMilestoneId = await id(sql`
    insert into milestones (initiative_id, title, planned_date, forecast_date, status)
    values (${initiativeId}, 'Go live', '2025-10-15', '2026-02-01', 'in_progress') returning id`);
  const dueMilestoneId = await id(sql`
    insert into milestones (initiative_id, title, planned_date, forecast_date, status)
    values (${initiativeId}, 'Data migrated', '2025-08-31', '2026-01-10', 'in_progress') returning id`);
  await db.execute(sql`insert into milestone_forecast_changes (milestone_id, from_date, to_date, reason, changed_at) values
    (${movedMilestoneId}, null, '2026-02-01', 'Supplier late', ${noon("2025-09-20")}::timestamptz),
    (${dueMilestoneId}, null, '2026-01-10', 'Supplier late', ${noon("2025-09-15")}::timestamptz)`);

  const meetingId = await id(sql`insert into review_meetings (department_id, period, status, held_on) values (${departmentId}, '2025-07-01', 'held', '2025-07-20') returning id`);
  const actionId = await id(sql`
    insert into review_actions (meeting_id, description, owner_name, due_date, status, closed_at, closing_note, created_at)
    values (${meetingId}, 'Agree a recovery plan with the supplier', 'Programme director', '2025-08-15', 'done',
      ${noon("2025-10-02")}::timestamptz, 'Plan agreed', ${noon("2025-07-20")}::timestamptz) returning id`);

  const recommendationId = await id(sql`
    insert into recommendations (ref, source, report_title, unit_id, text, owner_name, target_date, status, completion_evidence, implemented_on, created_at)
    values (${`AAH-REC-${suffix}`}, 'pac', 'As-at report', ${departmentId}, 'Publish the case backlog monthly.', 'Director', '2025-06-30', 'implemented',
      'Published since November 2025', '2025-11-05', ${noon("2025-01-10")}::timestamptz) returning id`);
  await db.execute(sql`insert into recommendation_updates (recommendation_id, note, status_from, status_to, created_at) values
    (${recommendationId}, 'Started', 'open', 'in_progress', ${noon("2025-03-01")}::timestamptz),
    (${recommendationId}, 'Done', 'in_progress', 'implemented', ${noon("2025-11-05")}::timestamptz)`);

  const risk = (ref: string, title: string, l: number, i: number) =>
    id(sql`insert into risks (ref, unit_id, title, cause, event, impact, category, owner_name, inherent_likelihood, inherent_impact,
        residual_likelihood, residual_impact, appetite_score)
      values (${`${ref}-${suffix}`}, ${departmentId}, ${title}, 'c', 'e', 'i', 'Operational', 'Owner', 5, 5, ${l}, ${i}, 6) returning id`);
  const reratedRiskId = await risk("AAH-R1", "Supplier failure", 2, 2);
  const lateRatedRiskId = await risk("AAH-R2", "Cyber attack", 5, 5);
  await db.execute(sql`insert into risk_reviews (risk_id, reviewed_on, residual_likelihood, residual_impact) values
    (${reratedRiskId}, '2025-06-01', 4, 4), (${reratedRiskId}, '2025-10-01', 2, 2), (${lateRatedRiskId}, '2025-10-01', 5, 5)`);

  return {
    departmentId,
    slug,
    name,
    initiativeId,
    movedMilestoneId,
    dueMilestoneId,
    actionId,
    recommendationId,
    reratedRiskId,
    lateRatedRiskId,
    remove: async () => {
      await db.execute(sql`delete from review_actions where meeting_id in (select id from review_meetings where department_id = ${departmentId})`);
      await db.execute(sql`delete from review_meetings where department_id = ${departmentId}`);
      await db.execute(sql`delete from recommendations where unit_id = ${departmentId}`);
      await db.execute(sql`delete from risks where unit_id = ${departmentId}`);
      await db.execute(sql`delete from initiatives where lead_unit_id = ${departmentId}`);
      await db.execute(sql`delete from org_units where id = ${departmentId}`);
    },
  };
}
