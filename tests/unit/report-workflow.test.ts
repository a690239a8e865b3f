import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/auth/permissions";
import {
  availableSteps,
  cancelCorrectionRefusal,
  canCancelCorrection,
  canEditNarrative,
  changedFigures,
  canStartQuarter,
  canTakeStep,
  nextStatus,
  quarterTiming,
  REPORT_STATUSES,
  REPORT_STEPS,
  reportScope,
  startableQuarters,
  statusLabel,
  stepProblems,
  tooEarlyFor,
  tooEarlyToPreview,
  tooEarlyToStart,
  type ReportStatus,
  type ReportStep,
} from "@/lib/reports/workflow";
import { reportCancelCorrectionInput, reportNarrativeInput, reportStepInput } from "@/lib/validation/report";

const COO = 1;
const MD = 11;
const CLS = 2;

const actors: Record<string, Actor> = {
  admin: { id: 1, role: "ADMIN", unitId: null, departmentId: null },
  sltCoo: { id: 2, role: "SLT", unitId: COO, departmentId: COO },
  leadMd: { id: 3, role: "LEAD", unitId: MD, departmentId: COO },
  viewer: { id: 4, role: "VIEWER", unitId: null, departmentId: null },
  sltCls: { id: 5, role: "SLT", unitId: CLS, departmentId: CLS },
};

/** The whole table: from each status, which step leads where (null: not from there). */
const TRANSITIONS: Record<ReportStatus, Record<ReportStep, ReportStatus | null>> = {
  draft: { submit: "submitted", approve: null, return: null, publish: null, reopen: null },
  submitted: { submit: null, approve: "approved", return: "draft", publish: null, reopen: null },
  approved: { submit: null, approve: null, return: "draft", publish: "published", reopen: null },
  published: { submit: null, approve: null, return: null, publish: null, reopen: "draft" },
};

/** Which roles may take each step on a COO report (SLT and LEAD of COO). */
const WHO: Record<ReportStep, Role[]> = {
  submit: ["ADMIN", "SLT", "LEAD"],
  approve: ["ADMIN", "SLT"],
  return: ["ADMIN", "SLT"],
  publish: ["ADMIN", "SLT"],
  reopen: ["ADMIN", "SLT", "LEAD"],
};

describe("nextStatus", () => {
  for (const from of REPORT_STATUSES) {
    for (const step of REPORT_STEPS) {
      it(`${from} --${step}--> ${TRANSITIONS[from][step] ?? "refused"}`, () => {
        expect(nextStatus(from, step)).toBe(TRANSITIONS[from][step]);
      });
    }
  }

  it("never reaches published except from approved, and never leaves published except to draft", () => {
    for (const from of REPORT_STATUSES) {
      for (const step of REPORT_STEPS) {
        const to = nextStatus(from, step);
        if (to === "published") expect(from).toBe("approved");
        if (from === "published" && to !== null) expect(to).toBe("draft");
      }
    }
  });
});

