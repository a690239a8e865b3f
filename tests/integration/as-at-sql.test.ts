import fc from "fast-check";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { inRollback } from "../support/rollback";
import { forecastAsAtSql, milestoneDueInSql, milestoneOverdueAtSql, ragAsAtJoin } from "@/lib/initiatives/as-at-sql";
import { forecastAsAt, isMilestoneDueIn, isMilestoneOverdueAt, ragAsAt, RAGS, type ForecastChange, type Rag } from "@/lib/initiatives/milestone-rules";
import { actionOpenAtSql, actionOverdueAtSql } from "@/lib/reviews/action-sql";
import { actionOpenAt, actionOverdueAt } from "@/lib/reviews/rules";
import { overdueAtSql, statusAtSql } from "@/lib/recommendations/overdue-sql";
import { isOverdueAt, RECOMMENDATION_STATUSES, statusAt, type RecommendationStatus, type StatusChangeRecord } from "@/lib/recommendations/rules";
import { aboveAppetiteSql, highOrAboveSql, riskBandSql, riskRatingAtJoin } from "@/lib/risks/rating-sql";
import { bandOf, isAboveAppetite, isHighOrAbove, ratingAt, type ReviewRating, type RiskBands } from "@/lib/risks/scoring";
import { setUpTestDb } from "../support/harness";

/**
 * Each as-at rule is one SQL fragment and one TypeScript twin (docs/rules.md). These properties
 * write generated histories (in a transaction that is rolled back), ask the fragment about a
 * generated day and compare its answer with the twin's.
 */
const { db } = setUpTestDb({ demoData: false });

const RUNS = 100;
const BASE = Date.UTC(2025, 0, 1);
/** A day in a short span, so that generated dates often coincide (the boundaries are what matter). */
const day = fc.integer({ min: 0, max: 40 }).map((n) => new Date(BASE + n * 86_400_000).toISOString().slice(0, 10));
const month = fc.integer({ min: 0, max: 5 }).map((n) => `2025-0${n + 1}-01`);
/** A recorded instant on `on`, ordered by `seq` within the day (noon UTC: the same day in any session zone within ±11 h). */
const at = (on: string, seq: number) => new Date(`${on}T12:00:00Z`).getTime() + seq * 1000;


let unitId = 0;
beforeAll(async () => {
  const { rows } = await db.execute<{ id: number }>(
    sql`insert into org_units (slug, name, short_name, kind) values ('as-at-sql-test', 'As-at test department', 'AAT', 'department') returning id`,
  );
  unitId = rows[0]!.id;
});
afterAll(async () => {
  await db.execute(sql`delete from org_units where id = ${unitId}`);
});

async function one<T>(tx: Database, q: SQL): Promise<T> {
  const { rows } = await tx.execute<{ v: T }>(q);
  return rows[0]!.v;
}

