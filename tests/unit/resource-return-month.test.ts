import { describe, expect, it } from "vitest";
import { resolveReturnMonth } from "@/lib/resources/return-month";

const now = new Date(2026, 11, 5, 12); // 5 December 2026

describe("resolveReturnMonth", () => {
  it("defaults to the last completed month", () => {
    expect(resolveReturnMonth(undefined, now)).toMatchObject({ month: "2026-11-01", refused: null });
    expect(resolveReturnMonth("nonsense", now)).toMatchObject({ month: "2026-11-01", refused: null });
    expect(resolveReturnMonth(["2026-01", "2026-02"], now)).toMatchObject({ month: "2026-11-01", refused: null });
  });

  it("shows an ended month and refuses the current or a future one", () => {
    expect(resolveReturnMonth("2026-03", now)).toMatchObject({ month: "2026-03-01", refused: null });
    expect(resolveReturnMonth("2026-12", now)).toMatchObject({ month: "2026-11-01", refused: "2026-12-01" });
    expect(resolveReturnMonth("2027-05", now)).toMatchObject({ month: "2026-11-01", refused: "2027-05-01" });
  });

  it("offers the months up to the last completed one, newest first, and the one shown", () => {
    const { options } = resolveReturnMonth("2020-06", now);
    expect(options[0]).toBe("2026-11-01");
    expect(options.at(-1)).toBe("2020-06-01");
    expect(resolveReturnMonth(undefined, now).options).toHaveLength(24);
  });
});
