/**
 * The three survey questions and their scales, every point written out in words (the same words
 * on the public page, the phone form and in the figures' definitions in the measures catalogue).
 */
import type { FeedbackChannel, FeedbackMetric } from "@/lib/enums";

/** The longest comment accepted, in characters. */
export const COMMENT_MAX = 1000;

export interface Question {
  metric: FeedbackMetric;
  /** The question as the customer reads it (the fieldset legend). */
  legend: string;
  /** A short name for tables and errors. */
  short: string;
  /** Scale points, lowest first: [value, words]. */
  points: readonly (readonly [number, string])[];
}

export const QUESTIONS: readonly Question[] = [
  {
    metric: "csat",
    legend: "How satisfied were you with the help you received?",
    short: "Satisfaction",
    points: [
      [1, "Very dissatisfied"],
      [2, "Dissatisfied"],
      [3, "Neither satisfied nor dissatisfied"],
      [4, "Satisfied"],
      [5, "Very satisfied"],
    ],
  },
  {
    metric: "ces",
    legend: "How easy was it to get the help you needed?",
    short: "Ease",
    points: [
      [1, "Very difficult"],
      [2, "Difficult"],
      [3, "Somewhat difficult"],
      [4, "Neither easy nor difficult"],
      [5, "Somewhat easy"],
      [6, "Easy"],
      [7, "Very easy"],
    ],
  },
  {
    metric: "csi",
    legend: "How did dealing with us make you feel?",
    short: "Feeling",
    points: [
      [1, "Very negative"],
      [2, "Negative"],
      [3, "Neither positive nor negative"],
      [4, "Positive"],
      [5, "Very positive"],
    ],
  },
];

export const CHANNEL_LABELS: Record<FeedbackChannel, string> = {
  phone: "By phone",
  email: "By email",
  in_person: "In person",
  online: "Online",
};

export const METRIC_NAMES: Record<FeedbackMetric, string> = {
  csat: "Customer satisfaction (CSAT)",
  ces: "Customer effort score (CES)",
  csi: "Customer sentiment index (CSI)",
};