describe("as-at rules: SQL fragment = TypeScript twin", () => {
  it("initiative RAG as at a day (ragAsAtJoin = ragAsAt)", async () => {
    const updates = fc.uniqueArray(fc.record({ period: month, rag: fc.constantFrom<Rag>(...RAGS) }), { selector: (u) => u.period, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(updates, day, async (ups, asAt) => {
        const got = await inRollback(db, async (tx) => {
          const { rows } = await tx.execute<{ id: number }>(
            sql`insert into initiatives (csp_ref, title, lead_unit_id, type) values ('T1', 'Test', ${unitId}, 'project') returning id`,
          );
          const id = rows[0]!.id;
          for (const u of ups) {
            await tx.execute(sql`insert into initiative_updates (initiative_id, period, rag, reason) values (${id}, ${u.period}::date, ${u.rag}, 'why')`);
          }
          return one<Rag | null>(tx, sql`select rag_at.rag as v from initiatives i ${ragAsAtJoin("i", asAt)} where i.id = ${id}`);
        });
        expect(got).toBe(ragAsAt(ups, asAt));
      }),
      { numRuns: RUNS },
    );
  });

  it("milestone forecast as known, overdue and due in a span at a day (forecastAsAtSql, milestoneOverdueAtSql, milestoneDueInSql)", async () => {
    const change = fc.record({ fromDate: fc.option(day, { nil: null }), toDate: day, changedOn: day });
    const milestone = fc
      .record({
        plannedDate: day,
        forecastDate: fc.option(day, { nil: null }),
        actualDate: fc.option(day, { nil: null }),
        status: fc.constantFrom("planned", "in_progress", "achieved", "missed", "cancelled"),
      })
      .map((m) => (m.status === "achieved" && m.actualDate === null ? { ...m, status: "in_progress" } : m));
    await fc.assert(
      fc.asyncProperty(milestone, fc.array(change, { maxLength: 4 }), day, day, day, async (m, changes: ForecastChange[], asAt, d1, d2) => {
        const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const got = await inRollback(db, async (tx) => {
          const { rows: i } = await tx.execute<{ id: number }>(
            sql`insert into initiatives (csp_ref, title, lead_unit_id, type) values ('T1', 'Test', ${unitId}, 'project') returning id`,
          );
          const { rows } = await tx.execute<{ id: number }>(sql`
            insert into milestones (initiative_id, title, planned_date, forecast_date, actual_date, status)
            values (${i[0]!.id}, 'M', ${m.plannedDate}::date, ${m.forecastDate}::date, ${m.actualDate}::date, ${m.status}) returning id`);
          const id = rows[0]!.id;
          let seq = 0;
          for (const c of changes) {
            await tx.execute(sql`insert into milestone_forecast_changes (milestone_id, from_date, to_date, reason, changed_at)
              values (${id}, ${c.fromDate}::date, ${c.toDate}::date, 'slip', ${new Date(at(c.changedOn, seq++)).toISOString()}::timestamptz)`);
          }
          return one<{ f: string; o: boolean; due: boolean }>(
            tx,
            sql`select json_build_object('f', to_char(${forecastAsAtSql("ms", asAt)}, 'YYYY-MM-DD'), 'o', ${milestoneOverdueAtSql("ms", asAt)},
                  'due', ${milestoneDueInSql("ms", from, to, asAt)}) as v
                from milestones ms where ms.id = ${id}`,
          );
        });
        expect(got.f).toBe(forecastAsAt(m, changes, asAt));
        expect(got.o).toBe(isMilestoneOverdueAt(m, changes, asAt));
        expect(got.due).toBe(isMilestoneDueIn(m, changes, from, to, asAt));
      }),
      { numRuns: RUNS },
    );
  });

  it("SLT action open and overdue at a day (actionOpenAtSql, actionOverdueAtSql)", async () => {
    const action = fc.record({
      createdOn: day,
      closedOn: fc.option(day, { nil: null }),
      status: fc.constantFrom("open", "done", "dropped"),
      dueDate: fc.option(day, { nil: null }),
    });
    const { rows: meeting } = await db.execute<{ id: number }>(
      sql`insert into review_meetings (department_id, period) values (${unitId}, '2025-01-01') on conflict do nothing returning id`,
    );
    const meetingId = meeting[0]!.id;
    await fc.assert(
      fc.asyncProperty(action, day, async (a, asAt) => {
        const got = await inRollback(db, async (tx) => {
          const { rows } = await tx.execute<{ id: number }>(sql`
            insert into review_actions (meeting_id, description, owner_name, due_date, status, closed_at, created_at)
            values (${meetingId}, 'A', 'Owner', ${a.dueDate}::date, ${a.status},
              ${a.closedOn === null ? null : new Date(at(a.closedOn, 0)).toISOString()}::timestamptz, ${new Date(at(a.createdOn, 0)).toISOString()}::timestamptz)
            returning id`);
          return one<{ open: boolean; overdue: boolean }>(
            tx,
            sql`select json_build_object('open', ${actionOpenAtSql(asAt)}, 'overdue', ${actionOverdueAtSql(asAt)}) as v from review_actions a where a.id = ${rows[0]!.id}`,
          );
        });
        expect(got.open).toBe(actionOpenAt(a, asAt));
        expect(got.overdue).toBe(actionOverdueAt(a, asAt));
      }),
      { numRuns: RUNS },
    );
    await db.execute(sql`delete from review_meetings where id = ${meetingId}`);
  });

  it("recommendation status and overdue at a day (statusAtSql, overdueAtSql)", async () => {
    const status = fc.constantFrom<RecommendationStatus>(...RECOMMENDATION_STATUSES);
    const update = fc.record({ from: fc.option(status, { nil: null }), to: fc.option(status, { nil: null }), on: day }).map(
      (u): StatusChangeRecord => (u.to === null ? { from: null, to: null, on: u.on } : { from: u.from ?? "open", to: u.to, on: u.on }),
    );
    const rec = fc.record({ status, createdOn: day, targetDate: fc.option(day, { nil: null }) });
    await fc.assert(
      fc.asyncProperty(rec, fc.array(update, { maxLength: 4 }), day, async (r, ups, asAt) => {
        const got = await inRollback(db, async (tx) => {
          const { rows } = await tx.execute<{ id: number }>(sql`
            insert into recommendations (ref, source, report_title, unit_id, text, owner_name, target_date, status, created_at)
            values ('AAT-1', 'pac', 'Report', ${unitId}, 'Do it', 'Owner', ${r.targetDate}::date, ${r.status}, ${new Date(at(r.createdOn, 0)).toISOString()}::timestamptz)
            returning id`);
          const id = rows[0]!.id;
          let seq = 1;
          for (const u of ups) {
            await tx.execute(sql`insert into recommendation_updates (recommendation_id, note, status_from, status_to, created_at)
              values (${id}, 'note', ${u.from}, ${u.to}, ${new Date(at(u.on, seq++)).toISOString()}::timestamptz)`);
          }
          return one<{ s: RecommendationStatus | null; o: boolean }>(
            tx,
            sql`select json_build_object('s', ${statusAtSql(asAt)}, 'o', ${overdueAtSql(asAt)}) as v from recommendations r where r.id = ${id}`,
          );
        });
        expect(got.s).toBe(statusAt(r, ups, asAt));
        expect(got.o).toBe(isOverdueAt(r, ups, asAt));
      }),
      { numRuns: RUNS },
    );
  });

  it("risk rating, band, High and above appetite at a day (riskRatingAtJoin and the band fragments)", async () => {
    const rating = fc.integer({ min: 1, max: 5 });
    const review = fc.record({ reviewedOn: day, likelihood: rating, impact: rating });
    const edges = fc
      .uniqueArray(fc.integer({ min: 2, max: 25 }), { minLength: 3, maxLength: 3 })
      .map((xs) => [...xs].sort((a, b) => a - b))
      .map(([mediumFrom, highFrom, veryHighFrom]): RiskBands => ({ mediumFrom: mediumFrom!, highFrom: highFrom!, veryHighFrom: veryHighFrom! }));
    await fc.assert(
      fc.asyncProperty(rating, rating, fc.integer({ min: 1, max: 25 }), fc.array(review, { maxLength: 4 }), day, edges, async (l, i, appetite, reviews: ReviewRating[], asAt, bands) => {
        const got = await inRollback(db, async (tx) => {
          const { rows } = await tx.execute<{ id: number }>(sql`
            insert into risks (ref, unit_id, title, cause, event, impact, category, owner_name, inherent_likelihood, inherent_impact,
              residual_likelihood, residual_impact, appetite_score)
            values ('AAT-R1', ${unitId}, 'Risk', 'c', 'e', 'i', 'Operational', 'Owner', 5, 5, ${l}, ${i}, ${appetite}) returning id`);
          const id = rows[0]!.id;
          for (const rv of reviews) {
            await tx.execute(sql`insert into risk_reviews (risk_id, reviewed_on, residual_likelihood, residual_impact) values (${id}, ${rv.reviewedOn}::date, ${rv.likelihood}, ${rv.impact})`);
          }
          return one<{ l: number | null; i: number | null; band: string | null; high: boolean | null; above: boolean | null }>(
            tx,
            sql`select json_build_object('l', rating.likelihood, 'i', rating.impact, 'band', ${riskBandSql(sql`rating.score`, bands)},
                'high', ${highOrAboveSql(sql`rating.score`, bands)}, 'above', ${aboveAppetiteSql(sql`rating.score`, sql`r.appetite_score`)}) as v
                from risks r ${riskRatingAtJoin(asAt)} where r.id = ${id}`,
          );
        });
        const expected = ratingAt({ residualLikelihood: l, residualImpact: i }, reviews, asAt);
        if (expected === null) {
          expect(got.l).toBeNull();
          return;
        }
        expect([got.l, got.i]).toEqual([expected.likelihood, expected.impact]);
        expect(got.band).toBe(bandOf(expected.score, bands));
        expect(got.high).toBe(isHighOrAbove(expected.score, bands));
        expect(got.above).toBe(isAboveAppetite(expected.score, appetite));
      }),
      { numRuns: RUNS },
    );
  });
});
