import "server-only";
import { addDays } from "date-fns";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db as appDb } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { IssueLinksInput } from "@/lib/validation/feedback";
import { feedbackKey } from "./keys";
import { interactionKey, signInteractionToken, verifyInteractionToken, type InteractionClaims } from "./signed-token";

/*
 * Single-use survey links (issue 15 item 2): each belongs to one interaction (a case, a call, an
 * email reply) of one service's survey link, is signed, expires, and takes one response. Issued
 * here for the admin page and for any future write API; the use is recorded with the response
 * (lib/feedback/record.ts).
 */

export interface IssuedLink {
  reference: string;
  /** The path of the survey page with the signed token: `/feedback/<link token>?i=<signed token>`. */
  path: string;
  expiresAt: string;
}

/** The survey page's path for a signed token of the link `linkToken`. */
export function interactionPath(linkToken: string, signed: string): string {
  return `/feedback/${encodeURIComponent(linkToken)}?i=${encodeURIComponent(signed)}`;
}

/**
 * Issues a single-use link for each reference, valid for `days` from `now`; for whoever may manage
 * the service's survey links (feedback:manage). A paused survey issues none. Audited with the
 * references, so a complaint about a link can be traced to who issued it.
 */
export async function issueInteractionLinks(user: SessionUser, input: IssueLinksInput, now = new Date()): Promise<{ unitName: string; links: IssuedLink[] }> {
  const { rows } = await appDb.execute<{ id: number; unit_id: number; token: string; paused: boolean; unit_name: string }>(sql`
    select l.id, l.unit_id, l.token, l.paused, u.name as unit_name
    from feedback_links l join org_units u on u.id = l.unit_id where l.id = ${input.linkId}`);
  const link = rows[0];
  await assertCanActOnUnit(user, "feedback:manage", link?.unit_id, {
    ifUnknown: () => new RuleError("Please correct the highlighted fields.", { linkId: ["Choose the service"] }),
  });
  if (!link) throw new RuleError("That survey link no longer exists.");
  if (link.paused) throw new RuleError(`The survey for ${link.unit_name} is paused: resume it before sending links.`, { linkId: ["This survey is paused"] });
  const expires = addDays(now, input.days);
  const expiresAt = Math.floor(expires.getTime() / 1000);
  const key = feedbackKey("interaction-token");
  const links = input.references.map((reference) => ({
    reference,
    path: interactionPath(link.token, signInteractionToken(key, { linkId: link.id, reference, expiresAt })),
    expiresAt: expires.toISOString(),
  }));
  await writeAudit({
    actorId: user.id,
    actorEmail: user.email,
    action: "feedback.links_issue",
    entityType: "feedback_link",
    entityId: link.id,
    unitId: link.unit_id,
    after: { count: links.length, expiresAt: expires.toISOString(), references: input.references },
  });
  return { unitName: link.unit_name, links };
}

export type InteractionState =
  | { ok: true; claims: InteractionClaims; interactionKey: string }
  | { ok: false; kind: "invalid_link" | "expired" | "used"; message: string };

export const USED_MESSAGE = "This link has already been used — thank you. We take one response for each conversation with us.";
export const EXPIRED_MESSAGE = "This survey link has expired. Thank you for wanting to tell us how we did.";
export const INVALID_LINK_MESSAGE = "This survey link is not valid. Please check you copied all of it from your email or message.";

/**
 * Whether a signed token can still be answered through the survey link `linkId` at `now`: signed by
 * us for that link, not expired, not used yet. The use itself is recorded atomically with the
 * response; this check is what the page says up front.
 */
export async function checkInteraction(linkId: number, token: string, now: Date, db: Pick<Database, "execute"> = appDb): Promise<InteractionState> {
  const checked = verifyInteractionToken(feedbackKey("interaction-token"), token, now);
  if (!checked.ok) {
    return checked.reason === "expired" ? { ok: false, kind: "expired", message: EXPIRED_MESSAGE } : { ok: false, kind: "invalid_link", message: INVALID_LINK_MESSAGE };
  }
  // A token signed for another survey link is not valid here (the link's token is in the URL, the survey link id in the claims).
  if (checked.claims.linkId !== linkId) return { ok: false, kind: "invalid_link", message: INVALID_LINK_MESSAGE };
  const key = interactionKey(feedbackKey("interaction-key"), linkId, checked.claims.reference);
  const { rows } = await db.execute<{ used: boolean }>(sql`select exists (select 1 from feedback_interaction_uses where interaction_key = ${key}) as used`);
  if (rows[0]?.used) return { ok: false, kind: "used", message: USED_MESSAGE };
  return { ok: true, claims: checked.claims, interactionKey: key };
}
