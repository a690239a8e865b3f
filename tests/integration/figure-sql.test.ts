import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMonths, parseISO } from "date-fns";
import { isDueIn, quarterStart, storedAt, toPeriod } from "@/lib/entry/periods";
import { countingPeriod, periodTypeOf, targetInForce, type Frequency } from "@/lib/measures/figure-rules";
import { countingPeriodSql, dueInSql, figureAndTargetJoins, periodTypeSql, storedPeriodSql, targetInForceJoin } from "@/lib/measures/figure-sql";
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

  it("the submitted figure that counts for a month (figureAndTargetJoins, through submittedFigureJoin)", async () => {
    // Figures of both period types and both statuses in the months around the one viewed: only the
    // submitted one of the measure's own period type for countingPeriod may be picked.
    const figure = fc.record({ back: fc.integer({ min: -1, max: 6 }), quarterly: fc.boolean(), submitted: fc.boolean(), value: fc.integer({ min: 0, max: 10_000 }) });
    const stored = (mo: string, x: { back: number; quarterly: boolean }) => {
      const m = toPeriod(addMonths(parseISO(mo), -x.back));
      return x.quarterly ? quarterStart(m) : m;
    };
    const figures = fc.uniqueArray(figure, { selector: (x) => `${x.quarterly}:${x.back}`, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(frequency, figures, month, async (f, generated, mo) => {
        // Two generated figures may land on one quarter: keep the first (one figure a period, as stored).
        const fs = generated.filter((x, i) => generated.findIndex((y) => y.quarterly === x.quarterly && stored(mo, y) === stored(mo, x)) === i);
        const got = await inRollback(db, async (tx) => {
          const { rows: unit } = await tx.execute<{ id: number }>(
            sql`insert into org_units (slug, name, short_name, kind) values ('figure-sql-test', 'Figure test', 'FT', 'department') returning id`,
          );
          const { rows: measure } = await tx.execute<{ id: number }>(sql`
            insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source, frequency)
            values ('FT-1', 'Test', ${unit[0]!.id}, 'service', 'count', 'higher_better', 'mean', 'test', ${f}::frequency) returning id`);
          for (const x of fs) {
            await tx.execute(sql`insert into measure_values (measure_id, period_type, period, value, status)
              values (${measure[0]!.id}, ${x.quarterly ? "quarter" : "month"}::period_type, ${stored(mo, x)}::date, ${x.value},
                ${x.submitted ? "submitted" : "draft"}::value_status)`);
          }
          const { rows } = await tx.execute<{ v: number | null; p: string | null }>(
            sql`select v.value::int as v, to_char(v.period, 'YYYY-MM-DD') as p from measures m ${figureAndTargetJoins(mo)} where m.id = ${measure[0]!.id}`,
          );
          return rows;
        });
        const counting = countingPeriod(f, mo);
        const want = fs.find((x) => x.submitted && (x.quarterly ? "quarter" : "month") === periodTypeOf(f) && stored(mo, x) === counting);
        // One row per measure, whatever it has stored.
        expect(got).toEqual([want ? { v: want.value, p: counting } : { v: null, p: null }]);
      }),
      { numRuns: 200 },
    );
  });
});