describe("canTakeStep: statuses × steps × roles × departments", () => {
  for (const [name, actor] of Object.entries(actors)) {
    for (const from of REPORT_STATUSES) {
      for (const step of REPORT_STEPS) {
        const applies = TRANSITIONS[from][step] !== null;
        const onCoo = applies && WHO[step].includes(actor.role) && (actor.role === "ADMIN" || actor.departmentId === COO);
        const onCls = applies && WHO[step].includes(actor.role) && (actor.role === "ADMIN" || actor.departmentId === CLS);
        it(`${name} ${onCoo ? "may" : "may not"} ${step} a ${from} COO report, and ${onCls ? "may" : "may not"} a CLS one`, () => {
          expect(canTakeStep(actor, step, { status: from, departmentId: COO })).toBe(onCoo);
          expect(canTakeStep(actor, step, { status: from, departmentId: CLS })).toBe(onCls);
        });
      }
    }
  }

  it("refuses everyone but ADMIN on a report without a department (cross-government)", () => {
    for (const actor of Object.values(actors)) {
      for (const from of REPORT_STATUSES) {
        for (const step of REPORT_STEPS) {
          expect(canTakeStep(actor, step, { status: from, departmentId: null })).toBe(actor.role === "ADMIN" && TRANSITIONS[from][step] !== null);
        }
      }
    }
    expect(reportScope(null).departmentId).toBe(-1);
  });

  it("refuses a signed-out user", () => {
    for (const from of REPORT_STATUSES) for (const step of REPORT_STEPS) expect(canTakeStep(null, step, { status: from, departmentId: COO })).toBe(false);
  });

  it("lists the available steps in workflow order", () => {
    expect(availableSteps(actors.sltCoo!, { status: "submitted", departmentId: COO })).toEqual(["approve", "return"]);
    expect(availableSteps(actors.leadMd!, { status: "submitted", departmentId: COO })).toEqual([]);
    expect(availableSteps(actors.leadMd!, { status: "draft", departmentId: COO })).toEqual(["submit"]);
    expect(availableSteps(actors.sltCls!, { status: "approved", departmentId: COO })).toEqual([]);
    expect(availableSteps(actors.admin!, { status: "approved", departmentId: CLS })).toEqual(["return", "publish"]);
    expect(availableSteps(actors.viewer!, { status: "draft", departmentId: COO })).toEqual([]);
  });

  it("agrees with availableSteps for any actor and report (property)", () => {
    const actorArb = fc.record({
      id: fc.integer({ min: 1, max: 100 }),
      role: fc.constantFrom<Role>("ADMIN", "SLT", "LEAD", "VIEWER"),
      unitId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      departmentId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    });
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...REPORT_STATUSES), fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }), (actor, status, departmentId) => {
        const steps = availableSteps(actor, { status, departmentId });
        for (const s of REPORT_STEPS) expect(steps.includes(s)).toBe(canTakeStep(actor, s, { status, departmentId }));
        // Whoever may approve or publish is SLT of that very department or ADMIN.
        for (const s of steps.filter((x) => x === "approve" || x === "publish" || x === "return")) {
          expect(actor.role === "ADMIN" || (actor.role === "SLT" && departmentId !== null && actor.departmentId === departmentId)).toBe(true);
          void s;
        }
      }),
    );
  });
});

describe("canEditNarrative", () => {
  it("is open to the department's editors while the report is a draft only", () => {
    for (const status of REPORT_STATUSES) {
      expect(canEditNarrative(actors.leadMd!, { status, departmentId: COO })).toBe(status === "draft");
      expect(canEditNarrative(actors.sltCoo!, { status, departmentId: COO })).toBe(status === "draft");
      expect(canEditNarrative(actors.admin!, { status, departmentId: CLS })).toBe(status === "draft");
      expect(canEditNarrative(actors.sltCls!, { status, departmentId: COO })).toBe(false);
      expect(canEditNarrative(actors.viewer!, { status, departmentId: COO })).toBe(false);
    }
  });
});

describe("stepProblems", () => {
  // Q3 2026, once it has ended.
  const written = { introduction: "Intro", highlights: "Good things", concerns: "Bad things", publishedRevisions: 0, year: 2026, quarter: 3 };
  const after = "2026-10-05";
  it("needs all three narrative sections to submit", () => {
    expect(stepProblems("submit", written, {}, after)).toEqual({});
    const problems = stepProblems("submit", { ...written, introduction: "  ", concerns: null }, {}, after);
    expect(Object.keys(problems).sort()).toEqual(["concerns", "introduction"]);
    expect(problems.concerns![0]).toMatch(/areas of concern/);
  });
  it("needs a reason to send back", () => {
    expect(stepProblems("return", written, {}, after)).toHaveProperty("reason");
    expect(stepProblems("return", written, { reason: " " }, after)).toHaveProperty("reason");
    expect(stepProblems("return", written, { reason: "Add the P1 recovery plan" }, after)).toEqual({});
  });
  it("needs a correction note to publish a correction, and none for the first revision", () => {
    expect(stepProblems("publish", written, {}, after)).toEqual({});
    expect(stepProblems("publish", { ...written, publishedRevisions: 1 }, {}, after)).toHaveProperty("correctionNote");
    expect(stepProblems("publish", { ...written, publishedRevisions: 2 }, { correctionNote: "" }, after)).toHaveProperty("correctionNote");
    expect(stepProblems("publish", { ...written, publishedRevisions: 1 }, { correctionNote: "Q2 P1 figure corrected" }, after)).toEqual({});
  });
  it("puts nothing in the way of approving or reopening once the quarter has ended", () => {
    expect(stepProblems("approve", { ...written, introduction: null }, {}, after)).toEqual({});
    expect(stepProblems("reopen", { ...written, publishedRevisions: 3 }, {}, after)).toEqual({});
  });
  it("refuses submitting, approving and publishing until the quarter's last day has passed, saying from when", () => {
    const q4 = { ...written, year: 2026, quarter: 4 };
    const message = "Q4 2026 ends on 31 December 2026: the report can be submitted from 1 January 2027.";
    expect(stepProblems("submit", q4, {}, "2026-12-04")).toEqual({ quarter: [message] });
    expect(stepProblems("submit", q4, {}, "2026-12-31")).toEqual({ quarter: [message] });
    expect(stepProblems("submit", q4, {}, "2027-01-01")).toEqual({});
    expect(stepProblems("approve", q4, {}, "2026-12-31").quarter).toEqual(["Q4 2026 ends on 31 December 2026: the report can be approved from 1 January 2027."]);
    expect(stepProblems("publish", q4, {}, "2026-12-31").quarter).toEqual(["Q4 2026 ends on 31 December 2026: the report can be published from 1 January 2027."]);
    // Sending back and reopening are never too early.
    expect(stepProblems("return", q4, { reason: "x" }, "2026-12-04")).toEqual({});
    expect(stepProblems("reopen", q4, {}, "2026-12-04")).toEqual({});
  });
});

