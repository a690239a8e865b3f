import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isDueIn, storedAt } from "@/lib/entry/periods";
import { countingPeriod, periodTypeOf, targetInForce, type Frequency } from "@/lib/measures/figure-rules";
import { countingPeriodSql, dueInSql, periodTypeSql, storedPeriodSql, targetInForceJoin } from "@/lib/measures/figure-sql";
import { inRollback } from "../support/rollback";
import { setUpTestDb } from "../support/harness";

/** "Which figure counts for a month" and "the target in force": each SQL fragment = its TypeScript twin. */
const { db } = setUpTestDb({ demoData: false });


const month = fc.record({ y: fc.integer({ min: 2015, max: 2035 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}-01`);
const frequency = fc.constantFrom<Frequency>("monthly", "quarterly");

describe("figure rules: SQL fragment = TypeScript twin", () => {
  it("the period that counts, the period stored at, the period type and whether it falls due", async () => {
    await fc.assert(
      fc.asyncProperty(frequency, month, async (f, mo) => {
        const { rows } = await db.execute<{ counting: string; stored: string; type: string; due: boolean }>(sql`
          select to_char(${countingPeriodSql(sql`${mo}::date`)}, 'YYYY-MM-DD') as counting,
                 to_char(${storedPeriodSql(sql`${mo}::date`)}, 'YYYY-MM-DD') as stored, ${periodTypeSql()}::text as type,
                 ${dueInSql(sql`${mo}::date`)} as due
          from (select ${f}::frequency as frequency) m`);
        expect(rows[0]).toEqual({ counting: countingPeriod(f, mo), stored: storedAt(f, mo), type: periodTypeOf(f), due: isDueIn(f, mo) });
      }),
      { numRuns: 200 },
    );
  });

  it("the target in force for a period", async () => {
    const targets = fc.uniqueArray(fc.record({ effectiveFrom: month, value: fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100), { nil: null }) }), {
      selector: (t) => t.effectiveFrom,
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(targets, month, async (ts, period) => {
        const got = await inRollback(db, async (tx) => {
          const { rows: unit } = await tx.execute<{ id: number }>(
            sql`insert into org_units (slug, name, short_name, kind) values ('figure-sql-test', 'Figure test', 'FT', 'department') returning id`,
          );
          const { rows: measure } = await tx.execute<{ id: number }>(sql`
            insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source)
            values ('FT-1', 'Test', ${unit[0]!.id}, 'service', 'percent', 'higher_better', 'mean', 'test') returning id`);
          for (const t of ts) {
            await tx.execute(sql`insert into measure_targets (measure_id, effective_from, target_value) values (${measure[0]!.id}, ${t.effectiveFrom}::date, ${t.value})`);
          }
          const { rows } = await tx.execute<{ v: string | null }>(
            sql`select t.target_value::text as v from measures m ${targetInForceJoin(sql`${period}::date`)} where m.id = ${measure[0]!.id}`,
          );
          return rows[0]!.v === null ? null : Number(rows[0]!.v);
        });
        expect(got).toBe(targetInForce(ts, period));
      }),
      { numRuns: 150 },
    );
  });
});
