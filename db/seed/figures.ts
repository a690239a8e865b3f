import type { SeedMeasure } from "./data/types";
import { seededRandom } from "./random";

export interface DemoFigure {
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** A figure the history must pass through exactly: the plan's baseline in its (shifted) period. */
export interface DemoAnchor {
  period: string;
  value: number;
}

function clampToType(m: SeedMeasure, v: number): number {
  let x = v;
  if (m.valueType === "percent") x = Math.min(100, Math.max(0, x));
  if (m.valueType === "score") x = Math.min(m.scaleMax ?? Infinity, Math.max(m.scaleMin ?? -Infinity, x));
  if (m.valueType === "count" || m.valueType === "days") x = Math.max(0, x);
  if (m.valueType === "count") return Math.round(x);
  const factor = 10 ** Math.max(m.decimals, 0);
  return Math.round(x * factor) / factor;
}

/** Derived exactly as the entry rules derive it (lib/entry/value-rules.ts): 4 decimal places. */
const ratioValue = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 100 * 10_000) / 10_000;

/**
 * Whole numerator and denominator that give exactly `percent` under the entry rules, with the
 * denominator as near the measure's usual volume as possible (64% of about 40 → 32/50).
 */
export function exactRatio(percent: number, typicalDenominator: number): { numerator: number; denominator: number } {
  const typical = Math.max(1, Math.round(typicalDenominator));
  for (let step = 0; step <= 100_000; step++) {
    for (const denominator of step === 0 ? [typical] : [typical + step, typical - step]) {
      if (denominator < 1) continue;
      const numerator = Math.round((denominator * percent) / 100);
      if (numerator <= denominator && ratioValue(numerator, denominator) === percent) return { numerator, denominator };
    }
  }
  throw new Error(`seed: no whole-number ratio gives ${percent}%`);
}

/**
 * The seeded period that holds a baseline: the month itself, or for a quarterly measure the quarter
 * (first month) containing it. Null when it falls outside the periods.
 */
export function anchorPeriod(baselinePeriod: string, periods: string[], quarterly: boolean): string | null {
  if (!quarterly) return periods.includes(baselinePeriod) ? baselinePeriod : null;
  const month = Number(baselinePeriod.slice(5, 7));
  const quarterStart = `${baselinePeriod.slice(0, 5)}${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
  return periods.includes(quarterStart) ? quarterStart : null;
}

/**
 * Plausible demo figures for the given periods: a trend from demo.start to demo.end with seeded
 * noise and a few missing months. Ratio measures get whole-number numerators and denominators.
 * With an anchor (the plan's baseline), the trend runs through it, the figure for its period is
 * exactly the baseline and the noise fades towards it, so the months around it do not jump.
 */
export function demoFigures(m: SeedMeasure, periods: string[], anchor?: DemoAnchor | null): DemoFigure[] {
  const rand = seededRandom(m.code);
  const n = periods.length;
  const a = anchor ? periods.indexOf(anchor.period) : -1;
  const gaps = new Set<number>();
  while (gaps.size < Math.min(m.demo.gaps ?? 0, Math.max(n - 2, 0))) {
    const g = Math.floor(rand() * n);
    if (g !== a) gaps.add(g);
  }
  const linear = (i: number) => m.demo.start + ((m.demo.end - m.demo.start) * i) / Math.max(n - 1, 1);
  const trendAt = (i: number): number => {
    if (a < 0 || !anchor) return linear(i);
    // Two straight lines meeting at the anchor: start → baseline → end.
    if (i <= a) return a === 0 ? anchor.value : m.demo.start + ((anchor.value - m.demo.start) * i) / a;
    return a === n - 1 ? anchor.value : anchor.value + ((m.demo.end - anchor.value) * (i - a)) / (n - 1 - a);
  };
  const out: DemoFigure[] = [];
  periods.forEach((period, i) => {
    const fade = a < 0 ? 1 : Math.min(1, Math.abs(i - a) / 3);
    const noisy = trendAt(i) + m.demo.noise * fade * (rand() * 2 - 1);
    if (gaps.has(i)) return;
    if (m.quarterRule === "ratio" && m.demo.denominator) {
      const denominator = Math.max(1, Math.round(m.demo.denominator * (0.8 + rand() * 0.4)));
      if (i === a && anchor) {
        out.push({ period, value: anchor.value, ...exactRatio(anchor.value, m.demo.denominator) });
        return;
      }
      const share = Math.min(1, Math.max(0, noisy / 100));
      const numerator = Math.min(denominator, Math.round(denominator * share));
      out.push({ period, value: ratioValue(numerator, denominator), numerator, denominator });
    } else {
      out.push({ period, value: i === a && anchor ? anchor.value : clampToType(m, noisy), numerator: null, denominator: null });
    }
  });
  return out;
}
