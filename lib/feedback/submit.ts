import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { db as appDb } from "@/lib/db";
import { publicResponseInput } from "@/lib/validation/feedback";
import { checkInteraction, USED_MESSAGE } from "./interaction-links";
import { addressKey } from "./keys";
import { maskPersonalData } from "./mask";
import { InteractionUsedError, LinkPausedError, recordResponse, type RecordOutcome } from "./record";
import { surveyPeriod, type HoldRule } from "./rules";
import { feedbackLimiters, retryText, takeFeedbackAllowance, type FeedbackLimiters } from "./throttle";

/**
 * A response from the public survey page (/feedback/<token>, with ?i=<signed token> for a
 * single-use link), from raw form fields to stored: validate, find the link (unknown or paused:
 * refused), then either
 *  - a single-use link: check its signature, survey link and expiry, and store it as verified with
 *    its use (a second response through it is refused kindly), or
 *  - the open link: take the per-address hard limit (abuse protection), then store it, counted or
 *    held for moderation by the hold rule. A held response gets the same thank-you as a counted one.
 * Comments are masked for personal data before they are stored.
 */
export type PublicOutcome =
  | { ok: true; duplicate: boolean; outcome: RecordOutcome }
  | {
      ok: false;
      kind: "invalid" | "not_found" | "paused" | "rate_limited" | "invalid_link" | "expired" | "used";
      message: string;
      fieldErrors?: Record<string, string>;
    };

export const PAUSED_MESSAGE = "This survey is paused, so your answers could not be sent. Please try again later.";

export async function submitPublicResponse(
  db: Database,
  input: { raw: unknown; address: string; now: Date; limiters: FeedbackLimiters; rule?: HoldRule },
): Promise<PublicOutcome> {
  const parsed = publicResponseInput.safeParse(input.raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      fieldErrors[key] ??= issue.message;
    }
    if (fieldErrors.token) return { ok: false, kind: "not_found", message: "This survey link is not recognised." };
    if (fieldErrors.interaction) return { ok: false, kind: "invalid_link", message: fieldErrors.interaction };
    return { ok: false, kind: "invalid", message: "Please answer the questions marked below.", fieldErrors };
  }
  const v = parsed.data;
  const { rows } = await db.execute<{ id: number; unit_id: number; paused: boolean }>(
    sql`select id, unit_id, paused from feedback_links where token = ${v.token}`,
  );
  const link = rows[0];
  if (!link) return { ok: false, kind: "not_found", message: "This survey link is not recognised." };
  if (link.paused) return { ok: false, kind: "paused", message: PAUSED_MESSAGE };

  let verified: { interactionKey: string } | null = null;
  if (v.interaction) {
    const checked = await checkInteraction(link.id, v.interaction, input.now, db);
    if (!checked.ok) return { ok: false, kind: checked.kind, message: checked.message };
    verified = { interactionKey: checked.interactionKey };
  } else {
    const allowance = await takeFeedbackAllowance(input.limiters, input.address);
    if (!allowance.ok) {
      return {
        ok: false,
        kind: "rate_limited",
        message: `We have received a lot of responses from your connection in the last few minutes, so we could not take this one. ${retryText(allowance.retryAfterSeconds)}`,
      };
    }
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
      submittedAt: input.now,
      ...(verified
        ? { verified: true, interactionKey: verified.interactionKey }
        : { verified: false, screen: { addressKey: addressKey(input.address), rule: input.rule } }),
    });
    return { ok: true, duplicate: !outcome.stored, outcome };
  } catch (err) {
    if (err instanceof LinkPausedError) return { ok: false, kind: "paused", message: PAUSED_MESSAGE };
    if (err instanceof InteractionUsedError) return { ok: false, kind: "used", message: USED_MESSAGE };
    throw err;
  }
}

/** The public survey page's submission: the app's database and rate limiters. */
export function submitSurvey(input: { raw: unknown; address: string; now: Date }): Promise<PublicOutcome> {
  return submitPublicResponse(appDb, { ...input, limiters: feedbackLimiters() });
}
