import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarise, surveySample, type Answers } from "@/lib/feedback/rules";
import { averageInterval, meanInterval, meanIntervalFromSums, t975, wilsonInterval, Z95 } from "@/lib/statistics/intervals";
import {
  changeVerdict,
  poolSamples,
  quarterSample,
  sampleInterval,
  sampleKindOf,
  sampleScale,
  scaleInterval,
  summariseSample,
  type Sample,
} from "@/lib/statistics/sample";
import { compactSampleText, intervalRange, sampleSentence, tooFewText } from "@/lib/statistics/sample-text";

const r3 = (n: number) => Math.round(n * 1000) / 1000;
const proportion = (successes: number, n: number): Sample => ({ kind: "proportion", n, successes });
const meanOf = (values: number[]): Sample => ({ kind: "mean", n: values.length, sum: values.reduce((a, b) => a + b, 0), sumSquares: values.reduce((a, b) => a + b * b, 0) });

describe("a figure's sample and its 95% interval", () => {
  it("gives the Wilson reference value for 22 of 25: [0.700, 0.958], shown as 70.0–95.8% for a percentage", () => {
    const i = sampleInterval(proportion(22, 25))!;
    expect([r3(i.lower), r3(i.upper)]).toEqual([0.7, 0.958]);
    const s = summariseSample(proportion(22, 25), "percent", 30);
    expect(s).toMatchObject({ n: 25, tooFew: true, minimum: 30 });
    expect([Math.round(s.lower! * 10) / 10, Math.round(s.upper! * 10) / 10]).toEqual([70, 95.8]);
    expect(compactSampleText(s.n, { lower: s.lower!, upper: s.upper! }, { valueType: "percent", decimals: 1 })).toBe("n = 25, 95% CI 70.0–95.8%");
    expect(sampleSentence(25, { lower: s.lower!, upper: s.upper! }, { valueType: "percent", decimals: 0 })).toBe("Based on 25 responses; 95% interval 70% to 96%.");
  });

  it("a mean's interval from its count, sum and sum of squares equals the t interval of its values", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 400 }), (values) => {
        const fromSums = meanIntervalFromSums(values.length, values.reduce((a, b) => a + b, 0), values.reduce((a, b) => a + b * b, 0))!;
        const direct = meanInterval(values)!;
        expect(fromSums.estimate).toBeCloseTo(direct.estimate, 9);
        expect(fromSums.lower).toBeCloseTo(direct.lower, 9);
        expect(fromSums.upper).toBeCloseTo(direct.upper, 9);
        expect(sampleInterval(meanOf(values))).toEqual(fromSums);
      }),
    );
    expect(meanIntervalFromSums(1, 5, 25)).toBeNull();
  });

  it("a net score's interval is the multinomial one, on −1 to 1, shown × 100 for CSI", () => {
    const net: Sample = { kind: "net", n: 100, positive: 60, negative: 20 };
    const i = sampleInterval(net)!;
    expect(r3(i.estimate)).toBe(0.4);
    expect(r3(i.upper - i.estimate)).toBe(r3(1.96 * Math.sqrt((0.8 - 0.16) / 100)));
    expect(sampleScale("net", "score")).toBe(100);
    expect(scaleInterval(i, 100).estimate).toBe(40);
    expect(intervalRange(-12, 8, { valueType: "score", decimals: 0 })).toBe("-12 to 8");
  });

  it("knows which measures are estimated from a sample", () => {
    expect(sampleKindOf({ feedbackMetric: "csat", sampleBased: false })).toBe("proportion");
    expect(sampleKindOf({ feedbackMetric: "ces", sampleBased: false })).toBe("mean");
    expect(sampleKindOf({ feedbackMetric: "csi", sampleBased: true })).toBe("net");
    expect(sampleKindOf({ feedbackMetric: null, sampleBased: true })).toBe("proportion");
    expect(sampleKindOf({ feedbackMetric: null, sampleBased: false })).toBeNull();
  });

  it("flags a sample below the minimum, and says so", () => {
    expect(summariseSample(proportion(22, 25), "percent", 25).tooFew).toBe(false);
    expect(summariseSample(proportion(22, 25), "percent", 26).tooFew).toBe(true);
    expect(tooFewText(30)).toBe("Too few responses (fewer than 30)");
  });
});

