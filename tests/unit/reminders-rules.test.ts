import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailure, CLAIM_LEASE_MS, claimLeaseUntil, FIRST_RETRY_MS, MAX_ATTEMPTS, MAX_RETRY_MS, retryDelayMs } from "@/lib/reminders/rules";

const MINUTE = 60_000;

describe("retryDelayMs: the wait after a failed try", () => {
  it("starts at 1 minute and doubles, at most 4 hours", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 240, 240]);
    expect(retryDelayMs(1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(1_000)).toBe(MAX_RETRY_MS);
  });

  it("never shrinks and stays within 1 minute and 4 hours", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const d = retryDelayMs(n);
        expect(d).toBeGreaterThanOrEqual(FIRST_RETRY_MS);
        expect(d).toBeLessThanOrEqual(MAX_RETRY_MS);
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it("refuses a number of tries that is not a whole number from 1", () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => retryDelayMs(n)).toThrow(RangeError);
  });
});

describe("afterFailure", () => {
  const now = new Date("2026-11-12T08:00:00Z");

  it("schedules the next try after the backoff until the last try, then gives up", () => {
    expect(afterFailure(1, now)).toEqual({ gaveUp: false, nextAttemptAt: new Date("2026-11-12T08:01:00Z") });
    expect(afterFailure(3, now)).toEqual({ gaveUp: false, nextAttemptAt: new Date("2026-11-12T08:04:00Z") });
    expect(afterFailure(MAX_ATTEMPTS - 1, now)).toEqual({ gaveUp: false, nextAttemptAt: new Date(now.getTime() + retryDelayMs(MAX_ATTEMPTS - 1)) });
    expect(afterFailure(MAX_ATTEMPTS, now)).toEqual({ gaveUp: true });
    expect(afterFailure(MAX_ATTEMPTS + 1, now)).toEqual({ gaveUp: true });
  });

  it("gives up about 8¼ hours after the first try when every try fails", () => {
    let total = 0;
    for (let n = 1; n < MAX_ATTEMPTS; n++) total += retryDelayMs(n);
    expect(total / MINUTE).toBe(495);
  });
});

describe("the claim lease", () => {
  it("outlasts the longest wait a send can take (smtp.ts: three 20-second timeouts, then each command's)", () => {
    expect(claimLeaseUntil(new Date(0)).getTime()).toBe(CLAIM_LEASE_MS);
    expect(CLAIM_LEASE_MS).toBeGreaterThan(4 * MINUTE);
  });
});
