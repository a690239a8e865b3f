import { describe, expect, it } from "vitest";
import { needsTouch, SESSION_TOUCH_SECONDS, sessionState, SIGN_IN_DELAY, signInDelaySchedule, signInDelaySeconds } from "@/lib/auth/rules";

const LIMITS = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 };
const T0 = new Date("2026-12-05T09:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("sessionState: the idle timeout and absolute lifetime", () => {
  it("is live while used within the idle timeout and the lifetime", () => {
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: null }, at(0), LIMITS)).toBe("live");
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: null }, at(30 * 60 - 1), LIMITS)).toBe("live");
    // Used a minute ago, eleven hours in.
    expect(sessionState({ createdAt: T0, lastSeenAt: at(11 * 3600 - 60), endedAt: null }, at(11 * 3600), LIMITS)).toBe("live");
  });

  it("ends after the idle timeout without use, to the second", () => {
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: null }, at(30 * 60), LIMITS)).toBe("idle_timeout");
    expect(sessionState({ createdAt: T0, lastSeenAt: at(3600), endedAt: null }, at(3600 + 30 * 60), LIMITS)).toBe("idle_timeout");
  });

  it("ends at the absolute lifetime however recently used (and says so before idleness)", () => {
    expect(sessionState({ createdAt: T0, lastSeenAt: at(12 * 3600 - 1), endedAt: null }, at(12 * 3600), LIMITS)).toBe("lifetime_reached");
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: null }, at(13 * 3600), LIMITS)).toBe("lifetime_reached");
    expect(sessionState({ createdAt: T0, lastSeenAt: at(12 * 3600 - 1), endedAt: null }, at(12 * 3600 - 2), LIMITS)).toBe("live");
  });

  it("an ended session stays ended, whatever the clock", () => {
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: at(10) }, at(11), LIMITS)).toBe("ended");
    expect(sessionState({ createdAt: T0, lastSeenAt: T0, endedAt: at(10) }, at(0), LIMITS)).toBe("ended");
  });

  it("follows the limits it is given", () => {
    const short = { idleSeconds: 60, absoluteSeconds: 120 };
    expect(sessionState({ createdAt: T0, lastSeenAt: at(50), endedAt: null }, at(109), short)).toBe("live");
    expect(sessionState({ createdAt: T0, lastSeenAt: at(50), endedAt: null }, at(110), short)).toBe("idle_timeout");
    expect(sessionState({ createdAt: T0, lastSeenAt: at(100), endedAt: null }, at(120), short)).toBe("lifetime_reached");
  });
});

describe("needsTouch: last_seen_at written at most once a minute", () => {
  it("not within the minute, then once it has passed", () => {
    expect(SESSION_TOUCH_SECONDS).toBe(60);
    expect(needsTouch(T0, at(0))).toBe(false);
    expect(needsTouch(T0, at(59))).toBe(false);
    expect(needsTouch(T0, at(60))).toBe(true);
    expect(needsTouch(T0, at(600))).toBe(true);
  });
});

describe("signInDelaySeconds: the progressive delay per account", () => {
  it("costs nothing for the first five failures", () => {
    expect(SIGN_IN_DELAY.freeFailures).toBe(5);
    for (let n = 0; n <= 5; n++) expect(signInDelaySeconds(n)).toBe(0);
  });

  it("then doubles from one second, capped at a minute", () => {
    expect([6, 7, 8, 9, 10, 11, 12, 13].map(signInDelaySeconds)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    for (const n of [14, 50, 1_000, 1_000_000, Number.MAX_SAFE_INTEGER]) expect(signInDelaySeconds(n)).toBe(60);
  });

  it("never decreases as failures add up", () => {
    for (let n = 1; n < 200; n++) expect(signInDelaySeconds(n + 1)).toBeGreaterThanOrEqual(signInDelaySeconds(n));
  });

  it("the schedule the SQL looks delays up in is the rule, up to the first capped delay", () => {
    const schedule = signInDelaySchedule();
    expect(schedule).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60]);
    schedule.forEach((d, i) => expect(d).toBe(signInDelaySeconds(i + 1)));
  });
});
