import { describe, expect, it } from "vitest";
import { addMonths, format, parseISO } from "date-fns";
import type { Direction } from "@/lib/enums";
import { buildXmrSeries } from "@/lib/statistics/series";
import { specialCauseOf, spcWindow } from "@/lib/statistics/special-cause";

/*
 * One rule, two homes: the dashboards' and review pack's "special-cause variation" flag
 * (special-cause.ts, over a bounded window read in SQL) must say what the measure page's XmR
 * summary (series.ts, over the whole series) says about the latest figure, with gaps and breaks.
 */

function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const month = (start: string, i: number) => format(addMonths(parseISO(start), i), "yyyy-MM-dd");

describe("special-cause flag and the measure page's variation summary", () => {
  it("agree on 2,000 generated series with gaps, shifts, trends and breaks", () => {
    const rand = rng(18);
    const directions: Direction[] = ["higher_better", "lower_better", "neither"];
    for (let c = 0; c < 2000; c++) {
      const length = 4 + Math.floor(rand() * 40);
      const shiftAt = Math.floor(rand() * length);
      const trend = rand() < 0.2 ? (rand() - 0.5) * 2 : 0;
      const figures = Array.from({ length }, (_, i) => ({
        period: month("2022-01-01", i),
        value: rand() < 0.08 && i !== length - 1 ? null : Math.round((50 + (i >= shiftAt ? 6 : 0) + trend * i + (rand() - 0.5) * 8) * 10) / 10,
      }));
      const breaks = rand() < 0.3 ? [{ period: month("2022-01-01", 1 + Math.floor(rand() * (length - 1))), reason: "changed" }] : [];
      const direction = directions[c % 3]!;
      const last = figures.at(-1)!.period;

      const page = buildXmrSeries({ figures, breaks, annotations: [], direction, target: null }).variation.kind;
      const present = figures.filter((f) => f.value !== null).map((f) => ({ period: f.period, value: f.value! }));
      const flag = specialCauseOf(spcWindow(present, breaks.map((b) => b.period), last), last, direction);
      const expected = page === "improving" || page === "concerning" || page === "neither" ? page : null;
      expect(flag?.kind ?? null, `case ${c}: ${JSON.stringify({ figures, breaks, direction })}`).toBe(expected);
    }
  });
});
