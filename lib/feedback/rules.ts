/**
 * Customer survey rules (pure). Definitions as in the measures catalogue and the CLS reply to the
 * PAC (July 2021): CSAT = % of responses rating satisfaction 4 or 5 of 5; CES = mean ease score on
 * 1–7; CSI = net sentiment, % positive (4–5) minus % negative (1–2), from −100 to +100.
 */

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

/** Whether a month has too few responses to be relied on (flagged, never hidden). */
export function isLowSample(responses: number, minimum: number): boolean {
  return responses < minimum;
}

/** The commentary written with each survey-calculated figure. */
export function surveyCommentary(responses: number, minimum: number): string {
  const base = `Calculated from ${responses.toLocaleString("en-GB")} customer survey ${responses === 1 ? "response" : "responses"}.`;
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
