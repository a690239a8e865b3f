"use server";

import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { feedbackResponses, feedbackResponseThemes, feedbackThemes } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import { assertCan, ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { maskPersonalData } from "@/lib/feedback/mask";
import { recordResponse } from "@/lib/feedback/record";
import { surveyPeriod } from "@/lib/feedback/rules";
import { getUnitScope } from "@/lib/org/queries";
import { phoneResponseInput, tagInput, themeInput } from "@/lib/validation/feedback";

/**
 * An advisor's phone survey response (channel "phone"), for a unit they may enter feedback for.
 * Same rules as the public page (masking, one-time key, recalculation) but no rate limit: the
 * advisor is signed in and accountable (entered_by_id).
 */
export const recordPhoneResponse = action({ name: "recordPhoneResponse", schema: phoneResponseInput, permission: "feedback:enter" }, async (input, user) => {
  const scope = await getUnitScope(input.unitId);
  if (!scope) throw new ForbiddenError();
  assertCan(user, "feedback:enter", scope);
  const masked = input.comment ? maskPersonalData(input.comment) : null;
  const outcome = await recordResponse(db, {
    unitId: input.unitId,
    linkId: null,
    source: "phone",
    period: surveyPeriod(new Date()),
    csat: input.csat,
    ces: input.ces,
    csi: input.csi,
    comment: masked ? masked.text.slice(0, 2000) : null,
    channel: "phone",
    enteredById: user.id,
    submissionKey: input.key,
  });
  const found = masked ? masked.found.email + masked.found.phone + masked.found.ssn : 0;
  return { duplicate: !outcome.stored, responses: outcome.month?.responses ?? null, masked: found, nextKey: randomUUID() };
});

/** Replaces a comment's themes (SLT of the department, LEAD of the unit); audited. */
export const tagComment = action({ name: "tagComment", schema: tagInput, permission: "feedback:enter" }, async (input, user) => {
  const [response] = await db.select({ id: feedbackResponses.id, unitId: feedbackResponses.unitId }).from(feedbackResponses).where(eq(feedbackResponses.id, input.responseId));
  if (!response) throw new RuleError("That comment no longer exists.");
  const scope = await getUnitScope(response.unitId);
  if (!scope) throw new ForbiddenError();
  assertCan(user, "feedback:enter", scope);
  const wanted = [...new Set(input.themeIds)].sort((a, b) => a - b);
  const result = await db.transaction(async (tx) => {
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
  // No revalidatePath: the feedback pages are rendered per request, and refreshing this list now
  // would move the comment just tagged (untagged ones come first) from under the reviewer's eyes.
  return result;
});

/** Adds a theme for a department (its SLT, or an administrator); audited. */
export const addTheme = action({ name: "addTheme", schema: themeInput, permission: "feedback:manage" }, async (input, user) => {
  const scope = await getUnitScope(input.departmentId);
  if (!scope || scope.departmentId !== input.departmentId) throw new ForbiddenError();
  assertCan(user, "feedback:manage", scope);
  const theme = await db.transaction(async (tx) => {
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
  revalidatePath("/feedback/themes");
  revalidatePath("/feedback/comments");
  return theme;
});
