import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FEEDBACK_REVIEW_STATES } from "@/lib/enums";
import { HOLD_RULE, isCounted, linkBurstThreshold, screenOpenResponse, type HoldRule } from "@/lib/feedback/rules";
import { interactionKey, signInteractionToken, verifyInteractionToken } from "@/lib/feedback/signed-token";
import { interactionLinksCsv } from "@/lib/feedback/snippet";
import { issueLinksInput, moderateInput } from "@/lib/validation/feedback";

const rule: HoldRule = { address: { max: 3, windowMinutes: 60 }, link: { windowMinutes: 60, factor: 5, floor: 20, baselineDays: 28 } };
const quiet = { fromAddress: 0, onLink: 0, linkBaseline: 0 };

describe("the hold rule for open-link responses (issue 15)", () => {
  it("counts a response at the normal rate", () => {
    expect(screenOpenResponse(quiet, rule)).toEqual({ state: "counted" });
    expect(screenOpenResponse({ fromAddress: 2, onLink: 19, linkBaseline: 0 }, rule)).toEqual({ state: "counted" });
  });

  it("holds the response that takes one address over its allowance in the window", () => {
    expect(screenOpenResponse({ ...quiet, fromAddress: 3 }, rule)).toEqual({ state: "held", reason: "address_rate" });
  });

  it("holds the response that takes a link over max(floor, normal hourly rate × factor)", () => {
    expect(screenOpenResponse({ ...quiet, onLink: 20 }, rule)).toEqual({ state: "held", reason: "link_burst" });
    // 28 days × 24 h at 10 an hour: the normal hour is 10, so up to 50 in an hour count.
    const busy = 10 * 28 * 24;
    expect(linkBurstThreshold(busy, rule.link)).toBe(50);
    expect(screenOpenResponse({ ...quiet, onLink: 49, linkBaseline: busy }, rule)).toEqual({ state: "counted" });
    expect(screenOpenResponse({ ...quiet, onLink: 50, linkBaseline: busy }, rule)).toEqual({ state: "held", reason: "link_burst" });
  });

  it("never refuses: every input is counted or held, and more arrivals never turn a hold into a count", () => {
    const counts = fc.record({ fromAddress: fc.nat(1000), onLink: fc.nat(5000), linkBaseline: fc.nat(100_000) });
    fc.assert(
      fc.property(counts, fc.nat(50), fc.nat(50), (c, moreAddress, moreLink) => {
        const first = screenOpenResponse(c, HOLD_RULE);
        expect(["counted", "held"]).toContain(first.state);
        if (first.state === "held") {
          expect(screenOpenResponse({ ...c, fromAddress: c.fromAddress + moreAddress, onLink: c.onLink + moreLink }, HOLD_RULE).state).toBe("held");
        }
      }),
    );
  });

  it("the link threshold is never below the floor and grows with the normal rate", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        expect(linkBurstThreshold(a)).toBeGreaterThanOrEqual(HOLD_RULE.link.floor);
        if (a <= b) expect(linkBurstThreshold(a)).toBeLessThanOrEqual(linkBurstThreshold(b));
      }),
    );
  });

  it("counts counted and accepted responses only", () => {
    expect(FEEDBACK_REVIEW_STATES.filter(isCounted)).toEqual(["counted", "accepted"]);
  });
});

describe("single-use link tokens", () => {
  const key = Buffer.alloc(32, 7);
  const now = new Date("2026-12-05T10:00:00Z");
  const claims = { linkId: 12, reference: "CASE-2026/00123", expiresAt: Math.floor(now.getTime() / 1000) + 3600 };

  it("verifies what it signed", () => {
    const token = signInteractionToken(key, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyInteractionToken(key, token, now)).toEqual({ ok: true, claims });
  });

  it("refuses an expired token, one signed with another key, and any change to payload or signature", () => {
    const token = signInteractionToken(key, claims);
    expect(verifyInteractionToken(key, token, new Date((claims.expiresAt + 1) * 1000))).toEqual({ ok: false, reason: "expired" });
    expect(verifyInteractionToken(Buffer.alloc(32, 8), token, now)).toEqual({ ok: false, reason: "signature" });
    const [payload, signature] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ l: 13, r: claims.reference, e: claims.expiresAt })).toString("base64url");
    expect(verifyInteractionToken(key, `${forged}.${signature}`, now)).toEqual({ ok: false, reason: "signature" });
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(..."ABCabc012-_"), (at, ch) => {
        const changed = token.slice(0, at) + ch + token.slice(at + 1);
        fc.pre(changed !== token && token[at] !== ".");
        const r = verifyInteractionToken(key, changed, now);
        // base64url's last character can carry unused bits: a change there may decode to the same bytes.
        if (r.ok) expect(Buffer.from(changed.split(".")[0]!, "base64url").equals(Buffer.from(payload, "base64url")) && Buffer.from(changed.split(".")[1]!, "base64url").equals(Buffer.from(signature, "base64url"))).toBe(true);
      }),
    );
    for (const bad of ["", "abc", "a.b.c", `${payload}.`, "💥.💥", "x".repeat(700)]) expect(verifyInteractionToken(key, bad, now).ok).toBe(false);
  });

  it("keys a use by link and reference, whatever the expiry", () => {
    expect(interactionKey(key, 12, "CASE-1")).toBe(interactionKey(key, 12, "CASE-1"));
    expect(interactionKey(key, 12, "CASE-1")).not.toBe(interactionKey(key, 13, "CASE-1"));
    expect(interactionKey(key, 12, "CASE-1")).not.toBe(interactionKey(key, 12, "CASE-2"));
    expect(interactionKey(key, 12, "CASE-1")).not.toContain("CASE");
  });
});

describe("issuing and moderating: inputs", () => {
  it("takes one reference a line, drops blanks and repeats, and names bad ones", () => {
    expect(issueLinksInput.parse({ linkId: "3", references: "CASE-1\r\n\n CASE-2 \nCASE-1", days: "" })).toEqual({ linkId: 3, references: ["CASE-1", "CASE-2"], days: 30 });
    const bad = issueLinksInput.safeParse({ linkId: "3", references: "CASE 1\njo@example.je", days: "400" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(messages.references).toMatch(/"CASE 1", "jo@example.je"/);
    expect(messages.days).toBe("Enter a whole number of days from 1 to 365");
    expect(issueLinksInput.safeParse({ linkId: "3", references: " \n ", days: "30" }).error!.issues[0]!.message).toBe("Enter at least one interaction reference");
    expect(issueLinksInput.safeParse({ linkId: "3", references: Array.from({ length: 501 }, (_, i) => `C${i}`).join("\n") }).success).toBe(false);
  });

  it("reads the selected rows of the moderation form", () => {
    expect(moderateInput.parse({ decision: "accept", response_4: "on", response_9: "on", other: "x" })).toEqual({ decision: "accept", responseIds: [4, 9] });
    expect(moderateInput.safeParse({ decision: "accept" }).error!.issues[0]!.message).toBe("Select at least one response");
    expect(moderateInput.safeParse({ decision: "delete", response_1: "on" }).success).toBe(false);
  });

  it("writes the issued links as CSV with full addresses", () => {
    const csv = interactionLinksCsv("https://baseline.gov.je/", [{ reference: "CASE-1", path: "/feedback/abc?i=x.y", expiresAt: "2027-01-04T10:00:00.000Z" }]);
    expect(csv).toBe("reference,link,expires\r\nCASE-1,https://baseline.gov.je/feedback/abc?i=x.y,2027-01-04T10:00:00.000Z\r\n");
  });
});
