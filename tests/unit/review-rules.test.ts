import { describe, expect, it } from "vitest";
import { actionIsOverdue, isException, milestoneState, monthEnd } from "@/lib/reviews/rules";
import { parseLink, updateActionInput } from "@/lib/validation/review";

describe("monthEnd", () => {
  it("knows month lengths and leap years", () => {
    expect(monthEnd("2026-10-01")).toBe("2026-10-31");
    expect(monthEnd("2026-11-01")).toBe("2026-11-30");
    expect(monthEnd("2028-02-01")).toBe("2028-02-29");
    expect(monthEnd("2026-02-01")).toBe("2026-02-28");
  });
});

describe("milestoneState", () => {
  const base = { plannedDate: "2026-10-15", forecastDate: null, actualDate: null, status: "planned" };
  const today = "2026-11-22";
  it("is achieved with an actual date, whatever the dates", () => {
    expect(milestoneState({ ...base, actualDate: "2026-10-20" }, "2026-10-01", today)).toBe("achieved");
    expect(milestoneState({ ...base, actualDate: today, status: "achieved" }, "2026-10-01", today)).toBe("achieved");
  });
  it("as at a day: achieved only once its actual date has come, and judged on the forecast known then", () => {
    // Achieved on 25 November: on 22 November it was still missed.
    expect(milestoneState({ ...base, actualDate: "2026-11-25", status: "achieved" }, "2026-10-01", today)).toBe("missed");
    // Forecast moved on 1 November from 15 October to 20 December: at 31 October it was due and past → missed; at 22 November, upcoming.
    const moved = { ...base, forecastDate: "2026-12-20" };
    const changes = [{ fromDate: null, toDate: "2026-12-20", changedOn: "2026-11-01" }];
    expect(milestoneState(moved, "2026-10-01", "2026-10-31", changes)).toBe("missed");
    expect(milestoneState(moved, "2026-10-01", "2026-10-14", changes)).toBe("due");
    expect(milestoneState(moved, "2026-11-01", today, changes)).toBe("upcoming");
  });
  it("is missed when the forecast (or planned) date has passed", () => {
    expect(milestoneState(base, "2026-10-01", today)).toBe("missed");
    expect(milestoneState({ ...base, forecastDate: "2026-11-21" }, "2026-10-01", today)).toBe("missed");
  });
  it("uses the forecast over the planned date", () => {
    expect(milestoneState({ ...base, forecastDate: "2026-12-10" }, "2026-12-01", today)).toBe("due");
    expect(milestoneState({ ...base, forecastDate: "2027-01-10" }, "2026-12-01", today)).toBe("upcoming");
  });
  it("is due when the date falls in the review month and has not passed", () => {
    expect(milestoneState({ ...base, plannedDate: "2026-11-30" }, "2026-11-01", today)).toBe("due");
    expect(milestoneState({ ...base, plannedDate: "2026-11-22" }, "2026-11-01", today)).toBe("due");
  });
  it("ignores cancelled milestones", () => {
    expect(milestoneState({ ...base, status: "cancelled" }, "2026-10-01", today)).toBe("cancelled");
  });
});

describe("actionIsOverdue", () => {
  it("is overdue only when open and past its due date", () => {
    expect(actionIsOverdue({ status: "open", dueDate: "2026-11-21" }, "2026-11-22")).toBe(true);
    expect(actionIsOverdue({ status: "open", dueDate: "2026-11-22" }, "2026-11-22")).toBe(false);
    expect(actionIsOverdue({ status: "done", dueDate: "2026-01-01" }, "2026-11-22")).toBe(false);
    expect(actionIsOverdue({ status: "open", dueDate: null }, "2026-11-22")).toBe(false);
  });
});

describe("exceptions and closing", () => {
  it("lists off target, within tolerance and missing figures as exceptions", () => {
    expect(["off_target", "within_tolerance", "no_data"].every(isException)).toBe(true);
    expect(isException("on_target")).toBe(false);
    expect(isException("no_target")).toBe(false);
  });
  it("needs a closing note to close an action", () => {
    const noNote = updateActionInput.safeParse({ id: "1", version: "1", status: "done", closingNote: " ", dueDate: "" });
    expect(noNote.success).toBe(false);
    expect(noNote.error?.issues[0]?.path).toEqual(["closingNote"]);
    expect(updateActionInput.safeParse({ id: "1", version: "1", status: "dropped", closingNote: "No longer needed", dueDate: "" }).success).toBe(true);
    expect(updateActionInput.safeParse({ id: "1", version: "1", status: "open", dueDate: "2026-02-30" }).success).toBe(false);
  });
  it("splits the link select value", () => {
    expect(parseLink("measure:12")).toEqual({ measureId: 12, initiativeId: null, riskId: null });
    expect(parseLink("risk:3")).toEqual({ measureId: null, initiativeId: null, riskId: 3 });
    expect(parseLink("")).toEqual({ measureId: null, initiativeId: null, riskId: null });
  });
});
