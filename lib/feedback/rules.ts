/**
 * Customer survey rules (pure). Definitions as in the measures catalogue and the CLS reply to the
 * PAC (July 2021): CSAT = % of responses rating satisfaction 4 or 5 of 5; CES = mean ease score on
 * 1–7; CSI = net sentiment, % positive (4–5) minus % negative (1–2), from −100 to +100.
 */

import { COUNTED_REVIEW_STATES, type FeedbackHoldReason, type FeedbackReviewState } from "@/lib/enums";

export const MIN_RESPONSES_DEFAULT = 30;
export const MIN_RESPONSES_SETTING = "feedback_min_responses";

export interface Answers {
  csat: number;
  ces: number;
  csi: number;
}

export interface MonthFigures {
  responses: number;
  /** CSAT parts: satisfied (4–5) out of all responses. */
  satisfied: number;
  csat: number | null;
  ces: number | null;
  csi: number | null;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The month's figures from its responses: the reference for the SQL in lib/feedback/record.ts
 * (which computes them in the database) and used by tests to check it. Null figures when empty.
 */
export function summarise(responses: readonly Answers[]): MonthFigures {
  const n = responses.length;
  if (n === 0) return { responses: 0, satisfied: 0, csat: null, ces: null, csi: null };
  const satisfied = responses.filter((r) => r.csat >= 4).length;
  const positive = responses.filter((r) => r.csi >= 4).length;
  const negative = responses.filter((r) => r.csi <= 2).length;
  const cesSum = responses.reduce((s, r) => s + r.ces, 0);
  return {
    responses: n,
    satisfied,
    csat: round4((satisfied * 100) / n),
    ces: round4(cesSum / n),
    csi: round4(((positive - negative) * 100) / n),
  };
}

/** A month's survey sample: what its CSAT, CES and CSI are estimated from (their 95% intervals, lib/statistics/sample.ts). */
export interface SurveySample {
  n: number;
  /** CSAT 4–5. */
  satisfied: number;
  /** The CES scores' sum and sum of squares. */
  sum: number;
  sumSquares: number;
  /** CSI 4–5 and 1–2. */
  positive: number;
  negative: number;
}

/** The month's sample from its responses: the twin of surveySampleJson (lib/feedback/sample-sql.ts). */
export function surveySample(responses: readonly Answers[]): SurveySample {
  return {
    n: responses.length,
    satisfied: responses.filter((r) => r.csat >= 4).length,
    sum: responses.reduce((a, r) => a + r.ces, 0),
    sumSquares: responses.reduce((a, r) => a + r.ces * r.ces, 0),
    positive: responses.filter((r) => r.csi >= 4).length,
    negative: responses.filter((r) => r.csi <= 2).length,
  };
}

/** Whether a month has too few responses to be relied on (flagged, never hidden). */
export function isLowSample(responses: number, minimum: number): boolean {
  return responses < minimum;
}

/** "412 responses, 389 verified": how many responses a figure counts, and how many of them are verified. */
export function responsesText(responses: number, verified: number): string {
  return `${responses.toLocaleString("en-GB")} ${responses === 1 ? "response" : "responses"}, ${verified.toLocaleString("en-GB")} verified`;
}

/** The commentary written with each survey-calculated figure (held and rejected responses are not in it). */
export function surveyCommentary(responses: number, minimum: number, verified: number): string {
  const base = `Calculated from ${responses.toLocaleString("en-GB")} customer survey ${responses === 1 ? "response" : "responses"}, ${verified.toLocaleString("en-GB")} verified.`;
  return isLowSample(responses, minimum)
    ? `${base} Low sample: fewer than ${minimum.toLocaleString("en-GB")} responses, so treat this figure with caution.`
    : base;
}

/** The month a response counts towards: the first day of the month it was given in, Jersey time. */
export function surveyPeriod(now: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Jersey", year: "numeric", month: "2-digit" }).formatToParts(now);
  const year = parts.find((p) => p.type === "year")!.value;
  const month = parts.find((p) => p.type === "month")!.value;
  return `${year}-${month}-01`;
}

/** A minimum-responses setting as stored (JSON): a whole number from 1 to 1,000, or the default. */
export function parseMinResponses(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000 ? value : MIN_RESPONSES_DEFAULT;
}

/** "up 3 from 5", "down 2 from 7", "no change from 4", "new this month" for a theme's month-on-month change. */
export function changeText(current: number, previous: number): string {
  if (previous === 0 && current > 0) return `new this month (none the month before)`;
  const d = current - previous;
  if (d === 0) return `no change from ${previous}`;
  return `${d > 0 ? "up" : "down"} ${Math.abs(d)} from ${previous}`;
}

/*
 * Survey flooding (issue 15, docs/security.md "Survey flooding"). Responses through a single-use
 * signed link or typed in by an advisor are verified and always counted. Open-link responses (the
 * email-signature link) are screened as they arrive: beyond a normal rate they are held for a
 * moderator instead of being refused, so a flood never locks genuine respondents out and never
 * moves the figures until someone accepts it.
 */

export interface HoldRule {
  /** Per source address: more than `max` open-link responses in `windowMinutes` are held. */
  address: { max: number; windowMinutes: number };
  /**
   * Per link: more than max(`floor`, its normal hourly rate × `factor`) open-link responses in
   * `windowMinutes` are held. The normal rate is the link's counted responses over the
   * `baselineDays` before the window, so a held flood never raises it.
   */
  link: { windowMinutes: number; factor: number; floor: number; baselineDays: number };
}

export const HOLD_RULE: HoldRule = {
  // A customer answers once; two or three from one address covers a shared office or household.
  address: { max: 3, windowMinutes: 60 },
  // Five times the usual hour, and never fewer than 20 an hour (a quiet link's usual rate is well under 1).
  link: { windowMinutes: 60, factor: 5, floor: 20, baselineDays: 28 },
};

/** What the screen counts, before this response is stored. */
export interface RecentCounts {
  /** Open-link responses from the same source address in the address window (any state). */
  fromAddress: number;
  /** Unverified responses on the same link in the link window (any state, held ones too). */
  onLink: number;
  /** The link's counted responses over the baseline period before the link window. */
  linkBaseline: number;
}

export type Screening = { state: "counted" } | { state: "held"; reason: FeedbackHoldReason };

/** The most open-link responses a link takes in its window before holding them. */
export function linkBurstThreshold(linkBaseline: number, rule: HoldRule["link"] = HOLD_RULE.link): number {
  const normalPerWindow = (linkBaseline / (rule.baselineDays * 24 * 60)) * rule.windowMinutes;
  return Math.max(rule.floor, Math.ceil(normalPerWindow * rule.factor));
}

/**
 * Whether an open-link response counts or is held. When held, the caller also holds the
 * responses that were counted earlier in the same window (from that address, or on that link):
 * the first few of a burst would otherwise move the figures before the burst is seen.
 */
export function screenOpenResponse(counts: RecentCounts, rule: HoldRule = HOLD_RULE): Screening {
  if (counts.fromAddress + 1 > rule.address.max) return { state: "held", reason: "address_rate" };
  if (counts.onLink + 1 > linkBurstThreshold(counts.linkBaseline, rule.link)) return { state: "held", reason: "link_burst" };
  return { state: "counted" };
}

/** Whether a response in this state counts in the figures (the twin of lib/feedback/counted-sql.ts). */
export function isCounted(state: FeedbackReviewState): boolean {
  return (COUNTED_REVIEW_STATES as readonly FeedbackReviewState[]).includes(state);
}

export const HOLD_REASON_TEXT: Record<FeedbackHoldReason, string> = {
  address_rate: "Many responses from one source address",
  link_burst: "Burst of responses on the link",
};
