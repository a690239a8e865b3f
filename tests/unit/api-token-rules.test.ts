import { describe, expect, it } from "vitest";
import { expiryBounds, expiryDay, jerseyToday, tokenStatus } from "@/lib/api-tokens/rules";
import { usageExample } from "@/lib/api-tokens/usage";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/validation/api-token";

describe("API token expiry (lib/api-tokens/rules.ts)", () => {
  it("reads today as a Jersey date, across summer time", () => {
    expect(jerseyToday(new Date("2026-06-30T22:59:00Z"))).toBe("2026-06-30");
    expect(jerseyToday(new Date("2026-06-30T23:00:00Z"))).toBe("2026-07-01");
    expect(jerseyToday(new Date("2026-12-31T23:59:00Z"))).toBe("2026-12-31");
  });

  it("allows tomorrow to two years ahead, a year by default", () => {
    expect(expiryBounds("2026-03-15")).toEqual({ min: "2026-03-16", default: "2027-03-15", max: "2028-03-15" });
    // A leap day's year later is the last day of February.
    expect(expiryBounds("2028-02-29")).toEqual({ min: "2028-03-01", default: "2029-02-28", max: "2030-02-28" });
  });

  it("gives back the chosen day from the instant a token stops (the start of the next day, Jersey time)", () => {
    expect(expiryDay(new Date("2027-01-02T00:00:00Z"))).toBe("2027-01-01");
    expect(expiryDay(new Date("2027-07-01T23:00:00Z"))).toBe("2027-07-01");
  });
});

describe("tokenStatus", () => {
  const now = new Date("2026-11-10T12:00:00Z");
  const later = new Date("2027-11-11T00:00:00Z");
  it("decides in the order a presented token is refused: revoked, expired, creator disabled", () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: later, creatorActive: true }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: now, expiresAt: new Date("2020-01-01"), creatorActive: false }, now)).toBe("revoked");
    expect(tokenStatus({ revokedAt: null, expiresAt: now, creatorActive: false }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: later, creatorActive: false }, now)).toBe("creator_disabled");
  });
});

describe("the create and revoke forms (lib/validation/api-token.ts)", () => {
  const today = jerseyToday(new Date());
  const { min, max, default: inAYear } = expiryBounds(today);

  it("collects the ticked units and defaults the expiry to a year from today", () => {
    const parsed = createApiTokenInput.parse({ $ACTION_REF_1: "", name: "  Service desk  ", access: "write", unit_12: "on", unit_3: "on", expiresOn: "" });
    expect(parsed).toEqual({ name: "Service desk", access: "write", unitIds: [3, 12], expiresOn: inAYear });
  });

  it.each([
    [{ name: "", access: "read", unit_1: "on" }, "name"],
    [{ name: "x".repeat(101), access: "read", unit_1: "on" }, "name"],
    [{ name: "A", access: "admin", unit_1: "on" }, "access"],
    [{ name: "A", access: "read" }, "unitIds"],
    [{ name: "A", access: "read", unit_1: "on", expiresOn: today }, "expiresOn"],
    [{ name: "A", access: "read", unit_1: "on", expiresOn: "2026-13-01" }, "expiresOn"],
    [{ name: "A", access: "read", unit_1: "on", expiresOn: "31/12/2027" }, "expiresOn"],
  ])("refuses %j in field %s", (input, field) => {
    const result = createApiTokenInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("accepts the first and last allowed days", () => {
    for (const expiresOn of [min, max]) expect(createApiTokenInput.parse({ name: "A", access: "read", unit_1: "on", expiresOn }).expiresOn).toBe(expiresOn);
    expect(createApiTokenInput.safeParse({ name: "A", access: "read", unit_1: "on", expiresOn: expiryBounds(max).min }).success).toBe(false);
  });

  it("takes an optional reason to revoke", () => {
    expect(revokeApiTokenInput.parse({ tokenId: "7", reason: "  " })).toEqual({ tokenId: 7, reason: undefined });
    expect(revokeApiTokenInput.parse({ tokenId: "7", reason: " Replaced " })).toEqual({ tokenId: 7, reason: "Replaced" });
    expect(revokeApiTokenInput.safeParse({ tokenId: "7", reason: "x".repeat(501) }).success).toBe(false);
  });
});

it("shows a new token in a command-line example against /api/v1", () => {
  expect(usageExample("https://baseline.gov.je", "bl_abc", "md", "2026-10")).toBe(
    'curl -H "Authorization: Bearer bl_abc" "https://baseline.gov.je/api/v1/units/md/due?period=2026-10"',
  );
});
