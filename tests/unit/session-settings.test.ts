import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "s".repeat(32) };

describe("BASELINE_SESSION_IDLE_MINUTES and BASELINE_SESSION_MAX_HOURS", () => {
  it("default to 30 minutes idle and 12 hours in all", () => {
    expect(parseEnv(base)).toMatchObject({ BASELINE_SESSION_IDLE_MINUTES: 30, BASELINE_SESSION_MAX_HOURS: 12 });
  });

  it("take whole numbers within their ranges", () => {
    expect(parseEnv({ ...base, BASELINE_SESSION_IDLE_MINUTES: "15", BASELINE_SESSION_MAX_HOURS: "8" })).toMatchObject({
      BASELINE_SESSION_IDLE_MINUTES: 15,
      BASELINE_SESSION_MAX_HOURS: 8,
    });
    expect(parseEnv({ ...base, BASELINE_SESSION_IDLE_MINUTES: "1440", BASELINE_SESSION_MAX_HOURS: "168" })).toMatchObject({ BASELINE_SESSION_IDLE_MINUTES: 1440 });
  });

  it("refuse anything else, naming the variable", () => {
    for (const value of ["0", "off", "-1", "", "1.5", "1e3", " 30", "1441"]) {
      expect(() => parseEnv({ ...base, BASELINE_SESSION_IDLE_MINUTES: value })).toThrow(/BASELINE_SESSION_IDLE_MINUTES must be a whole number from 1 to 1440/);
    }
    for (const value of ["0", "never", "169", "12h"]) {
      expect(() => parseEnv({ ...base, BASELINE_SESSION_MAX_HOURS: value })).toThrow(/BASELINE_SESSION_MAX_HOURS must be a whole number from 1 to 168/);
    }
  });

  it("refuse an idle timeout longer than the absolute lifetime", () => {
    expect(() => parseEnv({ ...base, BASELINE_SESSION_IDLE_MINUTES: "120", BASELINE_SESSION_MAX_HOURS: "1" })).toThrow(
      /BASELINE_SESSION_IDLE_MINUTES must not be longer than BASELINE_SESSION_MAX_HOURS/,
    );
    expect(parseEnv({ ...base, BASELINE_SESSION_IDLE_MINUTES: "60", BASELINE_SESSION_MAX_HOURS: "1" }).BASELINE_SESSION_IDLE_MINUTES).toBe(60);
  });
});
