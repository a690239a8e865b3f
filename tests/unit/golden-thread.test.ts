import { describe, expect, it } from "vitest";
import { arrangeThread, type ThreadInitiativeRow, type ThreadObjectiveRow, type ThreadPriorityRow } from "@/lib/plan/arrange";

const priorities: ThreadPriorityRow[] = [
  { id: 1, code: "CSP-CHILDREN", title: "Put children first", description: "", parentId: null },
  { id: 2, code: "CSP-MG", title: "Modernising Government", description: "", parentId: null },
  { id: 3, code: "OI3", title: "A modern, innovative public sector", description: "", parentId: 2 },
  { id: 4, code: "CSP-WELLBEING", title: "Improve Islanders' wellbeing", description: "", parentId: null },
];

const objective = (id: number, priorityId: number | null, title = `Objective ${id}`): ThreadObjectiveRow => ({
  id,
  title,
  description: "",
  priorityId,
  leadUnitName: "People and Corporate Services",
});

const measure = (id: number) => ({ id, code: `M${id}`, name: `Measure ${id}`, valueType: "percent", decimals: 1, scaleMax: null, value: 90, status: "on_target" as const });
const milestone = (id: number) => ({ id, title: `Milestone ${id}`, plannedDate: "2026-06-30", forecastDate: null, actualDate: null, state: "upcoming" as const });

function initiative(id: number, over: Partial<ThreadInitiativeRow> = {}): ThreadInitiativeRow {
  return {
    id,
    cspRef: `GP20-OI3-${id}`,
    title: `Initiative ${id}`,
    type: "project",
    status: "in_progress",
    rag: "green",
    ongoing: false,
    successCriterion: null,
    priorityId: 3,
    keyObjectiveId: null,
    unitName: "Modernisation and Digital",
    milestones: [milestone(id * 10)],
    measures: [measure(id * 100)],
    ...over,
  };
}

describe("arrangeThread", () => {
  it("hangs initiatives under their key objective, and objectives under their priority with its parent", () => {
    const t = arrangeThread(priorities, [objective(10, 3, "Case Management")], [initiative(1, { keyObjectiveId: 10 }), initiative(2)]);
    expect(t.priorities.map((p) => p.code)).toEqual(["OI3"]);
    const oi3 = t.priorities[0]!;
    expect(oi3.parent).toEqual({ code: "CSP-MG", title: "Modernising Government" });
    expect(oi3.objectives.map((k) => [k.title, k.initiatives.map((i) => i.id)])).toEqual([["Case Management", [1]]]);
    // An initiative naming the priority but no objective of the year serves the priority directly.
    expect(oi3.initiatives.map((i) => i.id)).toEqual([2]);
  });

  it("counts distinct measures tracing to a priority, through objectives and directly", () => {
    const shared = measure(7);
    const t = arrangeThread(
      priorities,
      [objective(10, 3)],
      [initiative(1, { keyObjectiveId: 10, measures: [shared, measure(8)] }), initiative(2, { measures: [shared] })],
    );
    expect(t.priorities[0]!.measureCount).toBe(2);
  });

  it("reports the gaps: priority with no measure, objective with no initiative, initiatives without milestones or measures", () => {
    const t = arrangeThread(
      priorities,
      [objective(10, 1, "Children's services reform"), objective(11, 3, "Unstaffed objective")],
      [initiative(1, { priorityId: 1, keyObjectiveId: 10, measures: [] }), initiative(2, { milestones: [] })],
    );
    expect(t.gaps.prioritiesWithoutMeasure.map((p) => p.code)).toEqual(["CSP-CHILDREN"]);
    expect(t.gaps.objectivesWithoutInitiative.map((k) => k.title)).toEqual(["Unstaffed objective"]);
    expect(t.gaps.initiativesWithoutMilestone.map((i) => i.id)).toEqual([2]);
    expect(t.gaps.initiativesWithoutMeasure.map((i) => i.id)).toEqual([1]);
  });

  it("keeps the strategy's order, a sub-priority after its parent's place, and lists the priorities not served", () => {
    const t = arrangeThread(priorities, [], [initiative(1, { priorityId: 4 }), initiative(2, { priorityId: 3 }), initiative(3, { priorityId: 1 })]);
    expect(t.priorities.map((p) => p.code)).toEqual(["CSP-CHILDREN", "OI3", "CSP-WELLBEING"]);
    // OI3 serves Modernising Government, so every top-level priority is served.
    expect(t.otherPriorities).toEqual([]);
    const partial = arrangeThread(priorities, [], [initiative(1, { priorityId: 3 })]);
    expect(partial.otherPriorities.map((p) => p.code)).toEqual(["CSP-CHILDREN", "CSP-WELLBEING"]);
  });

  it("puts objectives and initiatives that name no (known) priority apart, so a broken thread shows", () => {
    const t = arrangeThread(priorities, [objective(10, null)], [initiative(1, { priorityId: null }), initiative(2, { priorityId: 99 })]);
    expect(t.priorities).toEqual([]);
    expect(t.unattached.objectives.map((k) => k.id)).toEqual([10]);
    expect(t.unattached.initiatives.map((i) => i.id)).toEqual([1, 2]);
  });

  it("an empty plan has no priorities and every top-level priority is unserved", () => {
    const t = arrangeThread(priorities, [], []);
    expect(t.priorities).toEqual([]);
    expect(t.otherPriorities.map((p) => p.code)).toEqual(["CSP-CHILDREN", "CSP-MG", "CSP-WELLBEING"]);
    expect(Object.values(t.gaps).every((g) => g.length === 0)).toBe(true);
  });
});

