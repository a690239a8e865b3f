/**
 * Scales of the small quarterly charts in a published report (pure; unit-tested). The chart is
 * drawn as inline SVG on the server, so it prints and reads without JavaScript.
 */

/** A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) of at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= rough - 1e-12 * power) return m * power;
  return 10 * power;
}

export interface YScale {
  min: number;
  max: number;
  ticks: number[];
  /** Pixel row of a value, `top` for max and `top + height` for min. */
  y: (v: number) => number;
}

/**
 * A y scale covering every figure, target and baseline of the chart, widened to whole ticks
 * (about four intervals). Null when there is nothing to plot.
 */
export function yScale(values: (number | null | undefined)[], top: number, height: number): YScale | null {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (present.length === 0) return null;
  let lo = Math.min(...present);
  let hi = Math.max(...present);
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  // A little room below and above, so that a line at the lowest or highest tick is not drawn on the axis.
  const room = (hi - lo) * 0.04;
  lo -= room;
  hi += room;
  const step = niceStep((hi - lo) / 4);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  const span = max - min || 1;
  return { min, max, ticks, y: (v: number) => top + ((max - v) / span) * height };
}

/** Centres of `count` evenly spaced columns across [left, left + width]. */
export function columnCentres(count: number, left: number, width: number): number[] {
  if (count <= 0) return [];
  const slot = width / count;
  return Array.from({ length: count }, (_, i) => left + slot * (i + 0.5));
}

/** Decimal places a tick step needs to be shown exactly: 5 → 0, 2.5 → 1, 0.25 → 2. */
export function stepDecimals(step: number): number {
  const text = Number(step.toPrecision(6)).toString();
  if (text.includes("e")) return 4;
  return text.includes(".") ? Math.min(4, text.split(".")[1]!.length) : 0;
}
