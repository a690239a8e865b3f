import { hash } from "@node-rs/argon2";
import { addDays, differenceInCalendarDays, parseISO, subDays, subMonths } from "date-fns";
import { eq } from "drizzle-orm";
import type { ActionStatus, Rag, RecommendationStatus } from "../../lib/enums";
import { statusOf } from "../../lib/measures/status";
import type { Database } from "../client";
import * as s from "../schema";
import { addMonthsIso, iso, lastCompletedMonths, shiftDate, shiftYearsInText, yearShift } from "./dates";
import { initiatives, keyObjectives, measures, priorities, recommendations, risks, units } from "./data";
import type { SeedMeasure } from "./data/types";
import { seedFeedback } from "./feedback";
import { anchorPeriod, demoFigures } from "./figures";
import { commentaryOff, forecastChanges, officeTime, RAG_COMMENTARY, RAG_REASONS, ragHistory, ratingHistory } from "./history";
import { seededRandom } from "./random";
import { seedReports } from "./reports";
import { seedResources } from "./resources";
import { seedStatistics } from "./statistics";
import { DEMO_PASSWORD, demoUsers } from "./users";

const num = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

function need<T>(map: Map<string, T>, key: string, what: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`seed: unknown ${what} "${key}"`);
  return v;
}

/** Whether a figure is off the target in force for its period (to give it commentary, as a lead would). */
function offTarget(m: SeedMeasure, value: number, period: string, shiftDateFn: (d: string) => string): boolean {
  const later = (m.laterTargets ?? []).filter((t) => shiftDateFn(t.from) <= period).at(-1);
  const target = later ? later.value : m.target.value;
  return statusOf({ value, target, direction: m.direction, tolerancePct: m.amberTolerancePct ?? 5 }) === "off_target";
}

const COMMENTARY_ON = [
  "On track. No exceptions to report.",
  "Improvement continues following the process changes introduced last quarter.",
  "Performance held steady this month.",
];

/**
 * Loads the demo organisation, accounts, measures with 24 months of figures, plan, risks and
 * recommendations into an empty, migrated database — in one transaction.
 */
