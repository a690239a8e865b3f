"use server";

import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { appSettings } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { writeAudit } from "@/lib/audit";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DEFAULT_RISK_BANDS, describeBands } from "@/lib/risks/scoring";
import { riskBandsSchema } from "@/lib/validation/risk-bands";
import { SETTING_KEYS } from "@/lib/settings";
import { riskBandsInput } from "@/lib/validation/risk";
import { minResponsesInput } from "@/lib/validation/feedback";
import { MIN_RESPONSES_DEFAULT, parseMinResponses } from "@/lib/feedback/rules";
import { FIGURES_DUE_WORKING_DAY_DEFAULT, figuresDueInput, figuresDueWorkingDay } from "@/lib/validation/settings";

const KEY = SETTING_KEYS.figuresDueWorkingDay;

/** Sets the working day of the following month by which a month's figures are due (administrators only). */
export const updateFiguresDueDay = action(
  { name: "updateFiguresDueDay", schema: figuresDueInput, permission: "user:manage" },
  async (input, actor) => {
    assertCan(actor, "user:manage");
    const changed = await db.transaction(async (tx) => {
      const [row] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY)).for("update");
      const stored = figuresDueWorkingDay.safeParse(row?.value);
      const before = stored.success ? { workingDay: stored.data } : { workingDay: FIGURES_DUE_WORKING_DAY_DEFAULT, default: true };
      if (stored.success && stored.data === input.workingDay) return false;
      const values = { value: input.workingDay, updatedById: actor.id, updatedAt: new Date() };
      await tx.insert(appSettings).values({ key: KEY, ...values }).onConflictDoUpdate({ target: appSettings.key, set: values });
      await writeAudit(
        {
          actorId: actor.id,
          actorEmail: actor.email,
          action: "setting.update",
          entityType: "app_setting",
          entityId: KEY,
          before,
          after: { workingDay: input.workingDay },
          reason: input.reason || null,
        },
        tx,
      );
      return true;
    });
    // Due dates, late flags and the reminders all follow from this setting.
    revalidatePath("/admin/settings");
    revalidatePath("/entry/status");
    revalidatePath("/my-updates");
    return { workingDay: input.workingDay, changed };
  },
);

/** Sets where the risk bands start (Medium, High, Very High), administrators only; audited. */
export const updateRiskBands = action({ name: "updateRiskBands", schema: riskBandsInput, permission: "user:manage" }, async (input, actor) => {
  assertCan(actor, "user:manage");
  const KEY_BANDS = SETTING_KEYS.riskBands;
  const bands = { mediumFrom: input.mediumFrom, highFrom: input.highFrom, veryHighFrom: input.veryHighFrom };
  const changed = await db.transaction(async (tx) => {
    const [row] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY_BANDS)).for("update");
    const stored = riskBandsSchema.safeParse(row?.value);
    const before = stored.success ? stored.data : { ...DEFAULT_RISK_BANDS, default: true };
    if (stored.success && stored.data.mediumFrom === bands.mediumFrom && stored.data.highFrom === bands.highFrom && stored.data.veryHighFrom === bands.veryHighFrom) {
      return false;
    }
    const values = { value: bands, updatedById: actor.id, updatedAt: new Date() };
    await tx.insert(appSettings).values({ key: KEY_BANDS, ...values }).onConflictDoUpdate({ target: appSettings.key, set: values });
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "setting.update",
        entityType: "app_setting",
        entityId: KEY_BANDS,
        before,
        after: bands,
        reason: input.reason || null,
      },
      tx,
    );
    return true;
  });
  // Every band shown on the risk pages follows from this setting.
  revalidatePath("/admin/settings");
  revalidatePath("/risks", "layout");
  return { bands, description: describeBands(bands), changed };
});

/** Sets the minimum number of survey responses below which a month is flagged as a low sample (administrators only); audited. */
export const updateFeedbackMinResponses = action({ name: "updateFeedbackMinResponses", schema: minResponsesInput, permission: "user:manage" }, async (input, actor) => {
  assertCan(actor, "user:manage");
  const KEY_MIN = SETTING_KEYS.feedbackMinResponses;
  const changed = await db.transaction(async (tx) => {
    const [row] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY_MIN)).for("update");
    const before = row ? { minResponses: parseMinResponses(row.value) } : { minResponses: MIN_RESPONSES_DEFAULT, default: true };
    if (row && parseMinResponses(row.value) === input.minResponses) return false;
    const values = { value: input.minResponses, updatedById: actor.id, updatedAt: new Date() };
    await tx.insert(appSettings).values({ key: KEY_MIN, ...values }).onConflictDoUpdate({ target: appSettings.key, set: values });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "setting.update", entityType: "app_setting", entityId: KEY_MIN, before, after: { minResponses: input.minResponses }, reason: input.reason || null },
      tx,
    );
    return true;
  });
  // The flag is read when pages render and when the next response recalculates a month's commentary.
  revalidatePath("/admin/settings");
  revalidatePath("/admin/feedback");
  revalidatePath("/feedback/themes");
  return { minResponses: input.minResponses, changed };
});