describe("when a quarter's report may be started, previewed and submitted", () => {
  const q4 = { year: 2026, quarter: 4 };
  it("knows whether a quarter has begun or ended on a day", () => {
    expect(quarterTiming(q4, "2026-09-30")).toBe("future");
    expect(quarterTiming(q4, "2026-10-01")).toBe("running");
    expect(quarterTiming(q4, "2026-12-31")).toBe("running");
    expect(quarterTiming(q4, "2027-01-01")).toBe("ended");
    expect(quarterTiming({ year: 2028, quarter: 1 }, "2028-03-31")).toBe("running");
  });
  it("says why a step, a start or a preview is too early, and nothing once it is not", () => {
    expect(tooEarlyFor("submit", q4, "2027-01-01")).toBeNull();
    expect(tooEarlyFor("return", q4, "2026-11-01")).toBeNull();
    expect(tooEarlyToStart(q4, "2026-12-04")).toBe("Q4 2026 has not ended: its report can be started from 1 January 2027.");
    expect(tooEarlyToStart({ year: 2027, quarter: 2 }, "2026-12-04")).toBe("Q2 2027 has not begun: its report can be started from 1 July 2027.");
    expect(tooEarlyToStart(q4, "2027-01-01")).toBeNull();
    expect(tooEarlyToPreview({ year: 2027, quarter: 1 }, "2026-12-04")).toBe("Q1 2027 has not begun: there is nothing to preview before 1 January 2027.");
    expect(tooEarlyToPreview(q4, "2026-12-04")).toBeNull();
  });
});

describe("statusLabel", () => {
  it("says where the report stands in words", () => {
    expect(statusLabel("draft", 0)).toBe("Draft");
    expect(statusLabel("submitted", 0)).toBe("Submitted for approval");
    expect(statusLabel("approved", 0)).toBe("Approved");
    expect(statusLabel("published", 1)).toBe("Published rev 1");
    expect(statusLabel("published", 3)).toBe("Published rev 3");
    expect(statusLabel("draft", 1)).toBe("Correction in progress");
    expect(statusLabel("submitted", 2)).toMatch(/^Correction in progress/);
    expect(statusLabel("approved", 1)).toMatch(/^Correction in progress/);
  });
});

describe("quarters a report may be started for", () => {
  const last = { year: 2026, quarter: 2 };
  it("allows ended quarters only, from 2000", () => {
    expect(canStartQuarter(last, last)).toBe(true);
    expect(canStartQuarter({ year: 2025, quarter: 4 }, last)).toBe(true);
    expect(canStartQuarter({ year: 2026, quarter: 3 }, last)).toBe(false);
    expect(canStartQuarter({ year: 2027, quarter: 1 }, last)).toBe(false);
    expect(canStartQuarter({ year: 1999, quarter: 4 }, last)).toBe(false);
    expect(canStartQuarter({ year: 2000, quarter: 1 }, last)).toBe(true);
    expect(canStartQuarter({ year: 2020, quarter: 5 }, last)).toBe(false);
  });
  it("offers the last completed quarter and those before it, newest first, without the ones taken", () => {
    const qs = startableQuarters(last, [{ year: 2026, quarter: 1 }, { year: 2025, quarter: 3 }], 6);
    expect(qs).toEqual([
      { year: 2026, quarter: 2 },
      { year: 2025, quarter: 4 },
      { year: 2025, quarter: 2 },
      { year: 2025, quarter: 1 },
    ]);
    expect(startableQuarters({ year: 2025, quarter: 1 }, [], 3)).toEqual([
      { year: 2025, quarter: 1 },
      { year: 2024, quarter: 4 },
      { year: 2024, quarter: 3 },
    ]);
  });
});