export async function seedDemo(db: Database, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const shift = yearShift(now);
  const d = (date: string) => shiftDate(date, shift);
  // Years in the documents' words move with their dates: "August 2020" beside a baseline of last August.
  const t = (text: string) => shiftYearsInText(text, shift);
  const tOrNull = (text: string | null | undefined) => (text == null ? null : t(text));
  const today = iso(now);
  const thisYear = now.getFullYear();
  // Hash outside the transaction: each account gets its own salt.
  const hashes = await Promise.all(demoUsers.map(() => hash(DEMO_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 })));

  await db.transaction(async (tx) => {
    // Organisation
    const unitIds = new Map<string, number>();
    for (const [i, u] of units.entries()) {
      const [row] = await tx
        .insert(s.orgUnits)
        .values({
          slug: u.slug,
          name: u.name,
          shortName: u.shortName,
          kind: u.kind,
          parentId: u.parentSlug ? need(unitIds, u.parentSlug, "unit") : null,
          sortOrder: i,
        })
        .returning({ id: s.orgUnits.id });
      unitIds.set(u.slug, row!.id);
    }

    // Accounts
    const userIds = new Map<string, number>();
    const inserted = await tx
      .insert(s.users)
      .values(
        demoUsers.map((u, i) => ({
          email: u.email,
          name: u.name,
          role: u.role,
          unitId: u.unitSlug ? need(unitIds, u.unitSlug, "unit") : null,
          passwordHash: hashes[i]!,
        })),
      )
      .returning({ id: s.users.id, email: s.users.email });
    for (const r of inserted) userIds.set(r.email, r.id);
    const leadFor = (unitSlug: string) => {
      const u = demoUsers.find((x) => x.unitSlug === unitSlug && x.role === "LEAD") ?? demoUsers.find((x) => x.role === "SLT" && units.find((un) => un.slug === unitSlug)?.parentSlug === x.unitSlug);
      return u ? userIds.get(u.email)! : userIds.get("admin@baseline.test")!;
    };

    // Measures, targets and figures
    const measureIds = new Map<string, number>();
    const months = lastCompletedMonths(now, 24);
    for (const [i, m] of measures.entries()) {
      const [row] = await tx
        .insert(s.measures)
        .values({
          code: m.code,
          name: t(m.name),
          description: t(m.description),
          unitId: need(unitIds, m.unitSlug, "unit"),
          category: m.category,
          valueType: m.valueType,
          scaleMin: num(m.scaleMin),
          scaleMax: num(m.scaleMax),
          decimals: m.decimals,
          direction: m.direction,
          frequency: m.frequency,
          quarterRule: m.quarterRule,
          dataSource: m.dataSource,
          dataLimitations: tOrNull(m.dataLimitations),
          baselineValue: num(m.baseline?.value),
          baselinePeriod: m.baseline ? d(m.baseline.period) : null,
          baselineNote: tOrNull(m.baseline?.note),
          amberTolerancePct: String(m.amberTolerancePct ?? 5),
          internationalBenchmarking: m.internationalBenchmarking,
          groupName: m.group ?? null,
          breakdown: m.breakdown ?? null,
          sortOrder: i,
          isPublic: m.isPublic,
          feedbackMetric: m.feedbackMetric ?? null,
          isVolume: m.isVolume ?? false,
        })
        .returning({ id: s.measures.id });
      const measureId = row!.id;
      measureIds.set(m.code, measureId);
      await tx.insert(s.measureTargets).values({
        measureId,
        targetValue: num(m.target.value),
        // The plan's target applies to the whole demo history, so every month has a target to be judged against.
        effectiveFrom: [d(m.target.from), months[0]!].sort()[0]!,
        tbcDue: m.target.tbcDue ? d(m.target.tbcDue) : null,
        note: m.target.value === null ? "Target to be confirmed" : null,
      });
      for (const later of m.laterTargets ?? []) {
        await tx.insert(s.measureTargets).values({ measureId, targetValue: num(later.value), effectiveFrom: d(later.from), note: tOrNull(later.note) });
      }

      const quarterly = m.frequency === "quarterly";
      const periods = quarterly ? months.filter((p) => [0, 3, 6, 9].includes(Number(p.slice(5, 7)) - 1)).slice(-8) : months;
      // A quarter is entered once it has ended: drop a quarter whose last month is not complete.
      const usable = quarterly ? periods.filter((p) => addMonthsIso(p, 3) <= iso(new Date(now.getFullYear(), now.getMonth(), 1))) : periods;
      // The plan's baseline month shows the plan's baseline (issue 13 §6): the history runs through it.
      const anchorAt = m.baseline && m.baseline.value !== null ? anchorPeriod(d(m.baseline.period), usable, quarterly) : null;
      const figures = demoFigures(m, usable, anchorAt !== null ? { period: anchorAt, value: m.baseline!.value! } : null);
      const rand = seededRandom(`${m.code}:commentary`);
      const enteredBy = leadFor(m.unitSlug);
      if (figures.length > 0) {
        await tx.insert(s.measureValues).values(
          figures.map((f, idx) => {
            const latest = idx === figures.length - 1 && f.period === usable[usable.length - 1];
            // Most recent month of a few measures still in draft, as a lead would leave it mid-month.
            const draft = latest && i % 5 === 0;
            const off = offTarget(m, f.value, f.period, d);
            const offComments = commentaryOff(m);
            const comment = off
              ? offComments[Math.floor(rand() * offComments.length)]!
              : rand() < 0.2
                ? COMMENTARY_ON[Math.floor(rand() * COMMENTARY_ON.length)]!
                : null;
            const submittedAt = addDays(parseISO(addMonthsIso(f.period, quarterly ? 3 : 1)), 6);
            return {
              measureId,
              periodType: quarterly ? ("quarter" as const) : ("month" as const),
              period: f.period,
              value: String(f.value),
              numerator: num(f.numerator),
              denominator: num(f.denominator),
              commentary: comment,
              status: draft ? ("draft" as const) : ("submitted" as const),
              enteredById: enteredBy,
              submittedById: draft ? null : enteredBy,
              submittedAt: draft ? null : submittedAt,
            };
          }),
        );
      }
    }

    // Strategic priorities (parents first) and key objectives
    const priorityIds = new Map<string, number>();
    const ordered = [...priorities.filter((p) => !p.parentCode), ...priorities.filter((p) => p.parentCode)];
    for (const [i, p] of ordered.entries()) {
      const [row] = await tx
        .insert(s.strategicPriorities)
        .values({
          code: p.code,
          title: t(p.title),
          description: t(p.description),
          parentId: p.parentCode ? need(priorityIds, p.parentCode, "priority") : null,
          sortOrder: i,
        })
        .returning({ id: s.strategicPriorities.id });
      priorityIds.set(p.code, row!.id);
    }
    const objectiveIds = new Map<string, number>();
    for (const [i, k] of keyObjectives.entries()) {
      const [row] = await tx
        .insert(s.keyObjectives)
        .values({
          departmentId: need(unitIds, k.departmentSlug, "unit"),
          leadUnitId: need(unitIds, k.leadUnitSlug, "unit"),
          priorityId: need(priorityIds, k.priorityCode, "priority"),
          year: thisYear,
          title: t(k.title),
          description: t(k.description),
          sortOrder: i,
        })
        .returning({ id: s.keyObjectives.id });
      objectiveIds.set(k.title, row!.id);
    }

    // Government Plan initiatives and milestones, with their monthly updates and forecast history
    // (the Government Plan 2020–23 items were under way a year before the plan that reports on them).
    const initiativeStart = d("2020-01-01");
    const updateRows: (typeof s.initiativeUpdates.$inferInsert)[] = [];
    const forecastRows: (typeof s.milestoneForecastChanges.$inferInsert)[] = [];
    const initiativeIds = new Map<string, number>();
    for (const it of initiatives) {
      const key = `${it.cspRef}:${it.title}`;
      const rand = seededRandom(`initiative:${key}`);
      const roll = rand();
      const rag: Rag = it.ongoing ? "green" : roll < 0.6 ? "green" : roll < 0.85 ? "amber" : "red";
      const lead = leadFor(it.leadUnitSlug);
      // One update a month from the start (or the first seeded month) to last month, ending at today's RAG.
      const updateMonths = months.filter((p) => p >= initiativeStart);
      const history = ragHistory(key, updateMonths.length, rag);
      const textRand = seededRandom(`initiative-text:${key}`);
      const pickFrom = (xs: string[]) => xs[Math.floor(textRand() * xs.length)]!;
      const ragReason = rag === "amber" ? RAG_REASONS.amber[0]! : rag === "red" ? RAG_REASONS.red[0]! : null;
      // Walking back from today's RAG: a rating keeps its reason until it changes; the latest carries the initiative's own.
      const reasons: (string | null)[] = [];
      for (let j = history.length - 1; j >= 0; j--) {
        const monthRag = history[j]!;
        const next = history[j + 1];
        reasons[j] = monthRag === "green" ? null : j === history.length - 1 ? ragReason : next === monthRag ? reasons[j + 1]! : pickFrom(RAG_REASONS[monthRag]);
      }
      const updates = updateMonths.map((period, j) => ({
        period,
        rag: history[j]!,
        reason: reasons[j]!,
        commentary: pickFrom(RAG_COMMENTARY[history[j]!]),
        // Written in the first week after the month ends.
        createdAt: officeTime(`update:${key}:${period}`, addMonthsIso(period, 1), 1 + Math.floor(textRand() * 6), now),
      }));
      const created = officeTime(`initiative:${key}`, iso(subMonths(parseISO(initiativeStart), 2)), Math.floor(rand() * 20), now);
      const [row] = await tx
        .insert(s.initiatives)
        .values({
          cspRef: it.cspRef,
          title: t(it.title),
          deliverables: t(it.deliverables),
          leadUnitId: need(unitIds, it.leadUnitSlug, "unit"),
          type: it.type,
          priorityId: need(priorityIds, it.priorityCode, "priority"),
          keyObjectiveId: it.keyObjectiveTitle ? need(objectiveIds, it.keyObjectiveTitle, "key objective") : null,
          startDate: initiativeStart,
          targetDate: it.targetDate ? d(it.targetDate) : null,
          targetDateLabel: t(it.targetDateLabel),
          wellbeingOutcomes: it.wellbeingOutcomes,
          impactedMeasuresText: t(it.impactedMeasureText),
          ongoing: it.ongoing,
          successCriterion: tOrNull(it.successCriterion),
          status: it.ongoing ? "ongoing" : "in_progress",
          rag,
          ragReason,
          createdAt: created,
          updatedAt: updates.at(-1)?.createdAt ?? created,
        })
        .returning({ id: s.initiatives.id });
      const initiativeId = row!.id;
      initiativeIds.set(it.title, initiativeId);
      for (const u of updates) updateRows.push({ initiativeId, ...u, createdById: lead });
      const links = [...new Set(it.impactedMeasureCodes)].map((code) => ({ initiativeId, measureId: need(measureIds, code, "measure") }));
      if (links.length) await tx.insert(s.initiativeMeasures).values(links);
      if (it.milestones.length) {
        const rows = it.milestones.map((ms, j) => {
          const planned = d(ms.plannedDate);
          const past = planned < today;
          const r = seededRandom(`milestone:${it.title}:${j}`)();
          // Past milestones: mostly achieved a few days either side (never later than yesterday); some slipped (forecast later, overdue if still past).
          if (past && r < 0.7) {
            const actual = [iso(addDays(parseISO(planned), Math.round(r * 20) - 7)), iso(subDays(now, 1))].sort()[0]!;
            return { initiativeId, title: t(ms.title), plannedDate: planned, forecastDate: planned, actualDate: actual, status: "achieved" as const, sortOrder: j, updatedAt: officeTime(`milestone:${key}:${j}`, actual, 1, now) };
          }
          if (past) {
            const forecast = iso(addDays(parseISO(planned), r < 0.85 ? 45 : 120));
            const status = forecast < today ? ("missed" as const) : ("in_progress" as const);
            return { initiativeId, title: t(ms.title), plannedDate: planned, forecastDate: forecast, actualDate: null, status, sortOrder: j };
          }
          const started = differenceInCalendarDays(parseISO(planned), now) < 90;
          return { initiativeId, title: t(ms.title), plannedDate: planned, forecastDate: planned, actualDate: null, status: started ? ("in_progress" as const) : ("planned" as const), sortOrder: j };
        });
        const inserted = await tx.insert(s.milestones).values(rows.map((m) => ({ updatedAt: created, ...m }))).returning({ id: s.milestones.id, plannedDate: s.milestones.plannedDate, forecastDate: s.milestones.forecastDate });
        // A slipped milestone's forecast changes, with the lead's reason, made before the date they moved from.
        for (const m of inserted) {
          if (m.forecastDate === null || m.forecastDate === m.plannedDate) continue;
          const changes = forecastChanges(`${key}:${m.plannedDate}:${m.id}`, m.plannedDate, m.forecastDate, now);
          for (const [k, c] of changes.entries()) {
            forecastRows.push({
              milestoneId: m.id,
              ...c,
              reason: k === 0 ? "Supplier and recruitment dependencies slipped; new date agreed with the programme sponsor." : "Slipped again: the supplier's revised plan was not accepted; date re-agreed with the sponsor.",
              changedById: lead,
            });
          }
          const last = changes.at(-1);
          if (last) await tx.update(s.milestones).set({ updatedAt: last.changedAt }).where(eq(s.milestones.id, m.id));
        }
      }
    }
    if (updateRows.length) await tx.insert(s.initiativeUpdates).values(updateRows);
    if (forecastRows.length) await tx.insert(s.milestoneForecastChanges).values(forecastRows);

    // Risks, mitigations and a review every month of the demo history, ending at today's rating
    const riskIds = new Map<string, number>();
    const reviewRows: (typeof s.riskReviews.$inferInsert)[] = [];
    for (const r of risks) {
      const unitId = need(unitIds, r.unitSlug, "unit");
      const ratings = ratingHistory(r.ref, months.length, r.residual, r.inherent);
      const reviewer = leadFor(r.unitSlug);
      const reviews = months.map((period, j) => {
        const reviewedOn = iso(addDays(parseISO(period), 14 + Math.floor(seededRandom(`review:${r.ref}:${period}`)() * 10)));
        const before = ratings[j - 1];
        const rating = ratings[j]!;
        const change = before === undefined ? 0 : rating.likelihood * rating.impact - before.likelihood * before.impact;
        const note =
          change < 0
            ? "Re-rated down: mitigations taking effect."
            : change > 0
              ? "Re-rated up after the monthly review: exposure increased."
              : "Rating confirmed at the monthly risk review; mitigations on track.";
        return { riskId: 0, reviewedOn, residualLikelihood: rating.likelihood, residualImpact: rating.impact, note, reviewerId: reviewer, createdAt: officeTime(`review:${r.ref}:${period}`, reviewedOn, 0, now) };
      });
      const created = officeTime(`risk:${r.ref}`, iso(subMonths(parseISO(months[0]!), 2)), Math.floor(seededRandom(`risk-created:${r.ref}`)() * 25), now);
      const [row] = await tx
        .insert(s.risks)
        .values({
          ref: r.ref,
          unitId,
          title: t(r.title),
          cause: t(r.cause),
          event: t(r.event),
          impact: t(r.impact),
          category: r.category,
          ownerName: r.owner,
          inherentLikelihood: r.inherent.likelihood,
          inherentImpact: r.inherent.impact,
          residualLikelihood: r.residual.likelihood,
          residualImpact: r.residual.impact,
          appetiteScore: r.appetite,
          isPublic: r.isPublic,
          lastReviewedAt: reviews.at(-1)!.createdAt,
          createdAt: created,
          updatedAt: reviews.at(-1)!.createdAt,
        })
        .returning({ id: s.risks.id });
      const riskId = row!.id;
      riskIds.set(r.ref, riskId);
      for (const rv of reviews) reviewRows.push({ ...rv, riskId });
      if (r.mitigations.length) {
        await tx.insert(s.riskMitigations).values(
          r.mitigations.map((mi, j) => ({
            riskId,
            // Ongoing measures without a date are controls in place; dated ones are actions to take.
            kind: mi.dueDate ? ("action" as const) : ("control" as const),
            description: t(mi.description),
            ownerName: mi.owner,
            dueDate: mi.dueDate ? d(mi.dueDate) : null,
            status: mi.status,
            sortOrder: j,
          })),
        );
      }
    }
    await tx.insert(s.riskReviews).values(reviewRows);

    // Recommendations, entered when the report came out, and the trail of their progress
    const recommendationUpdateRows: (typeof s.recommendationUpdates.$inferInsert)[] = [];
    for (const rec of recommendations) {
      const reportDate = d(rec.reportDate);
      const lead = leadFor(rec.unitSlug);
      const rr = seededRandom(`recommendation:${rec.ref}`);
      const created = officeTime(`recommendation:${rec.ref}`, reportDate, 2 + Math.floor(rr() * 8), now);
      const implementedOn = rec.status === "implemented" && rec.targetDate ? [d(rec.targetDate), iso(subDays(now, 1))].sort()[0]! : null;
      const trail: { note: string; statusFrom: RecommendationStatus | null; statusTo: RecommendationStatus | null; createdAt: Date }[] = [];
      if (rec.status === "in_progress" || rec.status === "implemented") {
        // Work starts within about six weeks, and in any case a little before it was implemented.
        const startDay = Math.min(21 + Math.floor(rr() * 25), implementedOn ? differenceInCalendarDays(parseISO(implementedOn), parseISO(reportDate)) - 10 : Infinity);
        const started = officeTime(`recommendation-start:${rec.ref}`, reportDate, Math.max(3, startDay), now);
        trail.push({ note: "Response agreed and work started.", statusFrom: "open", statusTo: "in_progress", createdAt: started });
        // A progress note each quarter while the work goes on.
        const end = implementedOn ? parseISO(implementedOn) : now;
        for (let q = 1; addDays(started, q * 91) < end; q++) {
          trail.push({ note: "Progress reviewed with the owner; work continues to the agreed plan.", statusFrom: null, statusTo: null, createdAt: officeTime(`recommendation-note:${rec.ref}:${q}`, iso(addDays(started, q * 91)), 0, now) });
        }
        if (implementedOn) {
          trail.push({ note: tOrNull(rec.completionEvidence) ?? "Implemented.", statusFrom: "in_progress", statusTo: "implemented", createdAt: officeTime(`recommendation-done:${rec.ref}`, implementedOn, 1 + Math.floor(rr() * 4), now) });
        }
      }
      if (rec.status === "closed") {
        trail.push({ note: "Not accepted: the department's response was given to the committee; closed.", statusFrom: "open", statusTo: "closed", createdAt: officeTime(`recommendation-closed:${rec.ref}`, reportDate, 30 + Math.floor(rr() * 20), now) });
      }
      const [recRow] = await tx
        .insert(s.recommendations)
        .values({
          ref: rec.ref,
          source: rec.source,
          reportTitle: t(rec.reportTitle),
          reportDate,
          unitId: need(unitIds, rec.unitSlug, "unit"),
          text: t(rec.text),
          acceptance: rec.acceptance ?? "accepted",
          response: t(rec.response),
          ownerName: rec.owner,
          targetDate: rec.targetDate ? d(rec.targetDate) : null,
          status: rec.status,
          completionEvidence: tOrNull(rec.completionEvidence),
          implementedOn,
          createdAt: created,
          updatedAt: trail.at(-1)?.createdAt ?? created,
        })
        .returning({ id: s.recommendations.id });
      for (const t of trail) recommendationUpdateRows.push({ recommendationId: recRow!.id, ...t, createdById: lead });
    }
    if (recommendationUpdateRows.length) await tx.insert(s.recommendationUpdates).values(recommendationUpdateRows);

    // The SLT's monthly reviews of the last six completed months but one (last month's meets this
    // month), each with the actions agreed; earlier ones were mostly closed since, some not.
    const lastMonth = months[months.length - 1]!;
    const previousMonth = months[months.length - 2]!;
    const userByEmail = (email: string) => {
      const u = demoUsers.find((x) => x.email === email)!;
      return { id: userIds.get(email)!, name: u.name };
    };
    for (const dept of units.filter((u) => u.kind === "department")) {
      const departmentId = need(unitIds, dept.slug, "unit");
      const slt = userIds.get(`slt.${dept.slug}@baseline.test`) ?? null;
      const deptUnits = new Set(units.filter((u) => u.slug === dept.slug || u.parentSlug === dept.slug).map((u) => u.slug));
      const deptMeasures = measures.filter((m) => deptUnits.has(m.unitSlug));
      const deptRisks = risks.filter((r) => deptUnits.has(r.unitSlug));
      // Owners: the department's leads and SLT member, by name as well as account.
      const owners = demoUsers.filter((u) => u.unitSlug !== null && deptUnits.has(u.unitSlug) && (u.role === "LEAD" || u.role === "SLT")).map((u) => userByEmail(u.email));
      const sltOwner = userByEmail(`slt.${dept.slug}@baseline.test`);
      const ownerOfUnit = (slug: string) => {
        const u = demoUsers.find((x) => x.unitSlug === slug && x.role === "LEAD");
        return u ? userByEmail(u.email) : sltOwner;
      };
      const meetingPeriods = months.slice(-7, -1);
      for (const period of meetingPeriods) {
        const mr = seededRandom(`meeting:${dept.slug}:${period}`);
        const latest = period === previousMonth;
        // Held in the first or second week after the month (the latest exactly a week after, as before).
        const heldOn = latest ? iso(addDays(parseISO(lastMonth), 7)) : iso(officeTime(`meeting:${dept.slug}:${period}`, addMonthsIso(period, 1), 5 + Math.floor(mr() * 5), now));
        const heldAt = parseISO(`${heldOn}T10:00:00`);
        const [meeting] = await tx
          .insert(s.reviewMeetings)
          .values({
            departmentId,
            period,
            heldOn,
            attendees: dept.slug === "coo" ? "Director General (chair); Directors of P&CS, M&D and Commercial Services; CPMO representative" : "Director General (chair); Heads of Customer Services, Local Services and Social Security",
            decisions: "Performance pack reviewed. Exceptions noted below; actions agreed.",
            status: "held",
            createdById: slt,
            createdAt: heldAt,
            updatedAt: heldAt,
          })
          .returning({ id: s.reviewMeetings.id });
        type Planned = { description: string; owner: { id: number | null; name: string }; due: string; measure?: string; risk?: string; outcome: ActionStatus; note?: string };
        let planned: Planned[];
        if (latest) {
          // Last month's pack carries these forward (tests/e2e/reviews/review.spec.ts reads them).
          const m0 = deptMeasures[0];
          planned = [
            { description: `Report back on the recovery plan for ${m0?.name ?? "off-target measures"}.`, owner: m0 ? ownerOfUnit(m0.unitSlug) : sltOwner, due: iso(addDays(parseISO(lastMonth), 21)), measure: m0?.code, outcome: "open" },
            { description: "Confirm the targets still marked 'to be confirmed' and bring them to the next meeting for agreement.", owner: sltOwner, due: iso(addDays(parseISO(lastMonth), 35)), outcome: "open" },
            { description: "Circulate the updated risk register after the monthly risk review.", owner: { id: null, name: "Departmental risk lead" }, due: iso(addDays(parseISO(heldOn), 10)), outcome: "done", note: "Circulated to SLT." },
          ];
        } else {
          const count = 2 + Math.floor(mr() * 3);
          const measure = deptMeasures[Math.floor(mr() * deptMeasures.length)]!;
          const risk = deptRisks[Math.floor(mr() * deptRisks.length)];
          const pool: Omit<Planned, "due" | "outcome">[] = [
            { description: `Explain the movement in ${measure.name} and set out what will bring it back on target.`, owner: ownerOfUnit(measure.unitSlug), measure: measure.code },
            ...(risk ? [{ description: `Bring a deep dive on ${risk.ref} (${risk.title}) to the next meeting, with the mitigations' progress.`, owner: ownerOfUnit(risk.unitSlug), risk: risk.ref }] : []),
            { description: "Review the initiatives rated amber or red with their sponsors and report the recovery dates.", owner: sltOwner },
            { description: "Agree data quality checks for this month's figures with the data owners before submission.", owner: owners[Math.floor(mr() * owners.length)] ?? sltOwner },
            { description: "Confirm the recruitment timeline for the remaining vacancies and the cover in place meanwhile.", owner: owners[Math.floor(mr() * owners.length)] ?? sltOwner },
          ];
          const start = Math.floor(mr() * pool.length);
          planned = Array.from({ length: Math.min(count, pool.length) }, (_, j) => {
            const p = pool[(start + j) % pool.length]!;
            const due = iso(addDays(parseISO(heldOn), 14 + Math.floor(mr() * 29)));
            const roll = mr();
            // Most are closed by their date or soon after; some are dropped; some are still open (overdue).
            const outcome = due >= today ? (roll < 0.3 ? "done" : "open") : roll < 0.68 ? "done" : roll < 0.78 ? "dropped" : "open";
            return { ...p, due, outcome, note: outcome === "done" ? "Done: reported back to SLT and noted." : outcome === "dropped" ? "Dropped: overtaken by the decision at the following meeting." : undefined };
          });
        }
        await tx.insert(s.reviewActions).values(
          planned.map((a, j) => {
            // Closed around its due date (one not yet due: a week or two after the meeting), never before the meeting.
            const closedAround = a.due >= today ? iso(addDays(parseISO(heldOn), 7)) : a.due;
            const closedAt = a.outcome === "open" ? null : officeTime(`action-closed:${dept.slug}:${period}:${j}`, closedAround, -7 + Math.floor(mr() * 16), now);
            const closed = closedAt && closedAt < heldAt ? addDays(heldAt, 3) : closedAt;
            return {
              meetingId: meeting!.id,
              description: a.description,
              ownerName: a.owner.name,
              ownerUserId: a.owner.id,
              dueDate: a.due,
              status: a.outcome,
              closedAt: closed,
              closingNote: a.note ?? null,
              measureId: a.measure ? need(measureIds, a.measure, "measure") : null,
              riskId: a.risk ? need(riskIds, a.risk, "risk") : null,
              createdAt: heldAt,
              updatedAt: closed ?? heldAt,
            };
          }),
        );
      }
    }

    // Customer survey links and a few months of responses for CLS; the months' CSAT, CES and CSI are calculated from them.
    await seedFeedback(tx, { now, unitIds, userIds });

    // Budgets, funding lines, efficiencies and workforce from the business plan, with the year's demo months
    await seedResources(tx, { now, unitIds, initiativeIds, userIds });

    // Target dates, a series break and notes on months (before the reports, which freeze public notes)
    await seedStatistics(tx, { now, measureIds, userIds });

    // Published quarterly reports for the last four completed quarters, and this quarter's draft
    await seedReports(tx, {
      now,
      departments: units
        .filter((u) => u.kind === "department")
        .map((u) => ({ id: need(unitIds, u.slug, "unit"), slug: u.slug, sltUserId: userIds.get(`slt.${u.slug}@baseline.test`) ?? null })),
    });
  });
}
