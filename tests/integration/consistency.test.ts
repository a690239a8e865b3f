import { format, subMonths } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/current-user";
import { getDepartmentScorecards, getScorecards, type Scorecard } from "@/lib/dashboard/overview";
import { monthEnd, monthsBetween, toPeriod, type Period } from "@/lib/entry/periods";
import { forecastAsAt, isMilestoneDueIn, isMilestoneOverdueAt, ragAsAt } from "@/lib/initiatives/milestone-rules";
import { getDepartmentDashboard } from "@/lib/measures/department";
import { buildReportContent } from "@/lib/reports/build";
import { quarterBounds, type QuarterRef } from "@/lib/reports/content";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { actionOpenAt, isException } from "@/lib/reviews/rules";
import { isAboveAppetite, ratingAt } from "@/lib/risks/scoring";
import { statusAt } from "@/lib/recommendations/rules";
import { getRiskBands } from "@/lib/settings";
import { sessionUserFor, setUpTestDb } from "../support/harness";
import { asAtOfMonth, byDepartment, countByUnit, loadHistory, measureStatusFor, type History, type UnitCounts } from "../support/recount";

/**
 * Every figure agrees on every page at every date: for each of the last 24 months of the demo data,
 * every count on the dashboard, the department page and the review pack is recomputed in memory
 * from the history tables with the pure rules (tests/support/recount.ts) and compared with what
 * the pages' queries return.
 */
const { db } = setUpTestDb();
const today = format(new Date(), "yyyy-MM-dd");
const months: Period[] = monthsBetween(toPeriod(subMonths(new Date(), 24)), toPeriod(subMonths(new Date(), 1)));
let viewer: SessionUser;
let history: History;

beforeAll(async () => {
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
  history = await loadHistory(db);
}, 120_000);

/** The parts of a scorecard that the recount covers, in the recount's shape. */
function shown(c: Scorecard): Omit<UnitCounts, "risksAboveAppetite" | "openActions"> {
  return {
    measures: c.measures,
    missing: c.missing,
    initiatives: c.initiatives,
    highRisks: c.highRisks,
    overdueMilestones: c.overdueMilestones,
    overdueActions: c.overdueActions,
    overdueRecommendations: c.overdueRecommendations,
  };
}
function expected(c: UnitCounts | undefined): Omit<UnitCounts, "risksAboveAppetite" | "openActions"> {
  const x = c ?? { measures: { on_target: 0, within_tolerance: 0, off_target: 0, no_target: 0, no_data: 0 }, missing: 0, initiatives: { green: 0, amber: 0, red: 0 }, highRisks: 0, risksAboveAppetite: 0, overdueMilestones: 0, openActions: 0, overdueActions: 0, overdueRecommendations: 0 };
  return {
    measures: x.measures,
    missing: x.missing,
    initiatives: x.initiatives,
    highRisks: x.highRisks,
    overdueMilestones: x.overdueMilestones,
    overdueActions: x.overdueActions,
    overdueRecommendations: x.overdueRecommendations,
  };
}

