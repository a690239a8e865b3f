import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { feedbackResponses, feedbackResponseThemes, feedbackThemes } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { TagInput, ThemeInput } from "@/lib/validation/feedback";

/** Replaces a comment's themes (SLT of the department, LEAD of the unit); audited. */
export async function tagComment(user: SessionUser, input: TagInput) {
  const [response] = await db.select({ id: feedbackResponses.id, unitId: feedbackResponses.unitId }).from(feedbackResponses).where(eq(feedbackResponses.id, input.responseId));
  if (!response) throw new RuleError("That comment no longer exists.");
  const scope = await assertCanActOnUnit(user, "feedback:enter", response.unitId);
  const wanted = [...new Set(input.themeIds)].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    // Lock the response so that two people tagging it at once apply one after the other.
    await tx.execute(sql`select id from feedback_responses where id = ${response.id} for update`);
    if (wanted.length) {
      const { rows } = await tx.execute<{ id: number }>(sql`
        select id from feedback_themes where id = any(${`{${wanted.join(",")}}`}::int[]) and (department_id is null or department_id = ${scope.departmentId})`);
      if (rows.length !== wanted.length) throw new RuleError("One of those themes is not available for this comment. Reload the page and try again.");
    }
    const before = (await tx.select({ themeId: feedbackResponseThemes.themeId }).from(feedbackResponseThemes).where(eq(feedbackResponseThemes.responseId, response.id)))
      .map((r) => r.themeId)
      .sort((a, b) => a - b);
    if (before.join(",") === wanted.join(",")) return { changed: false, themeIds: wanted };
    await tx.delete(feedbackResponseThemes).where(eq(feedbackResponseThemes.responseId, response.id));
    if (wanted.length) await tx.insert(feedbackResponseThemes).values(wanted.map((themeId) => ({ responseId: response.id, themeId, taggedById: user.id })));
    await writeAudit(
      { actorId: user.id, actorEmail: user.email, action: "feedback.tag", entityType: "feedback_response", entityId: response.id, unitId: response.unitId, before: { themeIds: before }, after: { themeIds: wanted } },
      tx,
    );
    return { changed: true, themeIds: wanted };
  });
}

/** Adds a theme for a department (its SLT, or an administrator); audited. */
export async function addTheme(user: SessionUser, input: ThemeInput) {
  const scope = await assertCanActOnUnit(user, "feedback:manage", input.departmentId);
  // Themes belong to departments: any other unit is refused like one out of scope.
  if (scope.departmentId !== input.departmentId) throw new ForbiddenError();
  return db.transaction(async (tx) => {
    const clash = await tx
      .select({ id: feedbackThemes.id })
      .from(feedbackThemes)
      .where(and(sql`lower(${feedbackThemes.name}) = lower(${input.name})`, sql`(${feedbackThemes.departmentId} is null or ${feedbackThemes.departmentId} = ${input.departmentId})`));
    if (clash.length) throw new RuleError("Please correct the highlighted fields.", { name: ["There is already a theme with this name"] });
    const [row] = await tx
      .insert(feedbackThemes)
      .values({ departmentId: input.departmentId, name: input.name, description: input.description ?? null, createdById: user.id })
      .returning({ id: feedbackThemes.id, name: feedbackThemes.name });
    await writeAudit(
      { actorId: user.id, actorEmail: user.email, action: "feedback.theme_add", entityType: "feedback_theme", entityId: row!.id, unitId: input.departmentId, after: { name: input.name, description: input.description ?? null } },
      tx,
    );
    return row!;
  });
}
