import { createHash } from "node:crypto";
import { addDays, differenceInCalendarDays, max as latestOf, parseISO, subDays } from "date-fns";
import { sql } from "drizzle-orm";
import { maskPersonalData } from "../../lib/feedback/mask";
import { recalculateMonth } from "../../lib/feedback/record";
import { surveyPeriod } from "../../lib/feedback/rules";
import type { Database } from "../client";
import * as s from "../schema";
import { lastCompletedMonths } from "./dates";
import { seededRandom } from "./random";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Demo customer survey data for CLS (db/seed/seed.ts): a survey link per service with a readable
 * demo token (/feedback/demo-customer-services), and three completed months plus the current one
 * of responses. Comments speak to CLS's top feedback themes (reply to the PAC, July 2021):
 * consistency of information, how customers felt after an interaction, quality of service.
 * Each month's CSAT, CES and CSI are then calculated from them exactly as a live response would.
 *
 * Issue 15: phone responses and about a third of the link ones are verified (typed in by an advisor,
 * or answered through a single-use link, whose use is recorded); Customer Services also has a few
 * open-link responses held for moderation this month and a few rejected last month, so the
 * moderation queue is not empty. Held and rejected ones are not in the figures.
 */

/** Open-link responses that look like a flood: held this month (Customer Services), rejected the month before. */
const SUSPECT = [
  { csat: 1, ces: 1, csi: 1, comment: "Worst service ever!!!", reason: "link_burst" },
  { csat: 1, ces: 1, csi: 1, comment: null, reason: "link_burst" },
  { csat: 1, ces: 2, csi: 1, comment: "Terrible terrible terrible", reason: "link_burst" },
  { csat: 1, ces: 1, csi: 1, comment: null, reason: "link_burst" },
  { csat: 2, ces: 3, csi: 2, comment: "Waited ages on the phone, nobody picked up.", reason: "address_rate" },
  { csat: 1, ces: 1, csi: 1, comment: null, reason: "address_rate" },
] as const;

const THEMES = {
  consistency: "Consistency of information",
  feeling: "How the customer felt after the interaction",
  quality: "Quality of service",
} as const;
type ThemeKey = keyof typeof THEMES;

/** Comments as customers write them, with the theme a reviewer would give them (positive ones lean on higher scores). */
const COMMENTS: { text: string; theme: ThemeKey | null; tone: "good" | "bad" }[] = [
  { text: "I was told one thing on the phone and something different when I came in to the office.", theme: "consistency", tone: "bad" },
  { text: "The website said I needed two forms but the advisor said only one. Which is it?", theme: "consistency", tone: "bad" },
  { text: "Different answers from different people about when my payment would arrive.", theme: "consistency", tone: "bad" },
  { text: "The letter and the email gave me different deadlines, which was confusing.", theme: "consistency", tone: "bad" },
  { text: "Clear, consistent advice this time: what I was told matched the guidance online.", theme: "consistency", tone: "good" },
  { text: "The advisor explained everything and it matched what I had read on gov.je.", theme: "consistency", tone: "good" },
  { text: "I felt listened to for the first time. Thank you for your patience.", theme: "feeling", tone: "good" },
  { text: "The lady on the phone put me at ease, I was very anxious before calling.", theme: "feeling", tone: "good" },
  { text: "Came away feeling reassured that my claim was in hand.", theme: "feeling", tone: "good" },
  { text: "I felt rushed and a bit stupid for asking. Not a nice experience.", theme: "feeling", tone: "bad" },
  { text: "Left the call more stressed than when I started.", theme: "feeling", tone: "bad" },
  { text: "Very kind and understanding at a difficult time for my family.", theme: "feeling", tone: "good" },
  { text: "Quick, accurate and friendly. Sorted in one call.", theme: "quality", tone: "good" },
  { text: "The advisor really knew their stuff and solved my problem straight away.", theme: "quality", tone: "good" },
  { text: "Waited 40 minutes on hold and then got cut off.", theme: "quality", tone: "bad" },
  { text: "My form was processed wrongly and I had to send everything again.", theme: "quality", tone: "bad" },
  { text: "Excellent service at the La Motte Street desk, thank you.", theme: "quality", tone: "good" },
  { text: "Nobody called me back when they said they would.", theme: "quality", tone: "bad" },
  { text: "Please call me back on 07797 123456 about my pension.", theme: "quality", tone: "bad" },
  { text: "My social security number is JY 12 34 56 A and my email is pat.example@example.je - still waiting for a reply.", theme: "consistency", tone: "bad" },
  { text: "Fine, no complaints.", theme: null, tone: "good" },
  { text: "Parking near the office is difficult.", theme: null, tone: "bad" },
  { text: "Good to be able to do this online now.", theme: null, tone: "good" },
];

/** Weighted pick of 1..n. */
function pick(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return i + 1;
  }
  return weights.length;
}

const SERVICES = [
  { slug: "cls-customer-services", token: "demo-customer-services", perMonth: [70, 85, 95], lead: "lead.cls@baseline.test" },
  { slug: "cls-local-services", token: "demo-local-services", perMonth: [14, 18, 22], lead: null },
  { slug: "cls-social-security", token: "demo-social-security", perMonth: [33, 38, 41], lead: null },
] as const;

