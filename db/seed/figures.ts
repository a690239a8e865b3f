import type { SeedMeasure } from "./data/types";
import { seededRandom } from "./random";

export interface DemoFigure {
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
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

/**
 * Plausible demo figures for the given periods: a trend from demo.start to demo.end with seeded
 * noise and a few missing months. Ratio measures get whole-number numerators and denominators.
 */
export function demoFigures(m: SeedMeasure, periods: string[]): DemoFigure[] {
  const rand = seededRandom(m.code);
  const n = periods.length;
  const gaps = new Set<number>();
  while (gaps.size < Math.min(m.demo.gaps ?? 0, Math.max(n - 2, 0))) gaps.add(Math.floor(rand() * n));
  const out: DemoFigure[] = [];
  periods.forEach((period, i) => {
    const trend = m.demo.start + ((m.demo.end - m.demo.start) * i) / Math.max(n - 1, 1);
    const noisy = trend + m.demo.noise * (rand() * 2 - 1);
    if (gaps.has(i)) return;
    if (m.quarterRule === "ratio" && m.demo.denominator) {
      const denominator = Math.max(1, Math.round(m.demo.denominator * (0.8 + rand() * 0.4)));
      const share = Math.min(1, Math.max(0, noisy / 100));
      const numerator = Math.min(denominator, Math.round(denominator * share));
      // Derived exactly as the entry rules derive it (lib/entry/value-rules.ts): 4 decimal places.
      const value = Math.round((numerator / denominator) * 100 * 10_000) / 10_000;
      out.push({ period, value, numerator, denominator });
    } else {
      out.push({ period, value: clampToType(m, noisy), numerator: null, denominator: null });
    }
  });
  return out;
}
