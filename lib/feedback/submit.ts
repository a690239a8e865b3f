import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { db as appDb } from "@/lib/db";
import { publicResponseInput } from "@/lib/validation/feedback";
import { maskPersonalData } from "./mask";
import { LinkPausedError, recordResponse, type RecordOutcome } from "./record";
import { surveyPeriod } from "./rules";
import { feedbackLimiters, retryText, takeFeedbackAllowance, type FeedbackLimiters } from "./throttle";

/**
 * A response from the public survey page (/feedback/<token>), from raw form fields to stored:
 * validate, find the link (unknown or paused: refused), take the rate-limit allowance, mask
 * personal data in the comment, store and recalculate. Returns what the page needs to say.
 */
export type PublicOutcome =
  | { ok: true; duplicate: boolean; outcome: RecordOutcome }
  | { ok: false; kind: "invalid" | "not_found" | "paused" | "rate_limited"; message: string; fieldErrors?: Record<string, string> };

export const PAUSED_MESSAGE = "This survey is paused, so your answers could not be sent. Please try again later.";

export async function submitPublicResponse(
  db: Database,
  input: { raw: unknown; address: string; now: Date; limiters: FeedbackLimiters },
): Promise<PublicOutcome> {
  const parsed = publicResponseInput.safeParse(input.raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      fieldErrors[key] ??= issue.message;
    }
    if (fieldErrors.token) return { ok: false, kind: "not_found", message: "This survey link is not recognised." };
    return { ok: false, kind: "invalid", message: "Please answer the questions marked below.", fieldErrors };
  }
  const v = parsed.data;
  const { rows } = await db.execute<{ id: number; unit_id: number; paused: boolean }>(
    sql`select id, unit_id, paused from feedback_links where token = ${v.token}`,
  );
  const link = rows[0];
  if (!link) return { ok: false, kind: "not_found", message: "This survey link is not recognised." };
  if (link.paused) return { ok: false, kind: "paused", message: PAUSED_MESSAGE };

  const allowance = await takeFeedbackAllowance(input.limiters, link.id, input.address);
  if (!allowance.ok) {
    return {
      ok: false,
      kind: "rate_limited",
      message: `We have received a lot of responses from ${allowance.scope === "address" ? "your connection" : "this survey link"} in the last few minutes, so we could not take this one. ${retryText(allowance.retryAfterSeconds)}`,
    };
  }

  const comment = v.comment ? maskPersonalData(v.comment).text.slice(0, 2000) : null;
  try {
    const outcome = await recordResponse(db, {
      unitId: link.unit_id,
      linkId: link.id,
      source: "link",
      period: surveyPeriod(input.now),
      csat: v.csat,
      ces: v.ces,
      csi: v.csi,
      comment,
      channel: v.channel ?? null,
      enteredById: null,
      submissionKey: v.key,
    });
    return { ok: true, duplicate: !outcome.stored, outcome };
  } catch (err) {
    if (err instanceof LinkPausedError) return { ok: false, kind: "paused", message: PAUSED_MESSAGE };
    throw err;
  }
}

/** The public survey page's submission: the app's database and rate limiters. */
export function submitSurvey(input: { raw: unknown; address: string; now: Date }): Promise<PublicOutcome> {
  return submitPublicResponse(appDb, { ...input, limiters: feedbackLimiters() });
}
