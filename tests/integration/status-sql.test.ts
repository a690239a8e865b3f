import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statusOf, type Direction } from "@/lib/measures/status";
import { setUpTestDb } from "../support/harness";

const { db } = setUpTestDb({ demoData: false });

// Figures as stored: numeric with at most 4 decimal places.
const figure = fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 10_000);
const direction = fc.constantFrom<Direction>("higher_better", "lower_better", "neither");

describe("measure_status() in SQL agrees with statusOf()", () => {
  it("on the boundaries", async () => {
    const cases: [number | null, number | null, Direction, number][] = [
      [95, 95, "higher_better", 5],
      [90.25, 95, "higher_better", 5],
      [90.2499, 95, "higher_better", 5],
      [10.5, 10, "lower_better", 5],
      [10.5001, 10, "lower_better", 5],
      [0, 0, "higher_better", 5],
      [-1, -2, "lower_better", 5],
      [null, 5, "higher_better", 5],
      [5, null, "higher_better", 5],
      [5, 5, "neither", 5],
    ];
    for (const [value, target, dir, tol] of cases) {
      const { rows } = await db.execute<{ s: string }>(sql`select measure_status(${value}::numeric, ${target}::numeric, ${dir}::direction, ${tol}::numeric) as s`);
      expect(rows[0]!.s, JSON.stringify([value, target, dir, tol])).toBe(statusOf({ value, target, direction: dir, tolerancePct: tol }));
    }
  });

  it("for any stored figure, target, direction and tolerance", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(figure, { nil: null }), fc.option(figure, { nil: null }), direction, fc.integer({ min: 0, max: 2000 }).map((n) => n / 100), async (value, target, dir, tol) => {
        const { rows } = await db.execute<{ s: string }>(sql`select measure_status(${value}::numeric, ${target}::numeric, ${dir}::direction, ${tol}::numeric) as s`);
        expect(rows[0]!.s).toBe(statusOf({ value, target, direction: dir, tolerancePct: tol }));
      }),
      { numRuns: 300 },
    );
  });
});
