import { addDays, parseISO, subDays } from "date-fns";
import type { Rag } from "../../lib/enums";
import type { SeedMeasure } from "./data/types";
import { iso } from "./dates";
import { seededRandom } from "./random";

/**
 * Pure generators for the demo's history (db/seed/seed.ts), so that "as at" views of past periods
 * have something true to show: monthly RAG updates, monthly risk ratings, milestone forecast
 * changes. Each history is built backwards from today's state, so it always ends exactly there.
 */


/** Where a month's RAG came from, walking back one month: mostly the same, else one step away. */
const RAG_BACK: Record<Rag, [Rag, number][]> = {
  green: [["green", 0.92], ["amber", 0.08]],
  amber: [["amber", 0.6], ["green", 0.36], ["red", 0.04]],
  red: [["red", 0.6], ["amber", 0.4]],
};

function step<T>(rand: () => number, options: [T, number][]): T {
  let r = rand();
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options[options.length - 1]![0];
}

/** `count` monthly RAG ratings, oldest first, that move one step at a time and end at `current`. */
export function ragHistory(seed: string, count: number, current: Rag): Rag[] {
  const rand = seededRandom(`rag:${seed}`);
  const out: Rag[] = [current];
  while (out.length < count) out.unshift(step(rand, RAG_BACK[out[0]!]));
  return out.slice(-count);
}

/**
 * A lead's commentary on an off-target figure, by what the measure counts, so that it fits the
 * measure it sits on (issue 19: a note on TOM vacancies showed on P1 incidents). Four of each
 * kind, so that the seeded draw is the same whichever list it picks from.
 */
export function commentaryOff(m: Pick<SeedMeasure, "code" | "category">): readonly string[] {
  if (m.code.includes("-TOM-")) {
    return [
      "Behind the recruitment plan: two TOM posts were re-advertised after the first campaign; interviews are booked.",
      "Short of plan: offers made for three TOM posts, with start dates next month; the plan is unchanged.",
      "Below plan: a specialist TOM post attracted no suitable applicants; People Services is running a targeted campaign.",
      "Behind plan this month: two leavers offset the new starters; exit interviews reviewed with People Services.",
    ];
  }
  switch (m.category) {
    case "workforce":
      return [
        "Off target this month; HR business partners are reviewing the causes with each directorate.",
        "Off target. Two long-term cases account for most of the change; support plans agreed with the managers.",
        "Missed target. The monthly review with People Services found no single cause; actions agreed at SLT.",
        "Off target: the winter months are always higher; the directorates' action plans are being followed up.",
      ];
    case "service":
      return [
        "Below target: two major incidents this month took the team's capacity; recovery plan agreed at SLT.",
        "Short of target because of vacancies in the team; agency cover starts next month.",
        "Missed target. Volumes were higher than forecast after the system change; backlog cleared by mid-month.",
        "Off target: a supplier outage affected the service for three days. Root cause review requested.",
      ];
    case "customer":
      return [
        "Below target this month; the team leaders are reviewing what lies behind the figure and will report back at SLT.",
        "Off target: staff were moved to the busiest channels at peak times, which held other work back; rotas revised.",
        "Missed target. A small month, so the figure moves more than usual; the trend is being watched.",
        "Below target: the causes are being worked through with the team; actions agreed at SLT.",
      ];
    default:
      return [
        "Off target: demand was higher than planned this month; requests are being prioritised with the departments.",
        "Missed target. Two items were delayed awaiting sign-off by other departments; both are scheduled for next month.",
        "Off target this month; the causes are understood and actions were agreed at SLT.",
        "Behind target: the team's capacity went to an urgent procurement this month; the backlog is being cleared.",
      ];
  }
}

