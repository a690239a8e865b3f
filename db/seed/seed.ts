import { hash } from "@node-rs/argon2";
import { addDays, differenceInCalendarDays, min, parseISO } from "date-fns";
import { statusOf } from "../../lib/measures/status";
import type { Database } from "../client";
import * as s from "../schema";
import { addMonthsIso, iso, lastCompletedMonths, shiftDate, yearShift } from "./dates";
import { initiatives, keyObjectives, measures, priorities, recommendations, risks, units } from "./data";
import type { SeedMeasure } from "./data/types";
import { seedFeedback } from "./feedback";
import { anchorPeriod, demoFigures } from "./figures";
import { seededRandom } from "./random";
import { seedReports } from "./reports";
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

const COMMENTARY_OFF = [
  "Below target: two major incidents this month took the team's capacity; recovery plan agreed at SLT.",
  "Short of target because of vacancies in the team; recruitment to the TOM posts is under way.",
  "Missed target. Volumes were higher than forecast after the system change; backlog cleared by mid-month.",
  "Off target: a supplier outage affected the service for three days. Root cause review requested.",
];
const COMMENTARY_ON = [
  "On track. No exceptions to report.",
  "Improvement continues following the process changes introduced last quarter.",
  "Seasonal dip in demand; performance held steady.",
];

/**
 * Loads the demo organisation, accounts, measures with 24 months of figures, plan, risks and
 * recommendations into an empty, migrated database — in one transaction.
 */