describe("the survey sample (twin of the SQL) agrees with the month's figures", () => {
  const answers = fc.array(fc.record({ csat: fc.integer({ min: 1, max: 5 }), ces: fc.integer({ min: 1, max: 7 }), csi: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 200 });
  it("CSAT, CES and CSI from the sample are the figures summarise gives", () => {
    fc.assert(
      fc.property(answers, (rs: Answers[]) => {
        const s = surveySample(rs);
        const f = summarise(rs);
        expect(s.n).toBe(f.responses);
        expect(s.satisfied).toBe(f.satisfied);
        expect(Math.round((s.sum / s.n) * 10_000) / 10_000).toBe(f.ces);
        expect(Math.round(((s.positive - s.negative) * 100 * 10_000) / s.n) / 10_000).toBe(f.csi);
      }),
    );
  });
});

describe("a quarter's sample, by the measure's rule", () => {
  it("ratio: the months pooled, Wilson on all the quarter's responses", () => {
    const q = quarterSample("ratio", [proportion(40, 50), proportion(30, 40), proportion(20, 30)])!;
    expect(q.n).toBe(120);
    expect(q.interval).toEqual(wilsonInterval(90, 120));
    expect(q.pooled).toEqual(proportion(90, 120));
  });

  it("last: the last month's", () => {
    const q = quarterSample("last", [proportion(40, 50), proportion(9, 10)])!;
    expect(q.n).toBe(10);
    expect(q.interval).toEqual(wilsonInterval(9, 10));
  });

  it("mean: the average of the months with √(Σ se²)/k, t on Welch–Satterthwaite df for a mean", () => {
    const a = meanOf([4, 5, 6, 5, 5]);
    const b = meanOf([2, 7, 3, 6, 4, 5, 1]);
    const q = quarterSample("mean", [a, b])!;
    expect(q.n).toBe(12);
    const se = (s: Extract<Sample, { kind: "mean" }>) => Math.sqrt((s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1) / s.n);
    const [sa, sb] = [se(a as Extract<Sample, { kind: "mean" }>), se(b as Extract<Sample, { kind: "mean" }>)];
    const df = (sa ** 2 + sb ** 2) ** 2 / (sa ** 4 / 4 + sb ** 4 / 6);
    const half = (t975(df) * Math.sqrt(sa ** 2 + sb ** 2)) / 2;
    expect(q.interval!.estimate).toBeCloseTo((5 + 4) / 2, 9);
    expect(q.interval!.upper - q.interval!.estimate).toBeCloseTo(half, 9);
    // Proportions and net scores use z, and stay inside their range.
    const p = quarterSample("mean", [proportion(49, 50), proportion(50, 50)])!;
    expect(p.interval!.upper).toBeLessThanOrEqual(1);
    expect(averageInterval([{ estimate: 0.5, se: 0.1, df: null }])!.upper).toBeCloseTo(0.5 + Z95 * 0.1, 9);
  });

  it("sum: the responses but no interval; a month with a figure and no sample: nothing", () => {
    expect(quarterSample("sum", [proportion(1, 2), proportion(1, 2)])).toEqual({ n: 4, interval: null, pooled: null, method: null });
    expect(quarterSample("ratio", [proportion(1, 2), null])).toBeNull();
    expect(quarterSample("ratio", [])).toBeNull();
  });

  it("pools only samples of one kind", () => {
    expect(poolSamples([proportion(1, 2), meanOf([1, 2])])).toBeNull();
    expect(poolSamples([meanOf([1, 2]), meanOf([3])])).toEqual(meanOf([1, 2, 3]));
  });
});

describe("a change between two proportions", () => {
  it("is significant or within normal variation by the two-proportion test; untested otherwise", () => {
    expect(changeVerdict(proportion(60, 100), proportion(80, 100))).toBe("significant");
    expect(changeVerdict(proportion(78, 100), proportion(80, 100))).toBe("within_normal_variation");
    expect(changeVerdict(null, proportion(80, 100))).toBeNull();
    expect(changeVerdict(meanOf([1, 2]), meanOf([3, 4]))).toBeNull();
  });
});
