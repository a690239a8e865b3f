"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { SurveyValues } from "@/components/feedback/survey-fields";
import { submitSurvey } from "@/lib/feedback/submit";
import { log } from "@/lib/log";
import { clientAddress } from "@/lib/security/client-address";

export interface SurveyState {
  /** Counts submissions, so the form re-mounts with the answers given (React resets a form after an action). */
  attempt: number;
  kind: "invalid" | "not_found" | "paused" | "rate_limited" | "invalid_link" | "expired" | "used" | null;
  message: string | null;
  fieldErrors: Record<string, string>;
  values: SurveyValues;
}

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : undefined);

/**
 * The public survey form: no session. Works as a plain HTML form post when JavaScript is off;
 * an accepted response (or the same one posted again by a double click) goes to the thank-you page,
 * whether it counted at once or was held for moderation (a flooder is not told which).
 */
export async function sendSurvey(prev: SurveyState, formData: FormData): Promise<SurveyState> {
  const raw: Record<string, string | undefined> = {};
  for (const name of ["token", "interaction", "key", "csat", "ces", "csi", "comment", "channel"]) raw[name] = text(formData.get(name));
  const address = clientAddress(await headers());
  const result = await submitSurvey({ raw, address, now: new Date() });
  if (!result.ok) {
    if (result.kind === "rate_limited") log("warn", "feedback rate limited", { token: raw.token?.slice(0, 6) });
    return {
      attempt: (prev?.attempt ?? 0) + 1,
      kind: result.kind,
      message: result.message,
      fieldErrors: result.fieldErrors ?? {},
      values: { csat: raw.csat, ces: raw.ces, csi: raw.csi, comment: raw.comment, channel: raw.channel },
    };
  }
  redirect(`/feedback/${raw.token}/thanks`);
}
