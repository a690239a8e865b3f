import { describe, expect, it } from "vitest";
import { contributionSentence, formatMillions, payGapSentence, singularVolume, unitCostBasis, unitCostLabel } from "@/lib/resources/wording";

describe("resources wording", () => {
  it("rounds pence to £0.1m half away from zero, in integers", () => {
    expect(formatMillions(120_000_000)).toBe("£1.2m");
    expect(formatMillions(2_000_000_000)).toBe("£20m");
    expect(formatMillions(5_000_000)).toBe("£0.1m"); // £50,000: half rounds up
    expect(formatMillions(4_999_999)).toBe("£0m");
    expect(formatMillions(-125_000_000)).toBe("−£1.3m");
    expect(formatMillions(2_024_200_000)).toBe("£20.2m");
    expect(formatMillions(1_234_500_000_000)).toBe("£12,345m");
  });

  it("states a department's contribution to the government's efficiencies", () => {
    expect(contributionSentence("COO", 120_000_000, 2_000_000_000)).toBe("COO's contribution £1.2m of the Government's £20m");
  });

  it("words the gender pay gap as the plan gives it", () => {
    expect(payGapSentence(1.8, -0.2)).toBe("men paid 1.8% more than women at the median; women paid 0.2% more at the mean");
    expect(payGapSentence(-3, 2.5)).toBe("women paid 3% more than men at the median; men paid 2.5% more at the mean");
    expect(payGapSentence(0, -1)).toBe("no gap at the median; women paid 1% more than men at the mean");
  });

  it("names the unit a volume measure counts", () => {
    expect(singularVolume("IT calls logged")).toBe("IT call logged");
    expect(singularVolume("Requests received by Commercial Services")).toBe("request received by Commercial Services");
    expect(singularVolume("Calls answered")).toBe("call answered");
    expect(singularVolume("Throughput")).toBe("throughput");
    expect(unitCostLabel("IT calls logged")).toBe("cost per IT call logged");
    expect(unitCostBasis("IT calls logged")).toBe("actual net expenditure ÷ IT calls logged");
  });
});

describe("variances in words", () => {
  it("signs a variance in £'000 and says which way it goes", async () => {
    const { signedThousands, varianceWord } = await import("@/lib/resources/wording");
    expect(signedThousands(123_400_000)).toBe("+1,234");
    expect(signedThousands(-56_700_000)).toBe("−567");
    expect(signedThousands(40_000)).toBe("0");
    expect(varianceWord(1)).toBe("overspend");
    expect(varianceWord(-1)).toBe("underspend");
    expect(varianceWord(null)).toBe("");
  });
});
