/**
 * Sample sizes and 95% intervals in words (pure), the same on the measure page, the department
 * page and the published report: "n = 25, 95% CI 51.3–87.0%", "Based on 25 responses; 95% interval
 * 51.3% to 87.0%". Bounds are written in the measure's decimals and unit (a % sign for percentages).
 */

const formats = new Map<number, Intl.NumberFormat>();
function number(value: number, decimals: number): string {
  let f = formats.get(decimals);
  if (!f) formats.set(decimals, (f = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f.format(value);
}

type Unit = { valueType: string; decimals: number };

/** A bound in the measure's unit: "51.3%", "5.1", "-12". */
export function boundText(value: number, m: Unit): string {
  return `${number(value, m.decimals)}${m.valueType === "percent" ? "%" : ""}`;
}

/** "51.3–87.0%" compactly; "-12 to 8" when a bound is negative (a dash would read as a minus). */
export function intervalRange(lower: number, upper: number, m: Unit): string {
  if (lower < 0 || upper < 0) return `${boundText(lower, m)} to ${boundText(upper, m)}`;
  return `${number(lower, m.decimals)}–${boundText(upper, m)}`;
}

const count = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 0 });

/** "n = 25, 95% CI 51.3–87.0%", or "n = 25" when there is no interval. */
export function compactSampleText(n: number, interval: { lower: number; upper: number } | null, m: Unit): string {
  return interval ? `n = ${count(n)}, 95% CI ${intervalRange(interval.lower, interval.upper, m)}` : `n = ${count(n)}`;
}

/** "Based on 25 responses; 95% interval 51.3% to 87.0%." (the interval left out when there is none). */
export function sampleSentence(n: number, interval: { lower: number; upper: number } | null, m: Unit): string {
  const based = `Based on ${count(n)} ${n === 1 ? "response" : "responses"}`;
  return interval ? `${based}; 95% interval ${boundText(interval.lower, m)} to ${boundText(interval.upper, m)}.` : `${based}.`;
}

/** What a public figure reads in place of its value below the minimum sample. */
export const TOO_FEW_RESPONSES = "Too few responses";

/** The flag an internal page shows beside a figure below the minimum sample: "Too few responses (fewer than 30)". */
export function tooFewText(minimum: number): string {
  return `${TOO_FEW_RESPONSES} (fewer than ${count(minimum)})`;
}
