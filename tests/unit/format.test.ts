import { describe, expect, it } from "vitest";
import { formatValue } from "@/lib/measures/format";

describe("formatValue", () => {
  it("shows a dash for a missing figure, whatever the type", () => {
    for (const valueType of ["percent", "count", "score", "currency", "days", "ratio"]) {
      expect(formatValue(null, { valueType, decimals: 1 })).toBe("—");
    }
  });

  it.each([
    [88, { valueType: "percent", decimals: 1 }, "88.0%"],
    [88.04, { valueType: "percent", decimals: 1 }, "88.0%"],
    [99.95, { valueType: "percent", decimals: 2 }, "99.95%"],
    [1204, { valueType: "count", decimals: 0 }, "1,204"],
    [1234567, { valueType: "count", decimals: 0 }, "1,234,567"],
    [0, { valueType: "count", decimals: 0 }, "0"],
    [5.6, { valueType: "score", decimals: 1, scaleMax: "7.0000" }, "5.6 / 7"],
    [42, { valueType: "score", decimals: 0, scaleMax: 100 }, "42 / 100"],
    [-12.5, { valueType: "score", decimals: 1, scaleMax: "100" }, "-12.5 / 100"],
    [5.6, { valueType: "score", decimals: 1, scaleMax: null }, "5.6"],
    [5.6, { valueType: "score", decimals: 1 }, "5.6"],
    [12500, { valueType: "currency", decimals: 0 }, "£12,500"],
    [3.5, { valueType: "days", decimals: 1 }, "3.5 days"],
    [0.456, { valueType: "ratio", decimals: 2 }, "0.46"],
  ] as const)("%s with %j → %s", (value, measure, expected) => {
    expect(formatValue(value, measure)).toBe(expected);
  });

  it("pads to the measure's decimals rather than showing the stored precision", () => {
    expect(formatValue(7, { valueType: "days", decimals: 2 })).toBe("7.00 days");
    expect(formatValue(92.6667, { valueType: "percent", decimals: 0 })).toBe("93%");
  });
});
