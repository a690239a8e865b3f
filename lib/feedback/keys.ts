import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Keys of the survey's anti-flooding (issue 15), derived with HKDF-SHA-256 from NEXTAUTH_SECRET,
 * one per purpose, so no new secret has to be configured and every instance derives the same keys.
 * Rotating NEXTAUTH_SECRET invalidates the single-use links already sent.
 */
export type FeedbackKeyPurpose = "interaction-token" | "interaction-key" | "address-key";

const derived = new Map<FeedbackKeyPurpose, Buffer>();

export function feedbackKey(purpose: FeedbackKeyPurpose): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", env().NEXTAUTH_SECRET, "baseline-feedback", `baseline/feedback/${purpose}`, 32));
    derived.set(purpose, key);
  }
  return key;
}

/** A keyed hash of a source address: what the per-address hold rule counts; the address itself is not stored. */
export function addressKey(address: string): string {
  return createHmac("sha256", feedbackKey("address-key")).update(address).digest("hex").slice(0, 32);
}