describe("arrangeThread: the money (priority → funding line → initiative)", () => {
  const line = (id: number, initiativeIds: number[], allocationPence = 500_000_000) => ({
    id,
    ref: `GP20-013-0${id}`,
    name: `Line ${id}`,
    kind: "growth" as const,
    allocationPence,
    initiativeIds,
  });

  it("puts each funding line under the priorities of the initiatives it funds, and on each initiative", () => {
    const t = arrangeThread(priorities, [objective(10, 3)], [initiative(1, { keyObjectiveId: 10 }), initiative(2, { priorityId: 4 })], [line(1, [1]), line(2, [1, 2], 25_200_000)]);
    const oi3 = t.priorities.find((p) => p.code === "OI3")!;
    const wellbeing = t.priorities.find((p) => p.code === "CSP-WELLBEING")!;
    expect(oi3.funding.map((f) => [f.id, f.initiatives.map((i) => i.id)])).toEqual([
      [1, [1]],
      [2, [1, 2]],
    ]);
    expect(wellbeing.funding.map((f) => f.id)).toEqual([2]);
    const one = oi3.objectives[0]!.initiatives[0]!;
    expect(one.funding.map((f) => [f.ref, f.allocationPence])).toEqual([
      ["GP20-013-01", 500_000_000],
      ["GP20-013-02", 25_200_000],
    ]);
    expect(t.funding).toHaveLength(2);
    expect(t.gaps.fundingWithoutInitiative).toEqual([]);
  });

  it("shows a funding line with no initiative as a break in the thread, under no priority", () => {
    const t = arrangeThread(priorities, [], [initiative(1)], [line(1, []), line(2, [1])]);
    expect(t.gaps.fundingWithoutInitiative.map((f) => f.id)).toEqual([1]);
    expect(t.priorities.flatMap((p) => p.funding.map((f) => f.id))).toEqual([2]);
  });

  it("an initiative no line funds has no funding", () => {
    const t = arrangeThread(priorities, [], [initiative(1)]);
    expect(t.priorities[0]!.initiatives[0]!.funding).toEqual([]);
    expect(t.priorities[0]!.funding).toEqual([]);
  });
});
