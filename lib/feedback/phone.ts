import "server-only";
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { PhoneResponseInput } from "@/lib/validation/feedback";
import { maskPersonalData } from "./mask";
import { recordResponse } from "./record";
import { surveyPeriod } from "./rules";

/**
 * An advisor's phone survey response (channel "phone"), for a unit they may enter feedback for.
 * Same rules as the public page (masking, one-time key, recalculation) but no rate limit: the
 * advisor is signed in and accountable (entered_by_id).
 */
export async function recordPhoneResponse(user: SessionUser, input: PhoneResponseInput) {
  await assertCanActOnUnit(user, "feedback:enter", input.unitId);
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
}
