import fc from "fast-check";
import { sql } from "drizzle-orm";
import { addMonths, format, parseISO } from "date-fns";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { FeedbackMetric, FeedbackReviewState } from "@/lib/enums";
import { countedResponse } from "@/lib/feedback/counted-sql";
import { isCounted, surveySample, type SurveySample } from "@/lib/feedback/rules";
import { surveySampleJson } from "@/lib/feedback/sample-sql";
import { sampleKindOf } from "@/lib/statistics/sample";
import { parsePeriodSamples, periodSamplesSql, sampleKindSql, type PeriodSampleJson } from "@/lib/statistics/sample-sql";
import { spcWindowJoin } from "@/lib/statistics/spc-sql";
import { spcWindow, type SpcPoint } from "@/lib/statistics/special-cause";
import { inRollback } from "../support/rollback";
import { setUpTestDb } from "../support/harness";

/** Issue 18's rules that SQL computes: each fragment = its TypeScript twin, on generated data. */
const { db } = setUpTestDb({ demoData: false });

const month = (i: number) => format(addMonths(parseISO("2024-01-01"), i), "yyyy-MM-dd");

async function unit(tx: Database): Promise<number> {
  const { rows } = await tx.execute<{ id: number }>(sql`insert into org_units (slug, name, short_name, kind) values ('sample-sql-test', 'Sample test', 'ST', 'department') returning id`);
  return rows[0]!.id;
}