describe("every count agrees with the history, month by month (demo data, last 24 months)", () => {
  it("has history to check: months with RAG updates, risk reviews and SLT actions", () => {
    expect(months).toHaveLength(24);
    expect(history.initiatives.some((i) => i.updates.length >= 12)).toBe(true);
    expect(history.risks.some((r) => r.reviews.length >= 12)).toBe(true);
    expect(history.actions.length).toBeGreaterThan(6);
  });

  it("the dashboard's scorecards, unit by unit", async () => {
    const bands = await getRiskBands(db);
    for (const month of months) {
      const asAt = asAtOfMonth(month, today);
      const counts = countByUnit(history, month, asAt, bands);
      const cards = await getScorecards(viewer, { month, asAt, bands });
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) expect(shown(card), `${card.unitName} in ${month}`).toEqual(expected(counts.get(card.unitId)));
    }
  });

  it("the dashboard's rows per department (for whoever sees every department)", async () => {
    const bands = await getRiskBands(db);
    for (const month of months) {
      const asAt = asAtOfMonth(month, today);
      const perDepartment = byDepartment(history, countByUnit(history, month, asAt, bands));
      const { cards } = await getDepartmentScorecards(viewer, { month, asAt, bands, page: 1 });
      expect(cards.length).toBeGreaterThanOrEqual(2);
      for (const card of cards) expect(shown(card), `${card.departmentName} in ${month}`).toEqual(expected(perDepartment.get(card.departmentId)));
    }
  });

  it("the department pages' summaries", async () => {
    const bands = await getRiskBands(db);
    for (const month of months) {
      const asAt = asAtOfMonth(month, today);
      const perDepartment = byDepartment(history, countByUnit(history, month, asAt, bands));
      for (const slug of ["coo", "cls"]) {
        const page = await getDepartmentDashboard(viewer, slug, month, asAt);
        expect(page, slug).not.toBeNull();
        expect(page!.asAt).toBe(asAt);
        expect(shown(page!.summary), `${slug} in ${month}`).toEqual(expected(perDepartment.get(page!.department.id)));
      }
    }
  });

  it("the review packs", async () => {
    const bands = await getRiskBands(db);
    for (const slug of ["coo", "cls"]) {
      const department = (await getReviewDepartment(slug))!;
      const inDepartment = (unitId: number) => history.departmentOf.get(unitId) === department.id;
      for (const month of months) {
        const asAt = asAtOfMonth(month, today);
        const counts = byDepartment(history, countByUnit(history, month, asAt, bands)).get(department.id);
        const pack = await getReviewPack(department, month, asAt);
        const where = `${slug} ${month}`;

        // Measures judged this month (quarterly ones in a quarter's last month) and their exceptions.
        const judged = history.measures.filter((m) => m.active && inDepartment(m.unitId) && (m.frequency === "monthly" || ["03", "06", "09", "12"].includes(month.slice(5, 7))));
        expect(pack.measuresReviewed, where).toBe(judged.length);
        expect(pack.exceptions.map((e) => e.id).sort(), where).toEqual(judged.filter((m) => isException(measureStatusFor(history, m, month))).map((m) => m.id).sort());

        // Actions carried forward: from earlier meetings, open at the as-at day.
        const carried = history.actions.filter((a) => a.departmentId === department.id && a.meetingPeriod < month && actionOpenAt(a, asAt));
        expect(pack.carriedForward.map((a) => a.id).sort(), where).toEqual(carried.map((a) => a.id).sort());
        expect(history.actions.filter((a) => a.departmentId === department.id && actionOpenAt(a, asAt)).length, where).toBe(counts?.openActions ?? 0);

        // Risks above appetite by their rating then; red and amber initiatives by their RAG then.
        const above = history.risks.filter((r) => {
          const rating = r.status === "open" && inDepartment(r.unitId) ? ratingAt(r, r.reviews, asAt) : null;
          return rating !== null && isAboveAppetite(rating.score, r.appetite);
        });
        expect(pack.risksAboveTolerance.map((r) => r.id).sort(), where).toEqual(above.map((r) => r.id).sort());
        expect(above.length, where).toBe(counts?.risksAboveAppetite ?? 0);
        const atRisk = history.initiatives.filter((i) => {
          const rag = inDepartment(i.unitId) && i.status !== "complete" && i.status !== "closed" ? ragAsAt(i.updates, asAt) : null;
          return rag === "red" || rag === "amber";
        });
        expect(pack.initiativesAtRisk.map((i) => i.id).sort(), where).toEqual(atRisk.map((i) => i.id).sort());
        expect(atRisk.length, where).toBe((counts?.initiatives.red ?? 0) + (counts?.initiatives.amber ?? 0));

        // Milestones missed at the as-at day (the dashboard's overdue count) or due in the month.
        const missed = history.milestones.filter((m) => inDepartment(m.unitId) && isMilestoneOverdueAt(m, m.changes, asAt));
        const due = history.milestones.filter(
          (m) =>
            inDepartment(m.unitId) && m.status !== "cancelled" && !(m.actualDate !== null && m.actualDate <= asAt) && !isMilestoneOverdueAt(m, m.changes, asAt) && isMilestoneDueIn(m, m.changes, month, monthEnd(month), asAt),
        );
        expect(pack.milestones.filter((m) => m.state === "missed").map((m) => m.id).sort(), where).toEqual(missed.map((m) => m.id).sort());
        expect(missed.length, where).toBe(counts?.overdueMilestones ?? 0);
        expect(pack.milestones.filter((m) => m.state === "due").map((m) => m.id).sort(), where).toEqual(due.map((m) => m.id).sort());
      }
    }
  });

  it("the quarterly reports' counts, quarter by quarter (the last eight ended quarters)", async () => {
    const quarters: QuarterRef[] = [];
    for (const month of months) if (["03", "06", "09", "12"].includes(month.slice(5, 7))) quarters.push({ year: Number(month.slice(0, 4)), quarter: Number(month.slice(5, 7)) / 3 });
    expect(quarters.length).toBe(8);
    for (const slug of ["coo", "cls"]) {
      const department = (await getReviewDepartment(slug))!;
      const inDepartment = (unitId: number) => history.departmentOf.get(unitId) === department.id;
      for (const q of quarters) {
        const { start, end } = quarterBounds(q);
        const content = (await buildReportContent(db, department.id, q, { introduction: "", highlights: "", concerns: "" }, new Date()))!;
        const where = `${slug} ${q.year} Q${q.quarter}`;
        expect(content.asAt, where).toBe(end);

        // Initiatives by their RAG at the quarter's end; milestones achieved in it or due in it and missed.
        const initiatives = history.initiatives.filter((i) => inDepartment(i.unitId) && i.status !== "closed");
        const rags = { green: 0, amber: 0, red: 0, none: 0 };
        for (const i of initiatives) rags[ragAsAt(i.updates, end) ?? "none"] += 1;
        const ids = new Set(initiatives.map((i) => i.id));
        const ms = history.milestones.filter((m) => ids.has(m.initiativeId) && m.status !== "cancelled");
        const achieved = ms.filter((m) => m.actualDate !== null && m.actualDate >= start && m.actualDate <= end).length;
        const missed = ms.filter((m) => {
          const due = forecastAsAt(m, m.changes, end);
          return due >= start && due <= end && isMilestoneOverdueAt(m, m.changes, end);
        }).length;
        const risksAbove = history.risks.filter((r) => {
          const rating = inDepartment(r.unitId) && r.isPublic && r.status === "open" ? ratingAt(r, r.reviews, end) : null;
          return rating !== null && isAboveAppetite(rating.score, r.appetite);
        }).length;
        const recs = history.recommendations.filter((r) => inDepartment(r.unitId));
        const implementedBy = (r: (typeof recs)[number]) => r.implementedOn !== null && r.implementedOn <= end;
        const implemented = recs.filter((r) => implementedBy(r) && r.implementedOn! >= start).length;
        const outstanding = recs.filter((r) => {
          const status = statusAt(r, r.updates, end);
          return (status === "open" || status === "in_progress") && !implementedBy(r);
        }).length;

        expect(
          {
            initiatives: content.summary.initiatives,
            milestonesAchieved: content.summary.milestonesAchieved,
            milestonesMissed: content.summary.milestonesMissed,
            risksAboveAppetite: content.summary.risksAboveAppetite,
            recommendationsImplemented: content.summary.recommendationsImplemented,
            recommendationsOutstanding: content.summary.recommendationsOutstanding,
          },
          where,
        ).toEqual({ initiatives: rags, milestonesAchieved: achieved, milestonesMissed: missed, risksAboveAppetite: risksAbove, recommendationsImplemented: implemented, recommendationsOutstanding: outstanding });
        expect(content.measures.length, where).toBe(history.measures.filter((m) => m.active && m.isPublic && inDepartment(m.unitId)).length);

        // The report and the dashboard of the quarter's last month say the same about milestones overdue in the quarter.
        const lastMonth = `${end.slice(0, 8)}01`;
        const overdueInQuarter = history.milestones.filter((m) => ids.has(m.initiativeId) && isMilestoneOverdueAt(m, m.changes, end) && forecastAsAt(m, m.changes, end) >= start).length;
        expect(missed, `${where}: missed in the report = overdue at ${lastMonth}'s end and due in the quarter`).toBe(overdueInQuarter);
      }
    }
  });
});
