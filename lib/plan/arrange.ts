/**
 * Arranges a department's plan into the golden thread (pure; unit-tested): each Common Strategic
 * Policy priority it serves → its key objectives → their initiatives → milestones and measures,
 * with the money (issue 16): the Government Plan funding lines (£ allocation) that pay for each
 * initiative, and under each priority the lines that fund its initiatives. The gaps the PAC asked
 * about: priorities no measure traces to, objectives with no initiative, initiatives with no
 * milestone or no measure, and funding lines linked to no initiative (money with no thread).
 */
import type { InitiativeStatus, InitiativeType, Rag } from "@/lib/enums";
import type { Status } from "@/lib/measures/status";
import type { MilestoneState } from "@/lib/reviews/rules";

export interface ThreadMeasure {
  id: number;
  code: string;
  name: string;
  valueType: string;
  decimals: number;
  scaleMax: string | null;
  value: number | null;
  status: Status;
}

export interface ThreadMilestone {
  id: number;
  title: string;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  state: MilestoneState;
}

/** A funding line (growth or capital) of the plan's year, with the initiatives it is linked to. */
export interface ThreadFundingRow {
  id: number;
  ref: string | null;
  name: string;
  kind: "growth" | "capital";
  allocationPence: number;
  initiativeIds: number[];
}

/** A funding line as the thread shows it: under a priority, with the initiatives of the thread it funds. */
export interface ThreadFunding extends Omit<ThreadFundingRow, "initiativeIds"> {
  initiatives: { id: number; cspRef: string; title: string }[];
}

export interface ThreadInitiativeRow {
  id: number;
  cspRef: string;
  title: string;
  type: InitiativeType;
  status: InitiativeStatus;
  rag: Rag | null;
  ongoing: boolean;
  successCriterion: string | null;
  priorityId: number | null;
  keyObjectiveId: number | null;
  unitName: string;
  milestones: ThreadMilestone[];
  measures: ThreadMeasure[];
}
export interface ThreadInitiative extends ThreadInitiativeRow {
  /** The funding lines that pay for it. */
  funding: Omit<ThreadFundingRow, "initiativeIds">[];
}

export interface ThreadObjectiveRow {
  id: number;
  title: string;
  description: string;
  priorityId: number | null;
  leadUnitName: string;
}
export interface ThreadObjective extends ThreadObjectiveRow {
  initiatives: ThreadInitiative[];
}

export interface ThreadPriorityRow {
  id: number;
  code: string;
  title: string;
  description: string;
  parentId: number | null;
}
export interface ThreadPriority extends ThreadPriorityRow {
  /** The priority this one sits under (e.g. OI3 under Modernising Government), if any. */
  parent: { code: string; title: string } | null;
  objectives: ThreadObjective[];
  /** Initiatives serving the priority directly, not through one of this year's key objectives. */
  initiatives: ThreadInitiative[];
  /** Distinct measures that trace to the priority through its initiatives. */
  measureCount: number;
  /** Funding lines that pay for the priority's initiatives (priority → funding line → initiative). */
  funding: ThreadFunding[];
}

export interface GoldenThread {
  priorities: ThreadPriority[];
  /** Objectives and initiatives that name no priority: the thread is broken above them. */
  unattached: { objectives: ThreadObjective[]; initiatives: ThreadInitiative[] };
  /** Top-level priorities this department's plan does not serve. */
  otherPriorities: { code: string; title: string }[];
  /** Every funding line of the year, in the plan's order. */
  funding: ThreadFunding[];
  gaps: {
    prioritiesWithoutMeasure: ThreadPriority[];
    objectivesWithoutInitiative: ThreadObjective[];
    initiativesWithoutMilestone: ThreadInitiative[];
    initiativesWithoutMeasure: ThreadInitiative[];
    /** Money with no thread: funding lines linked to no initiative. */
    fundingWithoutInitiative: ThreadFunding[];
  };
}