export async function seedDemo(db: Database, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const shift = yearShift(now);
  const d = (date: string) => shiftDate(date, shift);
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
          name: m.name,
          description: m.description,
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
          dataLimitations: m.dataLimitations ?? null,
          baselineValue: num(m.baseline?.value),
          baselinePeriod: m.baseline ? d(m.baseline.period) : null,
          baselineNote: m.baseline?.note ?? null,
          amberTolerancePct: String(m.amberTolerancePct ?? 5),
          internationalBenchmarking: m.internationalBenchmarking,
          groupName: m.group ?? null,
          breakdown: m.breakdown ?? null,
          sortOrder: i,
          isPublic: m.isPublic,
          feedbackMetric: m.feedbackMetric ?? null,
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
        await tx.insert(s.measureTargets).values({ measureId, targetValue: num(later.value), effectiveFrom: d(later.from), note: later.note ?? null });
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
            const comment = off
              ? COMMENTARY_OFF[Math.floor(rand() * COMMENTARY_OFF.length)]!
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
          title: p.title,
          description: p.description,
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
          title: k.title,
          description: k.description,
          sortOrder: i,
        })
        .returning({ id: s.keyObjectives.id });
      objectiveIds.set(k.title, row!.id);
    }

    // Government Plan initiatives and milestones
    for (const it of initiatives) {
      const rand = seededRandom(`initiative:${it.cspRef}:${it.title}`);
      const roll = rand();
      const rag: "green" | "amber" | "red" = it.ongoing ? "green" : roll < 0.6 ? "green" : roll < 0.85 ? "amber" : "red";
      const [row] = await tx
        .insert(s.initiatives)
        .values({
          cspRef: it.cspRef,
          title: it.title,
          deliverables: it.deliverables,
          leadUnitId: need(unitIds, it.leadUnitSlug, "unit"),
          type: it.type,
          priorityId: need(priorityIds, it.priorityCode, "priority"),
          keyObjectiveId: it.keyObjectiveTitle ? need(objectiveIds, it.keyObjectiveTitle, "key objective") : null,
          // The business plan runs from January of its year.
          startDate: d("2021-01-01"),
          targetDate: it.targetDate ? d(it.targetDate) : null,
          targetDateLabel: it.targetDateLabel.replace(/20\d\d/g, (y) => String(Number(y) + shift)),
          wellbeingOutcomes: it.wellbeingOutcomes,
          impactedMeasuresText: it.impactedMeasureText,
          ongoing: it.ongoing,
          successCriterion: it.successCriterion ?? null,
          allocationPence: it.allocationThousands ? it.allocationThousands * 1000 * 100 : null,
          status: it.ongoing ? "ongoing" : "in_progress",
          rag,
          ragReason:
            rag === "amber"
              ? "Dependencies on recruitment are delaying one deliverable; forecast moved and recovery actions agreed."
              : rag === "red"
                ? "Key deliverable has missed its date and the new forecast is not yet agreed; escalated to SLT."
                : null,
        })
        .returning({ id: s.initiatives.id });
      const initiativeId = row!.id;
      // The lead's monthly updates for the last three months, ending at the current RAG.
      await tx.insert(s.initiativeUpdates).values(
        months.slice(-3).map((period, j) => {
          const monthRag: typeof rag = j === 2 ? rag : rag === "red" && j === 1 ? "amber" : "green";
          return {
            initiativeId,
            period,
            rag: monthRag,
            reason:
              monthRag === "amber"
                ? "Dependencies on recruitment are delaying one deliverable; forecast moved and recovery actions agreed."
                : monthRag === "red"
                  ? "Key deliverable has missed its date and the new forecast is not yet agreed; escalated to SLT."
                  : null,
            commentary: monthRag === "green" ? "Deliverables on track for their target dates." : "Recovery plan reviewed with the sponsor this month.",
            createdById: leadFor(it.leadUnitSlug),
            createdAt: min([addDays(parseISO(period), 32), now]),
          };
        }),
      );
      const links = [...new Set(it.impactedMeasureCodes)].map((code) => ({ initiativeId, measureId: need(measureIds, code, "measure") }));
      if (links.length) await tx.insert(s.initiativeMeasures).values(links);
      if (it.milestones.length) {
        const inserted = await tx.insert(s.milestones).values(
          it.milestones.map((ms, j) => {
            const planned = d(ms.plannedDate);
            const past = planned < today;
            const r = seededRandom(`milestone:${it.title}:${j}`)();
            // Past milestones: mostly achieved a few days either side; some slipped (forecast later, overdue if still past).
            if (past && r < 0.7) {
              const actual = iso(addDays(parseISO(planned), Math.round(r * 20) - 7));
              return { initiativeId, title: ms.title, plannedDate: planned, forecastDate: planned, actualDate: actual, status: "achieved" as const, sortOrder: j };
            }
            if (past) {
              const forecast = iso(addDays(parseISO(planned), r < 0.85 ? 45 : 120));
              const status = forecast < today ? ("missed" as const) : ("in_progress" as const);
              return { initiativeId, title: ms.title, plannedDate: planned, forecastDate: forecast, actualDate: null, status, sortOrder: j };
            }
            const started = differenceInCalendarDays(parseISO(planned), now) < 90;
            return { initiativeId, title: ms.title, plannedDate: planned, forecastDate: planned, actualDate: null, status: started ? ("in_progress" as const) : ("planned" as const), sortOrder: j };
          }),
        ).returning({ id: s.milestones.id, plannedDate: s.milestones.plannedDate, forecastDate: s.milestones.forecastDate });
        // A slipped milestone's forecast change, with the lead's reason.
        const slipped = inserted.filter((m) => m.forecastDate !== null && m.forecastDate !== m.plannedDate);
        if (slipped.length) {
          await tx.insert(s.milestoneForecastChanges).values(
            slipped.map((m) => ({
              milestoneId: m.id,
              fromDate: m.plannedDate,
              toDate: m.forecastDate!,
              reason: "Supplier and recruitment dependencies slipped; new date agreed with the programme sponsor.",
              changedById: leadFor(it.leadUnitSlug),
              changedAt: parseISO(m.plannedDate),
            })),
          );
        }
      }
    }

    // Risks, mitigations and last quarter's reviews
    for (const r of risks) {
      const unitId = need(unitIds, r.unitSlug, "unit");
      const [row] = await tx
        .insert(s.risks)
        .values({
          ref: r.ref,
          unitId,
          title: r.title,
          cause: r.cause,
          event: r.event,
          impact: r.impact,
          category: r.category,
          ownerName: r.owner,
          inherentLikelihood: r.inherent.likelihood,
          inherentImpact: r.inherent.impact,
          residualLikelihood: r.residual.likelihood,
          residualImpact: r.residual.impact,
          appetiteScore: r.appetite,
          isPublic: r.isPublic,
          lastReviewedAt: parseISO(addMonthsIso(months[months.length - 1]!, 0)),
        })
        .returning({ id: s.risks.id });
      const riskId = row!.id;
      if (r.mitigations.length) {
        await tx.insert(s.riskMitigations).values(
          r.mitigations.map((mi, j) => ({
            riskId,
            // Ongoing measures without a date are controls in place; dated ones are actions to take.
            kind: mi.dueDate ? ("action" as const) : ("control" as const),
            description: mi.description,
            ownerName: mi.owner,
            dueDate: mi.dueDate ? d(mi.dueDate) : null,
            status: mi.status,
            sortOrder: j,
          })),
        );
      }
      await tx.insert(s.riskReviews).values(
        months.slice(-3).map((period, j) => ({
          riskId,
          reviewedOn: iso(addDays(parseISO(period), 20)),
          residualLikelihood: Math.min(5, r.residual.likelihood + (j === 0 ? 1 : 0)),
          residualImpact: r.residual.impact,
          note: j === 0 ? "Re-rated after the monthly review." : "Rating confirmed at the monthly risk review; mitigations on track.",
          reviewerId: leadFor(r.unitSlug),
        })),
      );
    }

    // Recommendations
    for (const rec of recommendations) {
      const [recRow] = await tx.insert(s.recommendations).values({
        ref: rec.ref,
        source: rec.source,
        reportTitle: rec.reportTitle,
        reportDate: d(rec.reportDate),
        unitId: need(unitIds, rec.unitSlug, "unit"),
        text: rec.text,
        acceptance: rec.acceptance ?? "accepted",
        response: rec.response,
        ownerName: rec.owner,
        targetDate: rec.targetDate ? d(rec.targetDate) : null,
        status: rec.status,
        completionEvidence: rec.completionEvidence ?? null,
        implementedOn: rec.status === "implemented" && rec.targetDate ? d(rec.targetDate) : null,
      }).returning({ id: s.recommendations.id });
      if (rec.status === "in_progress" || rec.status === "implemented") {
        const opened = min([addDays(parseISO(d(rec.reportDate)), 45), now]);
        await tx.insert(s.recommendationUpdates).values([
          { recommendationId: recRow!.id, note: "Response agreed and work started.", statusFrom: "open" as const, statusTo: "in_progress" as const, createdById: leadFor(rec.unitSlug), createdAt: opened },
          ...(rec.status === "implemented"
            ? [{ recommendationId: recRow!.id, note: rec.completionEvidence ?? "Implemented.", statusFrom: "in_progress" as const, statusTo: "implemented" as const, createdById: leadFor(rec.unitSlug), createdAt: min([parseISO(d(rec.targetDate ?? rec.reportDate)), now]) }]
            : []),
        ]);
      }
    }

    // Last month's SLT review for each department, with actions to follow up
    const lastMonth = months[months.length - 1]!;
    const previousMonth = months[months.length - 2]!;
    for (const dept of units.filter((u) => u.kind === "department")) {
      const departmentId = need(unitIds, dept.slug, "unit");
      const slt = userIds.get(`slt.${dept.slug}@baseline.test`) ?? null;
      const [meeting] = await tx
        .insert(s.reviewMeetings)
        .values({
          departmentId,
          period: previousMonth,
          heldOn: iso(addDays(parseISO(lastMonth), 7)),
          attendees: dept.slug === "coo" ? "Director General (chair); Directors of P&CS, M&D and Commercial Services; CPMO representative" : "Director General (chair); Heads of Customer Services, Local Services and Social Security",
          decisions: "Performance pack reviewed. Exceptions noted below; actions agreed.",
          status: "held",
          createdById: slt,
        })
        .returning({ id: s.reviewMeetings.id });
      const deptMeasures = measures.filter((m) => m.unitSlug === dept.slug || units.find((u) => u.slug === m.unitSlug)?.parentSlug === dept.slug);
      const actions = [
        { description: `Report back on the recovery plan for ${deptMeasures[0]?.name ?? "off-target measures"}.`, owner: "Directorate lead", due: iso(addDays(parseISO(lastMonth), 21)), measure: deptMeasures[0]?.code, status: "open" as const },
        { description: "Confirm the targets still marked 'to be confirmed' and bring them to the next meeting for agreement.", owner: "Head of Performance", due: iso(addDays(parseISO(lastMonth), 35)), measure: undefined, status: "open" as const },
        { description: "Circulate the updated risk register after the monthly risk review.", owner: "Departmental risk lead", due: iso(addDays(parseISO(previousMonth), 20)), measure: undefined, status: "done" as const },
      ];
      await tx.insert(s.reviewActions).values(
        actions.map((a) => ({
          meetingId: meeting!.id,
          description: a.description,
          ownerName: a.owner,
          dueDate: a.due,
          status: a.status,
          closedAt: a.status === "done" ? parseISO(a.due) : null,
          closingNote: a.status === "done" ? "Circulated to SLT." : null,
          measureId: a.measure ? need(measureIds, a.measure, "measure") : null,
        })),
      );
    }

    // Customer survey links and a few months of responses for CLS; the months' CSAT, CES and CSI are calculated from them.
    await seedFeedback(tx, { now, unitIds, userIds });

    // Published quarterly reports for the last four completed quarters, and this quarter's draft
    await seedReports(tx, {
      now,
      departments: units
        .filter((u) => u.kind === "department")
        .map((u) => ({ id: need(unitIds, u.slug, "unit"), slug: u.slug, sltUserId: userIds.get(`slt.${u.slug}@baseline.test`) ?? null })),
    });
  });
}