describe("validation", () => {
  it("accepts a narrative form, trimming, and refuses over-long text", () => {
    const ok = reportNarrativeInput.safeParse({ id: "4", version: "2", introduction: " Hello ", highlights: "", concerns: "x" });
    expect(ok.success && ok.data).toEqual({ id: 4, version: 2, introduction: "Hello", highlights: "", concerns: "x" });
    expect(reportNarrativeInput.safeParse({ id: "4", version: "2", introduction: "x".repeat(10_001), highlights: "", concerns: "" }).success).toBe(false);
    expect(reportNarrativeInput.safeParse({ id: "0", version: "1" }).success).toBe(false);
  });
  it("accepts only known steps", () => {
    expect(reportStepInput.safeParse({ id: "1", version: "1", step: "publish", correctionNote: "" }).success).toBe(true);
    expect(reportStepInput.safeParse({ id: "1", version: "1", step: "delete" }).success).toBe(false);
  });
});

describe("changedFigures", () => {
  const m = (code: string, value: number | null, extra: Partial<{ target: number | null; status: string }> = {}) => ({
    code,
    name: `Measure ${code}`,
    valueType: "percent",
    decimals: 1,
    scaleMax: null,
    value,
    target: 90,
    status: "on_target",
    ...extra,
  });
  it("is empty when nothing changed", () => {
    expect(changedFigures({ measures: [m("A", 95), m("B", null)] }, { measures: [m("A", 95), m("B", null)] })).toEqual([]);
  });
  it("lists changed values, targets and statuses, and measures on one side only", () => {
    const changed = changedFigures(
      { measures: [m("A", 95), m("B", 80, { status: "off_target" }), m("C", 91), m("D", 92)] },
      { measures: [m("A", 96), m("B", 80, { status: "within_tolerance" }), m("C", 91, { target: 95 }), m("E", 50)] },
    );
    expect(changed.map((c) => c.code)).toEqual(["A", "B", "C", "D", "E"]);
    expect(changed[0]).toMatchObject({ published: { value: 95 }, now: { value: 96 } });
    expect(changed[3]).toMatchObject({ code: "D", now: null });
    expect(changed[4]).toMatchObject({ code: "E", published: null, now: { value: 50 } });
  });
});

describe("cancelling a correction (issue 19)", () => {
  it("is open only while a correction is a draft: published before, not yet submitted", () => {
    for (const status of REPORT_STATUSES) {
      for (const publishedRevisions of [0, 1, 3]) {
        const refusal = cancelCorrectionRefusal({ status, publishedRevisions });
        expect(refusal === null, `${status}, ${publishedRevisions} revisions`).toBe(status === "draft" && publishedRevisions > 0);
      }
    }
    expect(cancelCorrectionRefusal({ status: "draft", publishedRevisions: 0 })).toMatch(/never been published/);
    expect(cancelCorrectionRefusal({ status: "published", publishedRevisions: 1 })).toMatch(/no correction in progress/);
    expect(cancelCorrectionRefusal({ status: "approved", publishedRevisions: 1 })).toMatch(/send it back to draft/);
  });

  it("is for whoever may start a correction: the department's SLT and leads, and ADMIN", () => {
    const correction = { status: "draft" as const, departmentId: COO, publishedRevisions: 1 };
    const allowed = Object.entries(actors)
      .filter(([, a]) => canCancelCorrection(a, correction))
      .map(([name]) => name);
    expect(allowed).toEqual(["admin", "sltCoo", "leadMd"]);
    for (const a of Object.values(actors)) {
      expect(canCancelCorrection(a, correction)).toBe(canTakeStep(a, "reopen", { status: "published", departmentId: COO }));
    }
    expect(canCancelCorrection(actors.sltCoo!, { ...correction, publishedRevisions: 0 })).toBe(false);
    expect(canCancelCorrection(null, correction)).toBe(false);
  });

  it("validates its input: the reason is optional and bounded", () => {
    expect(reportCancelCorrectionInput.safeParse({ id: "3", version: "4" }).data).toEqual({ id: 3, version: 4, reason: "" });
    expect(reportCancelCorrectionInput.safeParse({ id: "3", version: "4", reason: "x".repeat(2001) }).success).toBe(false);
    expect(reportCancelCorrectionInput.safeParse({ id: "0", version: "1" }).success).toBe(false);
  });
});