export function arrangeThread(
  priorities: ThreadPriorityRow[],
  objectives: ThreadObjectiveRow[],
  initiativeRows: ThreadInitiativeRow[],
  fundingRows: ThreadFundingRow[] = [],
): GoldenThread {
  const line = (f: ThreadFundingRow) => ({ id: f.id, ref: f.ref, name: f.name, kind: f.kind, allocationPence: f.allocationPence });
  const fundingOf = new Map<number, ThreadFundingRow[]>();
  for (const f of fundingRows) for (const id of f.initiativeIds) fundingOf.set(id, [...(fundingOf.get(id) ?? []), f]);
  const initiatives: ThreadInitiative[] = initiativeRows.map((i) => ({ ...i, funding: (fundingOf.get(i.id) ?? []).map(line) }));
  const byInitiative = new Map(initiatives.map((i) => [i.id, i]));
  const threadFunding = (f: ThreadFundingRow): ThreadFunding => ({
    ...line(f),
    initiatives: f.initiativeIds.flatMap((id) => {
      const i = byInitiative.get(id);
      return i ? [{ id: i.id, cspRef: i.cspRef, title: i.title }] : [];
    }),
  });

  const byId = new Map(priorities.map((p) => [p.id, p]));
  const objectiveMap = new Map<number, ThreadObjective>(objectives.map((k) => [k.id, { ...k, initiatives: [] }]));
  const served = new Map<number, ThreadPriority>();
  const unattached: GoldenThread["unattached"] = { objectives: [], initiatives: [] };

  const priorityFor = (id: number): ThreadPriority => {
    let p = served.get(id);
    if (!p) {
      const row = byId.get(id)!;
      const parent = row.parentId !== null ? byId.get(row.parentId) : undefined;
      p = { ...row, parent: parent ? { code: parent.code, title: parent.title } : null, objectives: [], initiatives: [], measureCount: 0, funding: [] };
      served.set(id, p);
    }
    return p;
  };

  for (const k of objectiveMap.values()) {
    if (k.priorityId !== null && byId.has(k.priorityId)) priorityFor(k.priorityId).objectives.push(k);
    else unattached.objectives.push(k);
  }
  for (const i of initiatives) {
    const objective = i.keyObjectiveId !== null ? objectiveMap.get(i.keyObjectiveId) : undefined;
    if (objective) objective.initiatives.push(i);
    else if (i.priorityId !== null && byId.has(i.priorityId)) priorityFor(i.priorityId).initiatives.push(i);
    else unattached.initiatives.push(i);
  }

  for (const p of served.values()) {
    const all = [...p.objectives.flatMap((k) => k.initiatives), ...p.initiatives];
    p.measureCount = new Set(all.flatMap((i) => i.measures.map((m) => m.id))).size;
    const ids = new Set(all.map((i) => i.id));
    p.funding = fundingRows.filter((f) => f.initiativeIds.some((id) => ids.has(id))).map(threadFunding);
  }

  // Priorities in the order of the strategy; a sub-priority right after its parent's position.
  const order = new Map(priorities.map((p, i) => [p.id, i]));
  const rank = (p: ThreadPriority) => (p.parentId !== null ? (order.get(p.parentId) ?? 0) + 0.5 : (order.get(p.id) ?? 0));
  const list = [...served.values()].sort((a, b) => rank(a) - rank(b));

  const servedTop = new Set(list.map((p) => p.parentId ?? p.id));
  const otherPriorities = priorities.filter((p) => p.parentId === null && !servedTop.has(p.id)).map((p) => ({ code: p.code, title: p.title }));

  const allObjectives = [...objectiveMap.values()];
  return {
    priorities: list,
    unattached,
    otherPriorities,
    funding: fundingRows.map(threadFunding),
    gaps: {
      prioritiesWithoutMeasure: list.filter((p) => p.measureCount === 0),
      objectivesWithoutInitiative: allObjectives.filter((k) => k.initiatives.length === 0),
      initiativesWithoutMilestone: initiatives.filter((i) => i.milestones.length === 0),
      initiativesWithoutMeasure: initiatives.filter((i) => i.measures.length === 0),
      fundingWithoutInitiative: fundingRows.filter((f) => f.initiativeIds.length === 0).map(threadFunding),
    },
  };
}
