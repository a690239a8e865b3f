import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dueDate } from "@/lib/entry/periods";
import {
  countStates,
  describeCounts,
  emptyCounts,
  isDueSoon,
  stateOf,
  totalOf,
  type StoredStatus,
  type SubmissionState,
} from "@/lib/entry/submission-state";

// October 2026 figures are due by working day 10 of November 2026: Friday 13 November.
const DUE = dueDate("2026-10-01", 10);

describe("stateOf", () => {
  it("the October 2026 due date is Friday 13 November", () => {
    expect(DUE).toBe("2026-11-13");
  });

  it.each([
    // status, today, expected
    ["submitted", "2026-11-02", "submitted"],
    ["submitted", "2026-11-13", "submitted"],
    ["submitted", "2027-03-01", "submitted"], // submitted late is still submitted
    ["draft", "2026-11-02", "draft"],
    ["draft", "2026-11-13", "draft"], // the due day itself is on time
    ["draft", "2026-11-14", "late"],
    [null, "2026-11-02", "missing"],
    [null, "2026-11-13", "missing"],
    [null, "2026-11-14", "late"],
    [null, "2027-01-05", "late"],
  ] as [StoredStatus, string, SubmissionState][])("%s on %s → %s", (status, today, expected) => {
    expect(stateOf({ status, periodDue: DUE, today })).toBe(expected);
  });

  it("late means: not submitted and today after the due date (any dates)", () => {
    const day = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom<StoredStatus>("draft", "submitted", null), day, day, (status, periodDue, today) => {
        const state = stateOf({ status, periodDue, today });
        expect(state === "late").toBe(status !== "submitted" && today > periodDue);
        if (status === "submitted") expect(state).toBe("submitted");
        if (state !== "late" && status !== "submitted") expect(state).toBe(status === "draft" ? "draft" : "missing");
      }),
    );
  });
});

describe("isDueSoon", () => {
  it.each([
    ["2026-11-09", false], // 4 days before
    ["2026-11-10", true], // 3 days before
    ["2026-11-12", true],
    ["2026-11-13", true], // the due day
    ["2026-11-14", false], // late, not due soon
  ])("due 13 November, on %s → %s", (today, expected) => {
    expect(isDueSoon({ status: "draft", periodDue: DUE, today })).toBe(expected);
    expect(isDueSoon({ status: null, periodDue: DUE, today })).toBe(expected);
  });

  it("never for a submitted figure", () => {
    expect(isDueSoon({ status: "submitted", periodDue: DUE, today: "2026-11-12" })).toBe(false);
  });

  it("counts calendar days across a month end", () => {
    expect(isDueSoon({ status: null, periodDue: "2026-12-02", today: "2026-11-29", days: 3 })).toBe(true);
    expect(isDueSoon({ status: null, periodDue: "2026-12-02", today: "2026-11-28", days: 3 })).toBe(false);
  });
});

describe("counts in words", () => {
  it("counts each figure in one state", () => {
    const c = countStates(["submitted", "late", "late", "draft", "missing", "submitted"]);
    expect(c).toEqual({ submitted: 2, draft: 1, missing: 1, late: 2 });
    expect(totalOf(c)).toBe(6);
  });

  it.each([
    [{ submitted: 3, draft: 0, missing: 0, late: 2 }, "3 of 5 submitted · 2 late"],
    [{ submitted: 8, draft: 0, missing: 0, late: 0 }, "8 of 8 submitted"],
    [{ submitted: 5, draft: 1, missing: 2, late: 0 }, "5 of 8 submitted · 1 draft · 2 missing"],
    [{ submitted: 0, draft: 0, missing: 0, late: 4 }, "0 of 4 submitted · 4 late"],
    [emptyCounts(), "Nothing due"],
  ])("%o → %s", (counts, words) => {
    expect(describeCounts(counts)).toBe(words);
  });
});