async function measure(tx: Database, unitId: number, over: { code: string; metric?: FeedbackMetric | null; sampleBased?: boolean; frequency?: "monthly" | "quarterly"; spc?: boolean }): Promise<number> {
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source, feedback_metric, sample_based, frequency, spc_signals)
    values (${over.code}, 'Test', ${unitId}, 'customer', 'percent', 'higher_better', 'ratio', 'test', ${over.metric ?? null}::feedback_metric,
      ${over.sampleBased ?? false}, ${over.frequency ?? "monthly"}::frequency, ${over.spc ?? true}) returning id`);
  return rows[0]!.id;
}

const response = fc.record({
  csat: fc.integer({ min: 1, max: 5 }),
  ces: fc.integer({ min: 1, max: 7 }),
  csi: fc.integer({ min: 1, max: 5 }),
  state: fc.constantFrom<FeedbackReviewState>("counted", "counted", "held", "accepted", "rejected"),
  month: fc.integer({ min: 0, max: 2 }),
});
type Generated = { csat: number; ces: number; csi: number; state: FeedbackReviewState; month: number };

async function insertResponses(tx: Database, unitId: number, rs: Generated[]) {
  for (const [i, r] of rs.entries()) {
    const reviewed = r.state === "accepted" || r.state === "rejected";
    await tx.execute(sql`
      insert into feedback_responses (unit_id, source, period, csat, ces, csi, submission_key, state, hold_reason, reviewed_at)
      values (${unitId}, 'link', ${month(r.month)}::date, ${r.csat}, ${r.ces}, ${r.csi}, ${`sample-sql-${i}`}, ${r.state}::feedback_review_state,
        ${r.state === "counted" ? null : "link_burst"}::feedback_hold_reason, ${reviewed ? new Date().toISOString() : null}::timestamptz)`);
  }
}

describe("survey samples: SQL fragment = TypeScript twin", () => {
  it("a month's counted responses aggregate in SQL (surveySampleJson) as surveySample counts them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { maxLength: 60 }), async (rs) => {
        const got = await inRollback(db, async (tx) => {
          const unitId = await unit(tx);
          await insertResponses(tx, unitId, rs);
          const { rows } = await tx.execute<{ m: number; s: SurveySample }>(sql`
            select p.m, (select ${surveySampleJson("r")} from feedback_responses r where r.unit_id = ${unitId} and r.period = (date '2024-01-01' + make_interval(months => p.m))::date and ${countedResponse("r")}) as s
            from generate_series(0, 2) as p(m) order by p.m`);
          return rows.map((r) => r.s);
        });
        expect(got).toEqual([0, 1, 2].map((m) => surveySample(rs.filter((r) => r.month === m && isCounted(r.state)))));
      }),
      { numRuns: 60 },
    );
  });

  it("which measures are estimated from a sample (sampleKindSql = sampleKindOf)", async () => {
    const combos = [null, "csat", "ces", "csi"].flatMap((metric) => [false, true].map((sampleBased) => ({ metric: metric as FeedbackMetric | null, sampleBased })));
    const { rows } = await db.execute<{ metric: FeedbackMetric | null; sample_based: boolean; kind: string | null }>(sql`
      select m.feedback_metric as metric, m.sample_based, ${sampleKindSql()} as kind
      from (values ${sql.join(
        combos.map((c) => sql`(${c.metric}::feedback_metric, ${c.sampleBased}::boolean)`),
        sql`, `,
      )}) as m(feedback_metric, sample_based)`);
    expect(rows).toHaveLength(combos.length);
    for (const r of rows) expect(r.kind, JSON.stringify(r)).toBe(sampleKindOf({ feedbackMetric: r.metric, sampleBased: r.sample_based }));
  });

  it("the samples behind a measure's figures (periodSamplesSql): the survey's for CES and CSI, numerator of denominator otherwise", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 2 }), async (rs, typedOver) => {
        const got = await inRollback(db, async (tx) => {
          const unitId = await unit(tx);
          await insertResponses(tx, unitId, rs);
          const ids = {
            csat: await measure(tx, unitId, { code: "ST-CSAT", metric: "csat" }),
            ces: await measure(tx, unitId, { code: "ST-CES", metric: "ces" }),
            csi: await measure(tx, unitId, { code: "ST-CSI", metric: "csi" }),
            sampled: await measure(tx, unitId, { code: "ST-SAMPLED", sampleBased: true }),
            plain: await measure(tx, unitId, { code: "ST-PLAIN" }),
          };
          const { rows: user } = await tx.execute<{ id: number }>(sql`insert into users (email, name, role) values ('sample-sql@baseline.test', 'Sample', 'ADMIN') returning id`);
          for (const m of [0, 1, 2]) {
            const counted = rs.filter((r) => r.month === m && isCounted(r.state));
            const s = surveySample(counted);
            // The survey writes each month's figures; one month's CES is then typed over by hand (entered_by_id), and is no longer the sample's.
            for (const [key, id] of Object.entries(ids)) {
              const numerator = key === "csat" ? s.satisfied : key === "sampled" ? m : null;
              const denominator = key === "csat" ? s.n : key === "sampled" ? 10 : null;
              if (key === "csat" && s.n === 0) continue;
              await tx.execute(sql`
                insert into measure_values (measure_id, period_type, period, value, numerator, denominator, status, entered_by_id)
                values (${id}, 'month', ${month(m)}::date, 1, ${numerator}, ${denominator}, ${key === "sampled" && m === 2 ? "draft" : "submitted"}::value_status,
                  ${key === "ces" && m === typedOver ? user[0]!.id : null})`);
            }
          }
          const { rows } = await tx.execute<{ id: number; kind: "proportion" | "mean" | "net" | null; samples: PeriodSampleJson[] | null }>(sql`
            select m.id, ${sampleKindSql()} as kind, ${periodSamplesSql(sql`${month(0)}::date`, sql`${month(2)}::date`)} as samples
            from measures m where m.unit_id = ${unitId}`);
          return { ids, parsed: new Map(rows.map((r) => [r.id, parsePeriodSamples(r.kind, r.samples)])) };
        });
        const monthsWith = [0, 1, 2].filter((m) => rs.some((r) => r.month === m && isCounted(r.state)));
        const sampleOf = (m: number) => surveySample(rs.filter((r) => r.month === m && isCounted(r.state)));
        expect(got.parsed.get(got.ids.csat)).toEqual(monthsWith.map((m) => ({ period: month(m), sample: { kind: "proportion", n: sampleOf(m).n, successes: sampleOf(m).satisfied } })));
        expect(got.parsed.get(got.ids.ces)).toEqual(
          monthsWith.filter((m) => m !== typedOver).map((m) => ({ period: month(m), sample: { kind: "mean", n: sampleOf(m).n, sum: sampleOf(m).sum, sumSquares: sampleOf(m).sumSquares } })),
        );
        expect(got.parsed.get(got.ids.csi)).toEqual(monthsWith.map((m) => ({ period: month(m), sample: { kind: "net", n: sampleOf(m).n, positive: sampleOf(m).positive, negative: sampleOf(m).negative } })));
        // The sampled measure: its submitted months' numerator of denominator (the draft is not evidence).
        expect(got.parsed.get(got.ids.sampled)).toEqual([0, 1].map((m) => ({ period: month(m), sample: { kind: "proportion", n: 10, successes: m } })));
        expect(got.parsed.get(got.ids.plain)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe("special-cause window: spcWindowJoin = spcWindow", () => {
  const figure = fc.record({ i: fc.integer({ min: 0, max: 59 }), value: fc.integer({ min: 0, max: 1000 }), submitted: fc.boolean() });
  it("reads the same figures since the latest break, the first 12 and the last 24 months", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(figure, { selector: (f) => f.i, maxLength: 60 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { maxLength: 3 }),
        fc.integer({ min: 0, max: 59 }),
        async (figures, breaks, at) => {
          const got = await inRollback(db, async (tx) => {
            const unitId = await unit(tx);
            const id = await measure(tx, unitId, { code: "ST-SPC" });
            const off = await measure(tx, unitId, { code: "ST-SPC-OFF", spc: false });
            const quarterly = await measure(tx, unitId, { code: "ST-SPC-Q", frequency: "quarterly" });
            for (const f of figures) {
              for (const m of [id, off]) {
                await tx.execute(sql`
                  insert into measure_values (measure_id, period_type, period, value, status)
                  values (${m}, 'month', ${month(f.i)}::date, ${f.value / 10}, ${f.submitted ? "submitted" : "draft"}::value_status)`);
              }
            }
            for (const b of breaks) await tx.execute(sql`insert into measure_series_breaks (measure_id, period, reason) values (${id}, ${month(b)}::date, 'test')`);
            const { rows } = await tx.execute<{ id: number; since: string | null; points: { p: string; v: string }[] | null }>(sql`
              select m.id, spc.since, spc.points from measures m ${spcWindowJoin(sql`${month(at)}::date`)} where m.unit_id = ${unitId}`);
            return { byId: new Map(rows.map((r) => [r.id, r])), id, off, quarterly };
          });
          const submitted: SpcPoint[] = figures.filter((f) => f.submitted).map((f) => ({ period: month(f.i), value: f.value / 10 }));
          const expected = spcWindow(submitted, breaks.map(month), month(at));
          const row = got.byId.get(got.id)!;
          expect(row.since).toBe(expected.since);
          expect((row.points ?? []).map((p) => ({ period: p.p, value: Number(p.v) }))).toEqual(expected.points);
          // Off for the measure, or not monthly: nothing is read.
          expect(got.byId.get(got.off)!.points).toBeNull();
          expect(got.byId.get(got.quarterly)!.points).toBeNull();
        },
      ),
      { numRuns: 80 },
    );
  });
});
