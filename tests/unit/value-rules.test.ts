import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFigure, figureHint, isRatio, parseNumber, type FigureRule } from "@/lib/entry/value-rules";

const rule = (valueType: FigureRule["valueType"], extra: Partial<FigureRule> = {}): FigureRule => ({
  valueType,
  quarterRule: "last",
  scaleMin: null,
  scaleMax: null,
  ...extra,
});
const percent = rule("percent");
const count = rule("count", { quarterRule: "sum" });
const score = rule("score", { quarterRule: "mean", scaleMin: 1, scaleMax: 7 });
const currency = rule("currency", { quarterRule: "sum" });
const days = rule("days");
const plainRatio = rule("ratio");
/** Entered as numerator ÷ denominator, shown as a percentage (e.g. incidents resolved within SLA). */
const ratioPercent = rule("percent", { quarterRule: "ratio" });
/** Entered as numerator ÷ denominator, kept as a share of 1. */
const ratioShare = rule("ratio", { quarterRule: "ratio" });

const NOT_A_NUMBER = "Enter a number, like 95 or 95.5";
const TOO_PRECISE = "Use at most 4 decimal places";

const accepted = (m: FigureRule, value: string) => {
  const check = checkFigure(m, { value });
  if (!check.ok) throw new Error(`expected ${JSON.stringify(value)} to be accepted, got ${JSON.stringify(check.errors)}`);
  return check.value;
};
const refused = (m: FigureRule, value: string) => {
  const check = checkFigure(m, { value });
  if (check.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused, got ${check.value}`);
  return check.errors;
};

describe("parseNumber", () => {
  it.each([
    ["12", 12],
    [" 12 ", 12],
    ["0", 0],
    ["95.5", 95.5],
    ["-3.25", -3.25],
    ["1,234", 1234],
    ["1,234,567.5", 1234567.5],
    ["12 345", 12345],
    ["0.0001", 0.0001],
    ["007", 7],
  ] as const)("reads %j as %s", (raw, n) => {
    expect(parseNumber(raw)).toEqual({ n });
  });

  it("reads -0 as plain 0, never negative zero", () => {
    const parsed = parseNumber("-0");
    expect(parsed).toEqual({ n: 0 });
    expect(Object.is((parsed as { n: number }).n, -0)).toBe(false);
    expect(Object.is((parseNumber("-0.000") as { n: number }).n, -0)).toBe(false);
  });

  it.each([null, undefined, "", "   ", "\t\n"])("reads %j as empty", (raw) => {
    expect(parseNumber(raw)).toEqual({ n: null });
  });

  it.each(["abc", "1e3", "1E3", "0x10", "Infinity", "NaN", "12a", "1.2.3", ".5", "5.", "+5", "--1", "£12", "12 kg", "%"])("refuses %j", (raw) => {
    expect(parseNumber(raw)).toEqual({ error: NOT_A_NUMBER });
  });

  it("refuses a separator that is not a thousands separator, rather than dropping it", () => {
    // "12,5" (a decimal comma) must not become 125.
    for (const raw of ["12,5", "1,5", "1,23", "1,2345", "12 5", "1,234,56", ",123", "123,"]) expect(parseNumber(raw)).toEqual({ error: NOT_A_NUMBER });
  });

  it("allows a trailing % only when asked", () => {
    expect(parseNumber("95%")).toEqual({ error: NOT_A_NUMBER });
    expect(parseNumber("95%", true)).toEqual({ n: 95 });
    expect(parseNumber(" 95.5 % ", true)).toEqual({ n: 95.5 });
    expect(parseNumber("95%%", true)).toEqual({ error: NOT_A_NUMBER });
    expect(parseNumber("%95", true)).toEqual({ error: NOT_A_NUMBER });
  });

  it("allows at most 4 decimal places", () => {
    expect(parseNumber("1.2345")).toEqual({ n: 1.2345 });
    expect(parseNumber("1.23456")).toEqual({ error: TOO_PRECISE });
    expect(parseNumber("0.00001")).toEqual({ error: TOO_PRECISE });
    // Trailing zeros still count as places typed.
    expect(parseNumber("1.00000")).toEqual({ error: TOO_PRECISE });
  });

  it("refuses numbers the database cannot hold (numeric(14,4))", () => {
    expect(parseNumber("9999999999.9999")).toEqual({ n: 9999999999.9999 });
    expect(parseNumber("10000000000")).toEqual({ error: "That number is too large" });
    expect(parseNumber("-10000000000")).toEqual({ error: "That number is too large" });
  });
});

describe("checkFigure: percent", () => {
  it.each([
    ["0", 0],
    ["100", 100],
    ["99.9999", 99.9999],
    ["95%", 95],
    [" 12 ", 12],
    ["-0", 0],
  ] as const)("accepts %j as %s", (raw, value) => {
    expect(accepted(percent, raw)).toBe(value);
  });

  it.each(["100.0001", "101", "-0.0001", "-1", "1,234"])("refuses %j as outside 0–100", (raw) => {
    expect(refused(percent, raw)).toEqual({ value: "Enter a percentage between 0 and 100" });
  });

  it.each([
    ["abc", NOT_A_NUMBER],
    ["1e3", NOT_A_NUMBER],
    ["12.34567", TOO_PRECISE],
  ])("refuses %j: %s", (raw, message) => {
    expect(refused(percent, raw)).toEqual({ value: message });
  });

  it("treats an empty field as no figure", () => {
    expect(checkFigure(percent, { value: "" })).toEqual({ ok: true, empty: true, value: null, numerator: null, denominator: null });
    expect(checkFigure(percent, {})).toEqual({ ok: true, empty: true, value: null, numerator: null, denominator: null });
    expect(checkFigure(percent, { value: null })).toMatchObject({ ok: true, empty: true });
  });

  it("ignores a numerator and denominator sent for a measure that is not a ratio", () => {
    expect(checkFigure(percent, { value: "50", numerator: "abc", denominator: "0" })).toEqual({ ok: true, empty: false, value: 50, numerator: null, denominator: null });
  });
});

describe("checkFigure: count", () => {
  it.each([
    ["0", 0],
    ["1,234", 1234],
    ["12", 12],
    ["12.0", 12],
    ["-0", 0],
  ] as const)("accepts %j as %s", (raw, value) => {
    expect(accepted(count, raw)).toBe(value);
  });

  it.each(["-1", "1.5", "0.0001", "-0.5"])("refuses %j: not a whole number of 0 or more", (raw) => {
    expect(refused(count, raw)).toEqual({ value: "Enter a whole number of 0 or more" });
  });

  it("does not take a % sign", () => {
    expect(refused(count, "95%")).toEqual({ value: NOT_A_NUMBER });
  });
});

describe("checkFigure: score", () => {
  it.each([
    ["1", 1],
    ["7", 7],
    ["5.6", 5.6],
  ] as const)("accepts %j on a 1–7 scale", (raw, value) => {
    expect(accepted(score, raw)).toBe(value);
  });

  it.each(["0", "0.9999", "7.0001", "8", "-1"])("refuses %j outside the 1–7 scale", (raw) => {
    expect(refused(score, raw)).toEqual({ value: "Enter a score between 1 and 7" });
  });
});

describe("checkFigure: currency, days, plain ratio", () => {
  it.each([
    ["1250.50", 1250.5],
    ["19.99", 19.99],
    ["0.29", 0.29],
    ["0.07", 0.07],
    ["1.15", 1.15],
    ["1,250", 1250],
    ["-12.5", -12.5],
    ["9999999999.99", 9999999999.99],
  ] as const)("currency accepts %j (pounds and pence, whatever floating point makes of it)", (raw, value) => {
    expect(accepted(currency, raw)).toBe(value);
  });

  it.each(["12.505", "0.001", "1.2345"])("currency refuses %j (part of a penny)", (raw) => {
    expect(refused(currency, raw)).toEqual({ value: "Enter an amount in pounds and pence, like 1250.50" });
  });

  it("days and plain ratios take any number of 0 or more", () => {
    expect(accepted(days, "3.5")).toBe(3.5);
    expect(accepted(days, "0")).toBe(0);
    expect(refused(days, "-0.5")).toEqual({ value: "Enter a number of 0 or more" });
    expect(accepted(plainRatio, "1.25")).toBe(1.25);
    expect(refused(plainRatio, "-1")).toEqual({ value: "Enter a number of 0 or more" });
  });
});

describe("checkFigure: ratio measures (numerator ÷ denominator)", () => {
  it("derives a percentage to 4 decimal places", () => {
    expect(checkFigure(ratioPercent, { numerator: "5", denominator: "6" })).toEqual({ ok: true, empty: false, value: 83.3333, numerator: 5, denominator: 6 });
    expect(checkFigure(ratioPercent, { numerator: "2", denominator: "3" })).toMatchObject({ ok: true, value: 66.6667 });
    expect(checkFigure(ratioPercent, { numerator: "0", denominator: "6" })).toMatchObject({ ok: true, value: 0 });
    expect(checkFigure(ratioPercent, { numerator: "6", denominator: "6" })).toMatchObject({ ok: true, value: 100 });
    expect(checkFigure(ratioPercent, { numerator: "1,000", denominator: "1,050" })).toMatchObject({ ok: true, value: 95.2381, numerator: 1000, denominator: 1050 });
  });

  it("derives a share of 1 when the measure is not a percentage", () => {
    expect(checkFigure(ratioShare, { numerator: "1", denominator: "3" })).toEqual({ ok: true, empty: false, value: 0.3333, numerator: 1, denominator: 3 });
  });

  it("ignores a value typed for a ratio measure: the parts decide", () => {
    expect(checkFigure(ratioPercent, { value: "12", numerator: "1", denominator: "2" })).toMatchObject({ ok: true, value: 50 });
  });

  it("is empty when both parts are empty", () => {
    expect(checkFigure(ratioPercent, { numerator: "", denominator: " " })).toEqual({ ok: true, empty: true, value: null, numerator: null, denominator: null });
    expect(checkFigure(ratioPercent, {})).toMatchObject({ ok: true, empty: true });
  });

  it("asks for the missing half of a half-filled ratio", () => {
    expect(checkFigure(ratioPercent, { numerator: "", denominator: "6" })).toEqual({ ok: false, errors: { numerator: "Enter the numerator as well as the denominator" } });
    expect(checkFigure(ratioPercent, { numerator: "5", denominator: "" })).toEqual({ ok: false, errors: { denominator: "Enter the denominator as well as the numerator" } });
  });

  it("refuses a denominator of 0 or less", () => {
    expect(checkFigure(ratioPercent, { numerator: "0", denominator: "0" })).toEqual({ ok: false, errors: { denominator: "The denominator must be more than 0" } });
    expect(checkFigure(ratioPercent, { numerator: "0", denominator: "-2" })).toEqual({ ok: false, errors: { denominator: "The denominator must be more than 0" } });
  });

  it("refuses a negative numerator, and reports both parts at once", () => {
    expect(checkFigure(ratioPercent, { numerator: "-1", denominator: "6" })).toEqual({ ok: false, errors: { numerator: "Enter a number of 0 or more" } });
    expect(checkFigure(ratioPercent, { numerator: "-1", denominator: "0" })).toEqual({
      ok: false,
      errors: { numerator: "Enter a number of 0 or more", denominator: "The denominator must be more than 0" },
    });
  });

  it("refuses a numerator larger than the denominator", () => {
    expect(checkFigure(ratioPercent, { numerator: "7", denominator: "6" })).toEqual({ ok: false, errors: { numerator: "The numerator cannot be larger than the denominator" } });
    expect(checkFigure(ratioPercent, { numerator: "6.0001", denominator: "6" })).toMatchObject({ ok: false, errors: { numerator: expect.any(String) } });
  });

  it("reports text in either part as not a number, and does not take a % sign", () => {
    expect(checkFigure(ratioPercent, { numerator: "five", denominator: "six" })).toEqual({ ok: false, errors: { numerator: NOT_A_NUMBER, denominator: NOT_A_NUMBER } });
    expect(checkFigure(ratioPercent, { numerator: "50%", denominator: "100" })).toEqual({ ok: false, errors: { numerator: NOT_A_NUMBER } });
    expect(checkFigure(ratioPercent, { numerator: "1.23456", denominator: "6" })).toEqual({ ok: false, errors: { numerator: TOO_PRECISE } });
  });

  it("isRatio is decided by the quarter rule", () => {
    expect(isRatio(ratioPercent)).toBe(true);
    expect(isRatio(ratioShare)).toBe(true);
    expect(isRatio(percent)).toBe(false);
    expect(isRatio(plainRatio)).toBe(false);
  });
});

describe("figureHint", () => {
  it.each([
    [percent, "A percentage from 0 to 100."],
    [count, "A whole number."],
    [score, "A score from 1 to 7."],
    [currency, "An amount in pounds."],
    [days, "A number of days."],
    [plainRatio, "A ratio of 0 or more."],
    [ratioPercent, "Enter the numerator and denominator; the percentage is worked out for you."],
    [ratioShare, "Enter the numerator and denominator."],
  ] as const)("%o → %j", (m, hint) => {
    expect(figureHint(m)).toBe(hint);
  });
});

describe("properties", () => {
  /** Decimal strings as a person types them: 0–100 with up to 4 places. */
  const percentText = fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9999 }))
    .filter(([whole, places, frac]) => whole < 100 || places === 0 || frac === 0)
    .map(([whole, places, frac]) => (places === 0 ? String(whole) : `${whole}.${String(frac % 10 ** places).padStart(places, "0")}`));

  it("any percentage written within 0–100 (up to 4 places, with or without %) round-trips to the same number", () => {
    fc.assert(
      fc.property(percentText, fc.boolean(), fc.constantFrom("", " ", "  "), (text, withSign, pad) => {
        const check = checkFigure(percent, { value: `${pad}${text}${withSign ? "%" : ""}${pad}` });
        expect(check).toEqual({ ok: true, empty: false, value: Number(text), numerator: null, denominator: null });
        // And the stored number, written back as the form shows it, reads the same again.
        expect(checkFigure(percent, { value: String(Number(text)) })).toMatchObject({ ok: true, value: Number(text) });
      }),
    );
  });

  it("any number above 100 or below 0 is refused as a percentage", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 100.0001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -0.0001, noNaN: true })), (n) => {
        const text = n.toFixed(4);
        expect(checkFigure(percent, { value: text }).ok).toBe(false);
      }),
    );
  });

  it("a ratio's derived value is always within 0–100 for a percentage measure, and matches n ÷ d to 4 places", () => {
    const part = fc.integer({ min: 0, max: 99_999_999 }).chain((scaled) => fc.constantFrom(String(scaled), (scaled / 10_000).toFixed(4)));
    fc.assert(
      fc.property(part, part, (a, b) => {
        const [num, den] = Number(a) <= Number(b) ? [a, b] : [b, a];
        const check = checkFigure(ratioPercent, { numerator: num, denominator: den });
        if (Number(den) === 0) {
          expect(check.ok).toBe(false);
          return;
        }
        if (!check.ok) throw new Error(`refused ${num} ÷ ${den}: ${JSON.stringify(check.errors)}`);
        expect(check.value).toBeGreaterThanOrEqual(0);
        expect(check.value).toBeLessThanOrEqual(100);
        expect(Math.abs(check.value! - (Number(num) / Number(den)) * 100)).toBeLessThanOrEqual(0.00005 + 1e-9);
        // At most 4 decimal places, as stored.
        expect(Math.round(check.value! * 10_000) / 10_000).toBe(check.value);
      }),
    );
  });

  it("checkFigure never throws, whatever is typed", () => {
    const anyText = fc.option(fc.string({ maxLength: 30 }), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom(percent, count, score, currency, days, plainRatio, ratioPercent, ratioShare), anyText, anyText, anyText, (m, value, numerator, denominator) => {
        const check = checkFigure(m, { value, numerator, denominator });
        if (check.ok && !check.empty) expect(Number.isFinite(check.value)).toBe(true);
      }),
    );
  });

  it("whole numbers written with thousands separators read the same as without", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (n) => {
        const grouped = n.toLocaleString("en-GB");
        expect(checkFigure(count, { value: grouped })).toMatchObject({ ok: true, value: n });
      }),
    );
  });
});