export async function seedFeedback(tx: Tx, ctx: { now: Date; unitIds: Map<string, number>; userIds: Map<string, number> }): Promise<void> {
  const { now } = ctx;
  const themeRows = await tx.select({ id: s.feedbackThemes.id, name: s.feedbackThemes.name }).from(s.feedbackThemes).where(sql`${s.feedbackThemes.departmentId} is null`);
  const themeId = (k: ThemeKey) => themeRows.find((t) => t.name === THEMES[k])?.id;
  const reviewer = ctx.userIds.get("slt.cls@baseline.test") ?? null;
  const moderator = ctx.userIds.get("admin@baseline.test") ?? null;
  const current = surveyPeriod(now);
  const months = [...lastCompletedMonths(now, 3), current];

  for (const svc of SERVICES) {
    const unitId = ctx.unitIds.get(svc.slug);
    if (unitId === undefined) continue;
    const [link] = await tx.insert(s.feedbackLinks).values({ unitId, token: svc.token, createdById: reviewer }).returning({ id: s.feedbackLinks.id });
    const rand = seededRandom(`feedback:${svc.slug}`);
    const advisor = svc.lead ? (ctx.userIds.get(svc.lead) ?? null) : null;
    const responses: (typeof s.feedbackResponses.$inferInsert)[] = [];
    const tags: { index: number; theme: number }[] = [];
    /** Indexes of the link responses given through a single-use link. */
    const singleUse: number[] = [];
    months.forEach((period, m) => {
      const start = parseISO(period);
      const isCurrent = period === current;
      const days = isCurrent ? Math.max(1, differenceInCalendarDays(now, start) + 1) : 28;
      const count = isCurrent ? Math.max(6, Math.round((svc.perMonth[2] * days) / 30)) : svc.perMonth[m]!;
      // Satisfaction improves a little month by month, as the CLS plan intends.
      const lift = m * 0.04;
      for (let i = 0; i < count; i++) {
        const csat = pick(rand, [0.05, 0.06, 0.1, 0.36 + lift, 0.43 + lift]);
        const ces = Math.min(7, Math.max(1, csat + pick(rand, [0.25, 0.45, 0.3]) - 1));
        const csi = Math.min(5, Math.max(1, csat + pick(rand, [0.5, 0.4, 0.1]) - 2));
        const withComment = rand() < 0.4;
        const pool = COMMENTS.filter((c) => (csat >= 4 ? c.tone === "good" : c.tone === "bad"));
        const c = withComment ? pool[Math.floor(rand() * pool.length)]! : null;
        const phone = advisor !== null && rand() < 0.45;
        const at = addDays(start, Math.floor(rand() * days));
        at.setHours(9 + Math.floor(rand() * 8), Math.floor(rand() * 60));
        responses.push({
          unitId,
          linkId: phone ? null : link!.id,
          source: phone ? "phone" : "link",
          period,
          csat,
          ces,
          csi,
          comment: c ? maskPersonalData(c.text).text : null,
          channel: phone ? "phone" : ([null, "email", "online", "in_person"] as const)[Math.floor(rand() * 4)]!,
          enteredById: phone ? advisor : null,
          submissionKey: `seed-${svc.slug}-${period}-${i}`,
          submittedAt: at > now ? now : at,
          verified: phone || rand() < 0.35,
        });
        if (!phone && responses.at(-1)!.verified) singleUse.push(responses.length - 1);
        // Most comments of the completed months have been reviewed and tagged; the current month's only partly.
        const theme = c?.theme ? themeId(c.theme) : undefined;
        if (theme && rand() < (isCurrent ? 0.5 : 0.85)) tags.push({ index: responses.length - 1, theme });
      }
    });
    if (svc.slug === "cls-customer-services") {
      const previous = months.at(-2)!;
      SUSPECT.forEach((x, i) => {
        // Held this month, two days ago (out of any hold window the e2e tests post in); rejected last month.
        const base = { unitId, linkId: link!.id, source: "link" as const, csat: x.csat, ces: x.ces, csi: x.csi, comment: x.comment, channel: null, holdReason: x.reason };
        responses.push({ ...base, period: current, state: "held", submittedAt: latestOf([parseISO(current), subDays(now, 2)]), submissionKey: `seed-held-${i}` });
        if (i < 3) {
          const at = addDays(parseISO(previous), 10);
          responses.push({ ...base, period: previous, state: "rejected", submittedAt: at, reviewedById: moderator, reviewedAt: addDays(at, 1), submissionKey: `seed-rejected-${i}` });
        }
      });
    }
    const ids = await tx.insert(s.feedbackResponses).values(responses).returning({ id: s.feedbackResponses.id });
    if (singleUse.length) {
      // The keys of real uses are keyed hashes (lib/feedback/keys.ts); the demo's only need to be unique.
      await tx.insert(s.feedbackInteractionUses).values(
        singleUse.map((index) => ({
          interactionKey: createHash("sha256").update(`seed-interaction:${svc.slug}:${index}`).digest("hex"),
          linkId: link!.id,
          responseId: ids[index]!.id,
          usedAt: responses[index]!.submittedAt,
        })),
      );
    }
    if (tags.length) {
      await tx.insert(s.feedbackResponseThemes).values(tags.map((t) => ({ responseId: ids[t.index]!.id, themeId: t.theme, taggedById: reviewer })));
    }
    for (const period of months) await recalculateMonth(tx, unitId, period);
  }
}