export const RAG_REASONS: Record<Exclude<Rag, "green">, string[]> = {
  amber: [
    "Dependencies on recruitment are delaying one deliverable; forecast moved and recovery actions agreed.",
    "Supplier delivery is running about two weeks late; mitigation agreed with the sponsor.",
    "Scope under review after stakeholder feedback; the date is at risk but recoverable.",
    "Key staff diverted to operational pressures this month; plan re-baselined with the sponsor.",
  ],
  red: [
    "Key deliverable has missed its date and the new forecast is not yet agreed; escalated to SLT.",
    "Funding for the next phase is not yet confirmed; work paused pending a decision.",
  ],
};

export const RAG_COMMENTARY: Record<Rag, string[]> = {
  green: [
    "Deliverables on track for their target dates.",
    "This month's milestones met; next steps agreed with the sponsor.",
    "Progressing to plan; no issues to escalate.",
  ],
  amber: ["Recovery plan reviewed with the sponsor this month.", "Revised plan being worked through with the delivery team."],
  red: ["Escalated to SLT; options paper in preparation.", "Recovery plan reviewed with the sponsor this month."],
};

export interface Rating {
  likelihood: number;
  impact: number;
}

/**
 * `count` monthly residual ratings, oldest first, ending at `current`: walking back, a rating now
 * and then steps up (risks come down as mitigations take effect), within 1 and the inherent rating.
 */
export function ratingHistory(seed: string, count: number, current: Rating, inherent: Rating): Rating[] {
  const rand = seededRandom(`rating:${seed}`);
  const out: Rating[] = [current];
  const clamp = (x: number, hi: number) => Math.min(Math.max(hi, 1), Math.max(1, x));
  while (out.length < count) {
    const { likelihood, impact } = out[0]!;
    const r = rand();
    // Back in time: 85% unchanged, else likelihood (mostly) or impact one step, a little more often up than down.
    const delta = r < 0.85 ? 0 : rand() < 0.6 ? 1 : -1;
    const onImpact = rand() < 0.2;
    out.unshift({
      likelihood: onImpact ? likelihood : clamp(likelihood + delta, Math.max(inherent.likelihood, current.likelihood)),
      impact: onImpact ? clamp(impact + delta, Math.max(inherent.impact, current.impact)) : impact,
    });
  }
  return out.slice(-count);
}

export interface ForecastChange {
  fromDate: string;
  toDate: string;
  changedAt: Date;
}

/**
 * How a slipped milestone's forecast got from its planned date to today's forecast: moved 2–6
 * weeks before the date it was leaving, as a lead would once the slip became clear. A long slip
 * (more than two months) went in two moves when the second one was already due.
 */
export function forecastChanges(seed: string, planned: string, forecast: string, now: Date): ForecastChange[] {
  if (forecast === planned) return [];
  const rand = seededRandom(`forecast:${seed}`);
  const before = (date: string) => {
    const at = subDays(parseISO(date), 14 + Math.floor(rand() * 29));
    at.setHours(9 + Math.floor(rand() * 8), Math.floor(rand() * 60), 0, 0);
    return at;
  };
  const gapDays = (parseISO(forecast).getTime() - parseISO(planned).getTime()) / 86_400_000;
  if (gapDays > 60) {
    const middle = iso(addDays(parseISO(planned), 45));
    const first = before(planned);
    const second = before(middle);
    if (second < now && second > first) {
      return [
        { fromDate: planned, toDate: middle, changedAt: first },
        { fromDate: middle, toDate: forecast, changedAt: second },
      ];
    }
  }
  const at = before(planned);
  return [{ fromDate: planned, toDate: forecast, changedAt: at < now ? at : subDays(now, 1) }];
}

/** A moment on a working day `days` after `date`, during office hours, never after `now`. */
export function officeTime(seed: string, date: string, days: number, now: Date): Date {
  const rand = seededRandom(`time:${seed}`);
  const at = addDays(parseISO(date), days);
  // Weekend → the Monday after.
  const dow = at.getDay();
  if (dow === 6) at.setDate(at.getDate() + 2);
  if (dow === 0) at.setDate(at.getDate() + 1);
  at.setHours(9 + Math.floor(rand() * 8), Math.floor(rand() * 60), 0, 0);
  return at < now ? at : new Date(now.getTime() - 60_000);
}
