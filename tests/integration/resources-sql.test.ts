import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { efficiencyRagSql, totalNetSql, varianceStatusSql } from "@/lib/resources/money-sql";
import { DEFAULT_TOLERANCE, efficiencyRag, totalNetPence, varianceStatus, type Tolerance } from "@/lib/resources/rules";
import { setUpTestDb } from "../support/harness";

/**
 * The money rules' SQL twins (lib/resources/money-sql.ts) agree with their TypeScript twins
 * (lib/resources/rules.ts) on generated inputs, as tests/integration/status-sql.test.ts holds
 * measure_status() equal to statusOf.
 */
const { db } = setUpTestDb({ demoData: false });

const pence = fc.integer({ min: 0, max: 9_000_000_000_000 });
const signedPence = fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 });
/** Thresholds as the setting holds them: 0–50 with up to two decimals, lower below upper. */
const tolerance: fc.Arbitrary<Tolerance> = fc
  .tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ lowerPct: Math.min(a, b) / 100, upperPct: Math.max(a, b) / 100 }));

async function statusInSql(forecast: number, budget: number, t: Tolerance): Promise<string> {
  const { rows } = await db.execute<{ s: string }>(sql`select ${varianceStatusSql(sql`${forecast}::bigint`, sql`${budget}::bigint`, t)} as s`);
  return rows[0]!.s;
}

async function ragInSql(forecast: number, target: number, t: Tolerance): Promise<string> {
  const { rows } = await db.execute<{ s: string }>(sql`select ${efficiencyRagSql(sql`${forecast}::bigint`, sql`${target}::bigint`, t)} as s`);
  return rows[0]!.s;
}

describe("varianceStatusSql agrees with varianceStatus", () => {
  it("on the boundaries of the default 2% and 5%", async () => {
    const budget = 10_000_000;
    const cases: [number, number][] = [
      [budget, budget],
      [10_200_000, budget],
      [10_200_001, budget],
      [9_800_000, budget],
      [9_799_999, budget],
      [10_500_000, budget],
      [10_500_001, budget],
      [9_500_000, budget],
      [9_499_999, budget],
      [0, 0],
      [1, 0],
      [-1, 0],
      [-10_200_000, -10_000_000],
      [-10_500_001, -10_000_000],
    ];
    for (const [forecast, b] of cases) {
      expect(await statusInSql(forecast, b, DEFAULT_TOLERANCE), `${forecast} against ${b}`).toBe(varianceStatus(forecast, b, DEFAULT_TOLERANCE));
    }
  });

  it("for any forecast, budget and tolerance", async () => {
    await fc.assert(
      fc.asyncProperty(signedPence, signedPence, tolerance, async (forecast, budget, t) => {
        expect(await statusInSql(forecast, budget, t)).toBe(varianceStatus(forecast, budget, t));
      }),
      { numRuns: 300 },
    );
  });

  it("near the thresholds, where rounding would show", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000_000 }), tolerance, fc.integer({ min: -2, max: 2 }), fc.boolean(), async (budget, t, nudge, upper) => {
        const pct = upper ? t.upperPct : t.lowerPct;
        const forecast = budget + Math.round((budget * pct) / 100) + nudge;
        expect(await statusInSql(forecast, budget, t)).toBe(varianceStatus(forecast, budget, t));
      }),
      { numRuns: 200 },
    );
  });
});

describe("efficiencyRagSql agrees with efficiencyRag", () => {
  it("on the boundaries", async () => {
    const target = 90_000_000;
    for (const forecast of [target, target * 2, 88_200_000, 88_199_999, 85_500_000, 85_499_999, 0]) {
      expect(await ragInSql(forecast, target, DEFAULT_TOLERANCE), String(forecast)).toBe(efficiencyRag(forecast, target, DEFAULT_TOLERANCE));
    }
  });

  it("for any forecast, target and tolerance", async () => {
    await fc.assert(
      fc.asyncProperty(pence, fc.integer({ min: 1, max: 9_000_000_000_000 }), tolerance, async (forecast, target, t) => {
        expect(await ragInSql(forecast, target, t)).toBe(efficiencyRag(forecast, target, t));
      }),
      { numRuns: 300 },
    );
  });
});

describe("totalNetSql agrees with totalNetPence", () => {
  it("for any budget lines, under any alias", async () => {
    await fc.assert(
      fc.asyncProperty(pence, pence, pence, async (incomePence, delPence, nonCashPence) => {
        const { rows } = await db.execute<{ b: string; x: string }>(sql`
          select ${totalNetSql()}::text as b, ${totalNetSql("ub")}::text as x
          from (select ${incomePence}::bigint as income_pence, ${delPence}::bigint as del_pence, ${nonCashPence}::bigint as non_cash_pence) b,
               (select ${incomePence}::bigint as income_pence, ${delPence}::bigint as del_pence, ${nonCashPence}::bigint as non_cash_pence) ub`);
        const expected = String(totalNetPence({ incomePence, delPence, nonCashPence }));
        expect(rows[0]!.b).toBe(expected);
        expect(rows[0]!.x).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("sums a department's lines in SQL to the same total as sumBudgets", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(pence, pence, pence), { minLength: 1, maxLength: 12 }), async (lines) => {
        const values = sql.join(
          lines.map(([i, d, n]) => sql`(${i}::bigint, ${d}::bigint, ${n}::bigint)`),
          sql`, `,
        );
        const { rows } = await db.execute<{ t: string }>(sql`
          select sum(${totalNetSql()})::text as t from (values ${values}) as b(income_pence, del_pence, non_cash_pence)`);
        const expected = lines.reduce((t, [i, d, n]) => t + totalNetPence({ incomePence: i, delPence: d, nonCashPence: n }), 0);
        expect(rows[0]!.t).toBe(String(expected));
      }),
      { numRuns: 100 },
    );
  });
});
