import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "@/lib/validation/zod";
import { INTERACTION_REFERENCE } from "@/lib/validation/feedback";

/**
 * Single-use survey links (issue 15): a token that names the survey link it belongs to, the
 * interaction it was issued for (a case, a call, an email reply) and when it expires, signed with
 * HMAC-SHA-256 so that none of them can be changed. `<payload>.<signature>`, both base64url: the
 * payload is JSON and readable by whoever holds the link (so references must not be personal data),
 * the signature covers a version prefix as well, so a token of another format cannot be replayed
 * as this one. Pure: the key is passed in (lib/feedback/interaction-links.ts derives it).
 */

const VERSION = "baseline.feedback.interaction.v1";

const payloadSchema = z.object({
  l: z.number().int().positive(),
  r: z.string().regex(INTERACTION_REFERENCE),
  e: z.number().int().positive(),
});

export interface InteractionClaims {
  linkId: number;
  reference: string;
  /** Expiry, whole seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: InteractionClaims } | { ok: false; reason: "malformed" | "signature" | "expired" };

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(`${VERSION}.${payload}`).digest();

export function signInteractionToken(key: Buffer, claims: InteractionClaims): string {
  const payload = Buffer.from(JSON.stringify({ l: claims.linkId, r: claims.reference, e: claims.expiresAt })).toString("base64url");
  return `${payload}.${sign(key, payload).toString("base64url")}`;
}

/** The claims of a token this key signed, unless it was changed, is malformed or has expired at `now`. */
export function verifyInteractionToken(key: Buffer, token: string, now: Date): TokenCheck {
  if (token.length > 600) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 2 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: "malformed" };
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, "base64url");
  const expected = sign(key, payload);
  // Signature first, in constant time: nothing in an unsigned payload is read.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const claims = { linkId: parsed.data.l, reference: parsed.data.r, expiresAt: parsed.data.e };
  if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/**
 * The key a use is recorded under: one per survey link and interaction reference, whatever the
 * expiry, so issuing a second link for the same interaction does not allow a second response.
 * Keyed, so the stored value does not give the reference away.
 */
export function interactionKey(key: Buffer, linkId: number, reference: string): string {
  return createHmac("sha256", key).update(`${linkId}\n${reference}`).digest("hex");
}
