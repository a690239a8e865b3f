import "server-only";
import { sql } from "drizzle-orm";
import { RuleError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { ModerateInput } from "@/lib/validation/feedback";
import { LOCK_NAMESPACE, recalculateMonth } from "./record";

/**
 * A moderator's decision on held survey responses, in bulk (issue 15): accepted ones join their
 * month's figures (recalculated in the same transaction), rejected ones are kept but never count.
 * Only held responses change (one decided meanwhile by someone else is left as it is and
 * reported); each decision is audited with who made it. For feedback:moderate on every unit the
 * responses belong to, or nothing changes.
 */
export async function moderateResponses(user: SessionUser, input: ModerateInput): Promise<{ decided: number; skipped: number }> {
  const ids = [...new Set(input.responseIds)];
  const idArray = sql`${`{${ids.join(",")}}`}::int[]`;
  const { rows: found } = await db.execute<{ unit_id: number }>(sql`select distinct unit_id from feedback_responses where id = any(${idArray}) order by unit_id`);
  if (found.length === 0) throw new RuleError("None of those responses exists any more.");
  for (const { unit_id } of found) await assertCanActOnUnit(user, "feedback:moderate", unit_id);
  const state = input.decision === "accept" ? "accepted" : "rejected";

  const decided = await db.transaction(async (tx) => {
    // The same lock as a new response of the unit, in unit order (no deadlock between two moderators).
    for (const { unit_id } of found) await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${unit_id})`);
    const { rows } = await tx.execute<{ id: number; unit_id: number; period: string; hold_reason: string }>(sql`
      update feedback_responses set state = ${state}::feedback_review_state, reviewed_by_id = ${user.id}, reviewed_at = now()
      where id = any(${idArray}) and state = 'held'
      returning id, unit_id, to_char(period, 'YYYY-MM-DD') as period, hold_reason::text`);
    if (rows.length > 0) {
      await tx.execute(sql`
        insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason)
        select ${user.id}::int, ${user.email}::text, ${`feedback.response_${input.decision}`}::text, 'feedback_response', d.id::text, d.unit_id,
          jsonb_build_object('state', 'held', 'holdReason', d.hold_reason), jsonb_build_object('state', ${state}::text, 'period', d.period),
          ${input.decision === "accept" ? "Accepted from the moderation queue: counts in the figures" : "Rejected from the moderation queue: kept, never counted"}::text
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(id int, unit_id int, period text, hold_reason text)`);
    }
    // Rejecting changes no figure: a held response was not in it.
    if (state === "accepted") {
      const months = [...new Map(rows.map((r) => [`${r.unit_id}:${r.period}`, r])).values()];
      for (const m of months) await recalculateMonth(tx, m.unit_id, m.period);
    }
    return rows.length;
  });
  return { decided, skipped: ids.length - decided };
}
