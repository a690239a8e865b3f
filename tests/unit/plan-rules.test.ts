import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actualDateProblem,
  completionCriterionProblem,
  forecastChanges,
  milestoneView,
  monthsOfYear,
  ragNeedsReason,
  updatePeriod,
} from "@/lib/initiatives/rules";
import { isMilestoneOverdueAt } from "@/lib/initiatives/milestone-rules";
import { milestoneState } from "@/lib/reviews/rules";
import { initiativeUpdateInput, milestoneEditInput } from "@/lib/validation/initiative";

const TODAY = "2026-11-23";
const ms = (over: Partial<{ plannedDate: string; forecastDate: string | null; actualDate: string | null; status: string }> = {}) => ({
  plannedDate: "2026-10-31",
  forecastDate: null,
  actualDate: null,
  status: "in_progress",
  ...over,
});

describe("overdue milestones", () => {
  it("is overdue when the forecast date has passed without an actual date", () => {
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-12-31", forecastDate: "2026-11-22" }), [], TODAY)).toBe(true);
  });

  it("uses the planned date when there is no forecast", () => {
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-11-22" }), [], TODAY)).toBe(true);
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-11-23" }), [], TODAY)).toBe(false);
  });

  it("a later forecast takes it out of overdue even though the planned date has passed", () => {
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-06-30", forecastDate: "2026-12-15" }), [], TODAY)).toBe(false);
  });

  it("is never overdue once achieved (actual date) or cancelled", () => {
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-01-31", actualDate: "2026-02-03", status: "achieved" }), [], TODAY)).toBe(false);
    expect(isMilestoneOverdueAt(ms({ plannedDate: "2026-01-31", status: "cancelled" }), [], TODAY)).toBe(false);
  });

  it("agrees with the SLT review's 'missed' state for any milestone and day", () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.option(day, { nil: null }), fc.option(day, { nil: null }), fc.constantFrom("planned", "in_progress", "missed", "achieved", "cancelled"), day, (planned, forecast, actual, status, today) => {
        const m = { plannedDate: planned, forecastDate: forecast, actualDate: actual, status };
        expect(isMilestoneOverdueAt(m, [], today)).toBe(milestoneState(m, `${today.slice(0, 7)}-01`, today) === "missed");
        expect(milestoneView(m, today) === "overdue").toBe(isMilestoneOverdueAt(m, [], today));
      }),
    );
  });

  it("names the state in words for the page and timeline", () => {
    expect(milestoneView(ms({ plannedDate: "2026-11-30" }), TODAY)).toBe("due");
    expect(milestoneView(ms({ plannedDate: "2027-01-31" }), TODAY)).toBe("planned");
    expect(milestoneView(ms({ actualDate: "2026-11-01" }), TODAY)).toBe("achieved");
    expect(milestoneView(ms({ plannedDate: "2026-11-01" }), TODAY)).toBe("overdue");
  });
});

describe("RAG reason", () => {
  it("red and amber need a reason, green does not", () => {
    expect(ragNeedsReason("red")).toBe(true);
    expect(ragNeedsReason("amber")).toBe(true);
    expect(ragNeedsReason("green")).toBe(false);
  });

  it("the update schema refuses amber and red without a reason, on the reason field", () => {
    for (const rag of ["amber", "red"]) {
      const r = initiativeUpdateInput.safeParse({ initiativeId: "3", version: "1", rag, reason: "  ", commentary: "" });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["reason"]);
    }
    expect(initiativeUpdateInput.safeParse({ initiativeId: "3", version: "1", rag: "amber", reason: "Supplier late", commentary: "" }).success).toBe(true);
    expect(initiativeUpdateInput.safeParse({ initiativeId: "3", version: "1", rag: "green", reason: "", commentary: "" }).success).toBe(true);
  });

  it("asks for a rating when none is chosen", () => {
    const r = initiativeUpdateInput.safeParse({ initiativeId: "3", version: "1", reason: "", commentary: "" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain("rag");
  });

  it("an update belongs to the current month", () => {
    expect(updatePeriod("2026-11-23")).toBe("2026-11-01");
  });
});

describe("milestone dates", () => {
  it("refuses an actual date before the initiative's planned start", () => {
    expect(actualDateProblem("2025-12-31", "2026-01-01", TODAY)).toMatch(/before the initiative's planned start/);
    expect(actualDateProblem("2026-01-01", "2026-01-01", TODAY)).toBeNull();
  });

  it("refuses an actual date in the future, accepts today", () => {
    expect(actualDateProblem("2026-11-24", "2026-01-01", TODAY)).toMatch(/future/);
    expect(actualDateProblem(TODAY, "2026-01-01", TODAY)).toBeNull();
    expect(actualDateProblem("2026-03-01", null, TODAY)).toBeNull();
  });

  it("a forecast change is any difference, including a first forecast", () => {
    expect(forecastChanges("2026-10-31", "2026-12-15")).toBe(true);
    expect(forecastChanges(null, "2026-12-15")).toBe(true);
    expect(forecastChanges("2026-12-15", "2026-12-15")).toBe(false);
  });

  it("the schema wants real dates and leaves empty ones null", () => {
    const bad = milestoneEditInput.safeParse({ id: 1, version: 1, title: "Go live", plannedDate: "2026-02-30", forecastDate: "", reason: "", actualDate: "" });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["plannedDate"]);
    const ok = milestoneEditInput.parse({ id: 1, version: 1, title: "Go live", plannedDate: "2026-02-28", forecastDate: "", reason: "", actualDate: "" });
    expect(ok.forecastDate).toBeNull();
    expect(ok.actualDate).toBeNull();
  });
});

describe("completion criterion", () => {
  it("flags an ongoing item, or one with no target date, without a criterion", () => {
    expect(completionCriterionProblem({ ongoing: true, targetDate: "2026-12-31", successCriterion: null })).toBe("No completion criterion recorded");
    expect(completionCriterionProblem({ ongoing: false, targetDate: null, successCriterion: " " })).toBe("No completion criterion recorded");
    expect(completionCriterionProblem({ ongoing: true, targetDate: null, successCriterion: "Claims paid within 10 days" })).toBeNull();
    expect(completionCriterionProblem({ ongoing: false, targetDate: "2026-12-31", successCriterion: null })).toBeNull();
  });
});

it("a year has twelve months", () => {
  expect(monthsOfYear(2026)).toHaveLength(12);
  expect(monthsOfYear(2026)[11]).toBe("2026-12-01");
});
