/**
 * Valid input for every server action in tests/security/access-matrix.ts, aimed at the
 * Modernisation and Digital unit (M&D) of the Chief Operating Office (COO).
 *
 * Each builder makes a fresh target of its own (a new risk, measure, report…), so that every role's
 * call meets the same, untouched state, and returns the form fields the page would send. Fixtures are
 * made through the actions themselves as the administrator where that is simple (so they follow the
 * app's own rules), or inserted directly. A builder may register a cleanup (e.g. retire the measures
 * it added) so that other test files sharing the database do not see them.
 *
 * To cover a new action: add "<route folder>#<export>" here with a builder of its valid input.
 */
import { format, subMonths } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { randomBytes } from "node:crypto";
import { appSettings, feedbackLinks, feedbackResponses, feedbackThemes, measures, measureSeriesBreaks, orgUnits, outbox, reports, reviewActions, reviewMeetings, riskMitigations, risks, unitBudgets, users } from "@/db/schema";
import { DEFAULT_TOLERANCE } from "@/lib/resources/rules";
import { DEFAULT_RISK_BANDS } from "@/lib/risks/scoring";
import { getSsoRoleMapping, SETTING_KEYS } from "@/lib/settings";
import { FIGURES_DUE_WORKING_DAY_DEFAULT } from "@/lib/validation/settings";

export type Fields = Record<string, string | File>;

export interface BuildContext {
  db: Database;
  unitMd: number;
  cooId: number;
  /** A tag unique to this run (capital letters and digits). */
  run: string;
  /** A number unique within the run. */
  seq: () => number;
  /** Calls an action as the administrator and returns its data; throws on refusal. */
  asAdmin: (actionKey: string, fields: Fields) => Promise<unknown>;
  onCleanup: (fn: () => Promise<unknown>) => void;
}

type Builder = (ctx: BuildContext, caseName: string) => Promise<Fields>;

const month = (back: number) => format(subMonths(new Date(), back), "yyyy-MM");
const day = (forwardMonths: number) => format(subMonths(new Date(), -forwardMonths), "yyyy-MM-dd");
const idOf = (data: unknown) => (data as { id: number }).id;

// --- Measures -----------------------------------------------------------------------------

function measureFields(ctx: BuildContext): Fields {
  return {
    code: `SEC-${ctx.run}-${ctx.seq()}`,
    name: "Security matrix measure",
    description: "A measure made by the authorization matrix test.",
    unitId: String(ctx.unitMd),
    category: "service",
    valueType: "count",
    decimals: "0",
    direction: "higher_better",
    frequency: "monthly",
    quarterRule: "sum",
    dataSource: "Security matrix test",
    dataLimitations: "",
    baselineValue: "",
    baselinePeriod: "",
    baselineNote: "",
    amberTolerancePct: "5",
    groupName: "",
    breakdown: "",
    targetKind: "value",
    targetValue: "10",
    targetFrom: month(24),
    targetNote: "",
  };
}

/** Test measures are retired afterwards, so that M&D's sheets and dashboards look as seeded. */
function retireLater(ctx: BuildContext, code: string) {
  ctx.onCleanup(() => ctx.db.update(measures).set({ active: false }).where(eq(measures.code, code)));
}

async function newMeasure(ctx: BuildContext) {
  const fields = measureFields(ctx);
  retireLater(ctx, String(fields.code));
  const id = idOf(await ctx.asAdmin("/admin/measures#createMeasure", fields));
  return { id, fields };
}

// --- Risks --------------------------------------------------------------------------------

async function scratchRisk(ctx: BuildContext, over: Partial<typeof risks.$inferInsert> = {}) {
  const [row] = await ctx.db
    .insert(risks)
    .values({
      ref: `SECTEST-${ctx.run}-${ctx.seq()}`,
      unitId: ctx.unitMd,
      title: "Security matrix risk",
      cause: "A cause",
      event: "An event",
      impact: "An impact",
      category: "Operational",
      ownerName: "Director of M&D",
      inherentLikelihood: 4,
      inherentImpact: 5,
      residualLikelihood: 3,
      residualImpact: 5,
      appetiteScore: 6,
      ...over,
    })
    .returning();
  // Closed afterwards: the review pack and dashboard list open risks above appetite.
  ctx.onCleanup(() => ctx.db.update(risks).set({ status: "closed" }).where(eq(risks.id, row!.id)));
  return row!;
}

const riskDefinition = (ctx: BuildContext): Fields => ({
  unitId: String(ctx.unitMd),
  title: "Security matrix risk",
  cause: "A cause",
  event: "An event",
  impact: "An impact",
  category: "Operational",
  ownerName: "Director of M&D",
  inherentLikelihood: "4",
  inherentImpact: "5",
  appetiteScore: "6",
});

// --- Plan ---------------------------------------------------------------------------------

function initiativeFields(ctx: BuildContext): Fields {
  return {
    cspRef: `GP20-SEC-${ctx.seq()}`,
    title: "Security matrix initiative",
    deliverables: "",
    leadUnitId: String(ctx.unitMd),
    type: "project",
    priorityId: "",
    keyObjectiveId: "",
    startDate: "",
    targetDate: "",
    targetDateLabel: "",
    wellbeingOutcomes: "",
    impactedMeasuresText: "",
    successCriterion: "",
    status: "not_started",
    reason: "",
  };
}

async function newInitiative(ctx: BuildContext) {
  const fields = initiativeFields(ctx);
  return { id: idOf(await ctx.asAdmin("/initiatives#createInitiative", fields)), fields };
}

async function newMilestone(ctx: BuildContext) {
  const { id: initiativeId } = await newInitiative(ctx);
  const fields = { initiativeId: String(initiativeId), title: "Security matrix milestone", plannedDate: day(6) };
  return { id: idOf(await ctx.asAdmin("/initiatives#addMilestone", fields)), fields };
}

// --- Recommendations ----------------------------------------------------------------------

function recommendationFields(ctx: BuildContext): Fields {
  return {
    ref: `SEC-${ctx.run}-${ctx.seq()}`,
    source: "internal_audit",
    reportTitle: "Security matrix report",
    reportDate: "",
    unitId: String(ctx.unitMd),
    text: "Keep every page and action behind the right permission.",
    acceptance: "accepted",
    response: "",
    ownerName: "Director of M&D",
    targetDate: day(6),
  };
}

async function newRecommendation(ctx: BuildContext) {
  const fields = recommendationFields(ctx);
  return { id: idOf(await ctx.asAdmin("/recommendations#createRecommendation", fields)), fields };
}

// --- Reports and reviews ------------------------------------------------------------------

/** A COO report in a quarter of its own (long past, so it never meets the demo's), in `status`. */
async function scratchReport(ctx: BuildContext, status: "draft" | "submitted" | "approved" | "published") {
  const n = ctx.seq();
  const [row] = await ctx.db
    .insert(reports)
    .values({
      departmentId: ctx.cooId,
      // Four quarters a year from 1100: thousands of fixtures before the first real report (2000 on).
      year: 1100 + Math.floor(n / 4),
      quarter: (n % 4) + 1,
      status: status === "published" ? "approved" : status,
      introduction: "Introduction.",
      highlights: "Highlights.",
      concerns: "Concerns.",
    })
    .returning({ id: reports.id });
  return row!.id;
}

let startedQuarters = 0;

/** A user's id by email (a demo account). */
async function userIdOf(ctx: BuildContext, email: string): Promise<number> {
  const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** A review meeting month of its own, long past. */
const reviewMonth = (ctx: BuildContext) => `${1000 + ctx.seq()}-01`;

// --- The builders -------------------------------------------------------------------------


// --- Customer feedback ----------------------------------------------------------------------

/** A new service below M&D (survey links are one per unit), removed again at the end. */
async function newServiceBelowMd(ctx: BuildContext): Promise<number> {
  const tag = `${ctx.run}-${ctx.seq()}`.toLowerCase();
  const [unit] = await ctx.db
    .insert(orgUnits)
    .values({ slug: `sec-fb-${tag}`, name: `Security matrix service ${tag}`, shortName: "SEC", kind: "service", parentId: ctx.unitMd })
    .returning({ id: orgUnits.id });
  return unit!.id;
}

async function newLinkBelowMd(ctx: BuildContext): Promise<number> {
  const unitId = await newServiceBelowMd(ctx);
  const [link] = await ctx.db.insert(feedbackLinks).values({ unitId, token: randomBytes(18).toString("base64url") }).returning({ id: feedbackLinks.id });
  return link!.id;
}

const surveyAnswers = (ctx: BuildContext): Fields => ({ csat: "4", ces: "6", csi: "4", comment: "", key: `sec${ctx.run}${ctx.seq()}key`.toLowerCase() });

export const ACTION_INPUTS: Record<string, Builder> = {
  "/admin/feedback#createFeedbackLink": async (ctx) => ({ unitId: String(await newServiceBelowMd(ctx)) }),
  "/admin/feedback#setFeedbackLinkPaused": async (ctx) => ({ linkId: String(await newLinkBelowMd(ctx)), version: "1", paused: "true" }),
  "/admin/feedback#issueInteractionLinks": async (ctx) => ({ linkId: String(await newLinkBelowMd(ctx)), references: `SEC-${ctx.run}-${ctx.seq()}\nSEC-${ctx.run}-${ctx.seq()}`, days: "30" }),
  // A held open-link response of M&D, long past (its month's figures are nobody else's).
  "/admin/feedback#moderateResponses": async (ctx) => {
    const [response] = await ctx.db
      .insert(feedbackResponses)
      .values({ unitId: ctx.unitMd, source: "link", period: "2001-01-01", csat: 1, ces: 1, csi: 1, state: "held", holdReason: "link_burst", submissionKey: `sec-held-${ctx.run}-${ctx.seq()}` })
      .returning({ id: feedbackResponses.id });
    return { decision: "accept", [`response_${response!.id}`]: "on" };
  },
  "/feedback#recordPhoneResponse": async (ctx) => ({ ...surveyAnswers(ctx), unitId: String(ctx.unitMd) }),
  "/feedback#tagComment": async (ctx) => {
    const [response] = await ctx.db
      .insert(feedbackResponses)
      .values({ unitId: ctx.unitMd, source: "phone", period: `${month(0)}-01`, csat: 4, ces: 6, csi: 4, comment: "Helpful and quick.", submissionKey: `sec-${ctx.run}-${ctx.seq()}` })
      .returning({ id: feedbackResponses.id });
    const [theme] = await ctx.db.select({ id: feedbackThemes.id }).from(feedbackThemes).where(sql`${feedbackThemes.departmentId} is null`).limit(1);
    return { responseId: String(response!.id), [`theme_${theme!.id}`]: "on" };
  },
  "/feedback#addTheme": async (ctx) => ({ departmentId: String(ctx.cooId), name: `Security matrix theme ${ctx.run} ${ctx.seq()}`, description: "" }),
  // The value already in force (30 unless set): allowed roles succeed without changing what other test files read.
  "/admin/settings#updateFeedbackMinResponses": async (ctx) => {
    const [row] = await ctx.db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETTING_KEYS.feedbackMinResponses));
    return { minResponses: String(typeof row?.value === "number" ? row.value : 30), reason: "" };
  },
  "/admin/measures#createMeasure": async (ctx) => {
    const fields = measureFields(ctx);
    retireLater(ctx, String(fields.code));
    return fields;
  },
  "/admin/measures#updateMeasure": async (ctx) => {
    const { id, fields } = await newMeasure(ctx);
    const { targetKind: _k, targetValue: _v, targetFrom: _f, targetNote: _n, ...definition } = fields;
    void [_k, _v, _f, _n];
    return { ...definition, id: String(id), version: "1", name: "Security matrix measure, renamed", active: "on", reason: "Matrix test" };
  },
  "/admin/measures#addTargetChange": async (ctx) => {
    const { id } = await newMeasure(ctx);
    return { measureId: String(id), version: "1", targetKind: "value", targetValue: "12", targetFrom: month(6), tbcDue: "", reason: "Agreed by the matrix test" };
  },

  "/admin/settings#updateFiguresDueDay": async (ctx) => {
    // The value stored now (or the default): an accepted save changes nothing other files read.
    const [row] = await ctx.db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETTING_KEYS.figuresDueWorkingDay));
    return { workingDay: String(typeof row?.value === "number" ? row.value : FIGURES_DUE_WORKING_DAY_DEFAULT), reason: "" };
  },
  "/admin/settings#updateRiskBands": async (ctx) => {
    const [row] = await ctx.db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETTING_KEYS.riskBands));
    const bands = (row?.value as typeof DEFAULT_RISK_BANDS | undefined) ?? DEFAULT_RISK_BANDS;
    return { mediumFrom: String(bands.mediumFrom), highFrom: String(bands.highFrom), veryHighFrom: String(bands.veryHighFrom), reason: "" };
  },
  "/admin/users#createUser": async (ctx) => ({
    email: `sec.${ctx.run.toLowerCase()}.${ctx.seq()}@baseline.test`,
    name: "Security Matrix",
    password: "a-long-enough-passphrase",
    role: "VIEWER",
    unitId: "",
  }),
  "/admin/users#updateUser": async (ctx) => {
    const id = idOf(await ctx.asAdmin("/admin/users#createUser", await ACTION_INPUTS["/admin/users#createUser"]!(ctx, "")));
    return { id: String(id), version: "1", role: "LEAD", unitId: String(ctx.unitMd), active: "on", reason: "Matrix test" };
  },

  "/entry#saveFigures": async (ctx) => {
    const { id } = await newMeasure(ctx);
    return { unitId: String(ctx.unitMd), month: month(2), intent: "draft", [`m.${id}.value`]: "7", [`m.${id}.version`]: "0", [`m.${id}.commentary`]: "" };
  },
  "/entry#importFigures": async (ctx) => {
    const { fields } = await newMeasure(ctx);
    const csv = `measure_code,measure_name,period,value,numerator,denominator,commentary,reason\n${fields.code},Security matrix measure,${month(3)},8,,,,\n`;
    return { unitId: String(ctx.unitMd), intent: "draft", file: new File([csv], "figures.csv", { type: "text/csv" }) };
  },

  "/initiatives#createInitiative": async (ctx) => initiativeFields(ctx),
  "/initiatives#updateInitiative": async (ctx) => {
    const { id, fields } = await newInitiative(ctx);
    return { ...fields, id: String(id), version: "1", title: "Security matrix initiative, renamed", reason: "Matrix test" };
  },
  "/initiatives#recordInitiativeUpdate": async (ctx) => {
    const { id } = await newInitiative(ctx);
    return { initiativeId: String(id), version: "1", rag: "green", reason: "", commentary: "On track." };
  },
  "/initiatives#addMilestone": async (ctx) => {
    const { id } = await newInitiative(ctx);
    return { initiativeId: String(id), title: "Security matrix milestone", plannedDate: day(6) };
  },
  "/initiatives#editMilestone": async (ctx) => {
    const { id, fields } = await newMilestone(ctx);
    return { id: String(id), version: "1", title: "Security matrix milestone, renamed", plannedDate: fields.plannedDate!, forecastDate: fields.plannedDate!, reason: "", actualDate: "" };
  },
  "/initiatives#cancelMilestone": async (ctx) => {
    const { id } = await newMilestone(ctx);
    return { id: String(id), version: "1", reason: "No longer needed" };
  },

  "/recommendations#createRecommendation": async (ctx) => recommendationFields(ctx),
  "/recommendations#updateRecommendation": async (ctx) => {
    const { id, fields } = await newRecommendation(ctx);
    return { ...fields, id: String(id), version: "1", ownerName: "Head of M&D", reason: "Matrix test" };
  },
  "/recommendations#addRecommendationUpdate": async (ctx) => {
    const { id } = await newRecommendation(ctx);
    return { id: String(id), version: "1", note: "Work has started.", status: "in_progress", completionEvidence: "", implementedOn: "" };
  },

  "/risks#createRisk": async (ctx) => {
    const title = `Security matrix risk ${ctx.run}-${ctx.seq()}`;
    ctx.onCleanup(() => ctx.db.update(risks).set({ status: "closed" }).where(eq(risks.title, title)));
    return { ...riskDefinition(ctx), title, residualLikelihood: "3", residualImpact: "5" };
  },
  "/risks#updateRisk": async (ctx) => {
    const risk = await scratchRisk(ctx);
    return { ...riskDefinition(ctx), id: String(risk.id), version: "1", title: "Security matrix risk, renamed", status: "open", reason: "Matrix test" };
  },
  "/risks#reviewRisk": async (ctx) => {
    const risk = await scratchRisk(ctx);
    return { id: String(risk.id), version: "1", residualLikelihood: "2", residualImpact: "5", note: "Reviewed by the matrix test." };
  },
  "/risks#escalateRisk": async (ctx) => {
    const risk = await scratchRisk(ctx); // 3 × 5 = 15, above its appetite of 6
    return { id: String(risk.id), version: "1", note: "Needs the Executive Leadership Team." };
  },
  "/risks#deescalateRisk": async (ctx) => {
    const risk = await scratchRisk(ctx, { escalated: true, escalatedAt: new Date(), escalationNote: "Escalated by the matrix test." });
    return { id: String(risk.id), version: "1", note: "Back within the department." };
  },
  "/risks#addRiskMitigation": async (ctx) => {
    const risk = await scratchRisk(ctx);
    return { riskId: String(risk.id), kind: "control", description: "A control in place", ownerName: "Director of M&D", dueDate: "", status: "in_progress" };
  },
  "/risks#updateRiskMitigation": async (ctx) => {
    const risk = await scratchRisk(ctx);
    const [m] = await ctx.db
      .insert(riskMitigations)
      .values({ riskId: risk.id, kind: "action", description: "An action", ownerName: "Director of M&D", dueDate: day(3), status: "planned" })
      .returning({ id: riskMitigations.id });
    return { id: String(m!.id), version: "1", kind: "action", description: "An action", ownerName: "Director of M&D", dueDate: day(3), status: "in_progress" };
  },
  "/risks#completeRiskMitigation": async (ctx) => {
    const risk = await scratchRisk(ctx);
    const [m] = await ctx.db
      .insert(riskMitigations)
      .values({ riskId: risk.id, kind: "action", description: "An action", ownerName: "Director of M&D", dueDate: day(3), status: "in_progress" })
      .returning({ id: riskMitigations.id });
    return { id: String(m!.id), version: "1" };
  },

  "/reviews#recordMeeting": async (ctx) => ({
    departmentId: String(ctx.cooId),
    month: reviewMonth(ctx),
    version: "0",
    heldOn: "",
    attendees: "The matrix test",
    decisions: "",
  }),
  "/reviews#addReviewAction": async (ctx) => ({
    departmentId: String(ctx.cooId),
    month: reviewMonth(ctx),
    description: "Follow up the matrix test",
    // An active lead of COO (the owner is chosen from the department's people).
    ownerUserId: String(await userIdOf(ctx, "lead.md@baseline.test")),
    dueDate: day(1),
    link: "",
  }),
  "/reviews#updateReviewAction": async (ctx) => {
    const [meeting] = await ctx.db
      .insert(reviewMeetings)
      .values({ departmentId: ctx.cooId, period: `${reviewMonth(ctx)}-01`, status: "planned" })
      .returning({ id: reviewMeetings.id });
    const [action] = await ctx.db
      .insert(reviewActions)
      .values({ meetingId: meeting!.id, description: "Follow up the matrix test", ownerName: "Director of M&D", dueDate: day(1), status: "open" })
      .returning({ id: reviewActions.id });
    return { id: String(action!.id), version: "1", status: "open", closingNote: "", dueDate: day(2) };
  },

  "/reports/manage#createReport": async (ctx) => {
    // Reports start only for quarters from 2000 that have ended; 2001 is tests/integration/reports-manage.test.ts's.
    const k = startedQuarters++;
    return { departmentId: String(ctx.cooId), quarter: `${2010 + Math.floor(k / 4)}-q${(k % 4) + 1}` };
  },
  "/reports/manage#saveReportNarrative": async (ctx) => ({
    id: String(await scratchReport(ctx, "draft")),
    version: "1",
    introduction: "Rewritten by the matrix test.",
    highlights: "Highlights.",
    concerns: "Concerns.",
  }),
  "/reports/manage#takeStep": async (ctx, step) => {
    const from = { submit: "draft", approve: "submitted", return: "submitted", publish: "approved", reopen: "published" } as const;
    const state = from[step as keyof typeof from];
    if (!state) throw new Error(`no fixture for the report step "${step}"`);
    const id = await scratchReport(ctx, state);
    if (state === "published") {
      // Published through the workflow, so that the revision exists as it would.
      await ctx.asAdmin("/reports/manage#takeStep", { id: String(id), version: "1", step: "publish", reason: "", correctionNote: "" });
    }
    const [{ version } = { version: 1 }] = await ctx.db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
    return { id: String(id), version: String(version), step, reason: step === "return" ? "Please add the figures' context." : "", correctionNote: "" };
  },
  // Issue 16: budgets and the tolerance setting
  "/departments/[slug]/resources/budget#saveBudget": async (ctx) => {
    const year = freshBudgetYear(ctx);
    await ctx.db.insert(unitBudgets).values({ unitId: ctx.unitMd, year, incomePence: 0, delPence: 100_000, nonCashPence: 0, fteEstablishment: "1" });
    return { unitId: String(ctx.unitMd), year: String(year), version: "1", income: "1,000", del: "£2,000.50", nonCash: "0", fte: "1.5", reason: "Matrix test" };
  },
  "/departments/[slug]/resources/budget#importBudgets": async (ctx) => {
    const year = freshBudgetYear(ctx);
    const csv = `unit,year,income,del,non_cash,fte\nmd,${year},1000,2000.50,0,1.5\n`;
    return { departmentId: String(ctx.cooId), file: new File([csv], "ledger.csv", { type: "text/csv" }) };
  },
  "/admin/settings#updateFinanceTolerance": async (ctx) => {
    const [row] = await ctx.db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETTING_KEYS.financeTolerance));
    const t = (row?.value as typeof DEFAULT_TOLERANCE | undefined) ?? DEFAULT_TOLERANCE;
    return { lowerPct: String(t.lowerPct), upperPct: String(t.upperPct), reason: "" };
  },
  // Issue 16: monthly returns and funding/efficiency definitions
  "/departments/[slug]/resources/month#saveFinanceMonth": async (ctx) => {
    await resourcesYear(ctx);
    const [row] = await ctx.db.execute<{ version: number }>(sql`select version from finance_months where unit_id = ${ctx.unitMd} and month = ${`${SEC_YEAR}-06-01`}`).then((r) => r.rows);
    // The forecast is the budget (on budget: no commentary); a second save of the month carries its version and a reason.
    return { unitId: String(ctx.unitMd), month: `${SEC_YEAR}-06`, version: String(row?.version ?? 0), actual: String(ctx.seq()), forecast: "1,000,000", commentary: "", reason: "Matrix test" };
  },
  "/departments/[slug]/resources/month#saveFundingMonth": async (ctx) => {
    const id = idOf(await ctx.asAdmin("/departments/[slug]/resources/funding#createFundingLine", await fundingLineFields(ctx)));
    return { programmeId: String(id), month: `${SEC_YEAR}-06`, version: "0", spend: "1,000", forecast: "1,000,000", commentary: "", reason: "" };
  },
  "/departments/[slug]/resources/month#saveEfficiencyMonth": async (ctx) => {
    const id = idOf(await ctx.asAdmin("/departments/[slug]/resources/efficiencies#createEfficiency", await efficiencyFields(ctx)));
    return { efficiencyId: String(id), month: `${SEC_YEAR}-06`, version: "0", delivered: "1,000", forecast: "100,000", commentary: "", reason: "" };
  },
  "/departments/[slug]/people/month#saveWorkforceMonth": async (ctx) => {
    await resourcesYear(ctx);
    const [row] = await ctx.db.execute<{ version: number }>(sql`select version from workforce_months where unit_id = ${ctx.unitMd} and month = ${`${SEC_YEAR}-06-01`}`).then((r) => r.rows);
    return { unitId: String(ctx.unitMd), month: `${SEC_YEAR}-06`, version: String(row?.version ?? 0), headcount: String(200 + ctx.seq()), fteInPost: "150.5", leavers: "2", agencySpend: "1,000", fixedTermSpend: "0", reason: "Matrix test" };
  },
  "/departments/[slug]/resources/funding#createFundingLine": async (ctx) => fundingLineFields(ctx),
  "/departments/[slug]/resources/funding#updateFundingLine": async (ctx) => {
    const fields = await fundingLineFields(ctx);
    const id = idOf(await ctx.asAdmin("/departments/[slug]/resources/funding#createFundingLine", fields));
    return { ...fields, id: String(id), version: "1", allocation: "2,000,000", reason: "Matrix test" };
  },
  "/departments/[slug]/resources/efficiencies#createEfficiency": async (ctx) => efficiencyFields(ctx),
  "/departments/[slug]/resources/efficiencies#updateEfficiency": async (ctx) => {
    const fields = await efficiencyFields(ctx);
    const id = idOf(await ctx.asAdmin("/departments/[slug]/resources/efficiencies#createEfficiency", fields));
    return { ...fields, id: String(id), version: "1", target: "200,000", reason: "Matrix test" };
  },
  // Issue 17: API tokens
  "/admin/api-tokens#createApiToken": async (ctx) => apiTokenFields(ctx),
  "/admin/api-tokens#revokeApiToken": async (ctx) => {
    const id = idOf(await ctx.asAdmin("/admin/api-tokens#createApiToken", apiTokenFields(ctx)));
    return { tokenId: String(id), reason: "Matrix test" };
  },
  // Issue 17: the single sign-on group → role setting, as the rules in force (off unless set): an accepted save changes nothing other files read.
  "/admin/settings#updateSsoRoleMapping": async (ctx) => {
    const mapping = await getSsoRoleMapping(ctx.db);
    const rows = mapping.rules.map((r, i) => ({ [`group${i + 1}`]: r.group, [`role${i + 1}`]: r.role, [`unitId${i + 1}`]: r.unitId === null ? "" : String(r.unitId) }));
    return Object.assign({ claim: mapping.claim, reason: "" }, ...rows) as Fields;
  },
  // Issue 17: mail
  // A message given up after its tries, of this run's own (removed afterwards: later files deliver the outbox).
  "/admin/outbox#retryMessage": async (ctx) => {
    const [row] = await ctx.db
      .insert(outbox)
      .values({ dedupeKey: `sec-retry-${ctx.run}-${ctx.seq()}`, toEmail: `sec-retry-${ctx.run}@mail.test`, subject: "Security matrix message", body: "Body", transport: "smtp", attempts: 10, error: "550 Mailbox unavailable", gaveUpAt: new Date() })
      .returning({ id: outbox.id });
    ctx.onCleanup(() => ctx.db.delete(outbox).where(eq(outbox.id, row!.id)));
    return { id: String(row!.id) };
  },
  // Issue 18: annotations and breaks
  "/admin/measures#removeSeriesBreak": async (ctx) => {
    const { id, fields } = await newMeasure(ctx);
    const { targetKind: _k, targetValue: _v, targetFrom: _f, targetNote: _n, ...definition } = fields;
    void [_k, _v, _f, _n];
    // The definition changes with a break recorded from last month: version 2.
    await ctx.asAdmin("/admin/measures#updateMeasure", {
      ...definition,
      id: String(id),
      version: "1",
      description: "Counted from a new source.",
      active: "on",
      recordBreak: "on",
      breakFrom: month(1),
      breakReason: "New source",
    });
    const [row] = await ctx.db.select({ id: measureSeriesBreaks.id }).from(measureSeriesBreaks).where(eq(measureSeriesBreaks.measureId, id));
    return { measureId: String(id), breakId: String(row!.id), version: "2", reason: "Recorded by mistake" };
  },
  "/measures/[id]#addAnnotation": async (ctx) => {
    const { id } = await newMeasure(ctx);
    return { measureId: String(id), period: month(1), text: "Matrix test note", isPublic: "on" };
  },
  "/measures/[id]#updateAnnotation": async (ctx) => ({ id: String(await scratchAnnotation(ctx)), version: "1", text: "Matrix test note, changed" }),
  "/measures/[id]#deleteAnnotation": async (ctx) => ({ id: String(await scratchAnnotation(ctx)), version: "1" }),
  // Issue 19: cancelling a report correction
  "/reports/manage#cancelReportCorrection": async (ctx) => {
    // Published, then reopened through the workflow: a correction in progress, as the page offers it.
    const id = String(await scratchReport(ctx, "published"));
    await ctx.asAdmin("/reports/manage#takeStep", { id, version: "1", step: "publish", reason: "", correctionNote: "" });
    await ctx.asAdmin("/reports/manage#takeStep", { id, version: "2", step: "reopen", reason: "", correctionNote: "" });
    return { id, version: "3", reason: "Matrix test: not needed after all." };
  },
};

/** Issue 18: a note on last month of a new (later retired) M&D measure, made by the administrator. */
async function scratchAnnotation(ctx: BuildContext): Promise<number> {
  const { id } = await newMeasure(ctx);
  return idOf(await ctx.asAdmin("/measures/[id]#addAnnotation", { measureId: String(id), period: month(1), text: "Matrix test note" }));
}

// Issue 16: each budget fixture takes a year of its own for M&D (far from the demo's), removed afterwards.
let budgetYears = 0;
function freshBudgetYear(ctx: BuildContext): number {
  const year = 2099 - (budgetYears++ % 60);
  ctx.onCleanup(() => ctx.db.delete(unitBudgets).where(and(eq(unitBudgets.unitId, ctx.unitMd), eq(unitBudgets.year, year))));
  return year;
}

// --- Resources (issue 16) -----------------------------------------------------------------

/** The matrix's resources live in a year of their own (five years back), removed afterwards. */
const SEC_YEAR = new Date().getFullYear() - 5;

/** M&D's budget for SEC_YEAR (total net £1,000,000), and the clean-up of everything made in that year. */
const cleanedUp = new WeakSet<BuildContext>();
async function resourcesYear(ctx: BuildContext) {
  await ctx.db.execute(sql`insert into unit_budgets (unit_id, year, del_pence) values (${ctx.unitMd}, ${SEC_YEAR}, 100000000) on conflict do nothing`);
  if (cleanedUp.has(ctx)) return;
  cleanedUp.add(ctx);
  ctx.onCleanup(async () => {
    await ctx.db.execute(sql`delete from funding_programme_months where programme_id in (select id from funding_programmes where year = ${SEC_YEAR})`);
    await ctx.db.execute(sql`delete from funding_programme_initiatives where programme_id in (select id from funding_programmes where year = ${SEC_YEAR})`);
    await ctx.db.execute(sql`delete from funding_programmes where year = ${SEC_YEAR}`);
    await ctx.db.execute(sql`delete from efficiency_months where efficiency_id in (select id from efficiencies where year = ${SEC_YEAR})`);
    await ctx.db.execute(sql`delete from efficiencies where year = ${SEC_YEAR}`);
    await ctx.db.execute(sql`delete from finance_months where month >= ${`${SEC_YEAR}-01-01`} and month <= ${`${SEC_YEAR}-12-01`}`);
    await ctx.db.execute(sql`delete from workforce_months where month >= ${`${SEC_YEAR}-01-01`} and month <= ${`${SEC_YEAR}-12-01`}`);
    await ctx.db.execute(sql`delete from unit_budgets where year = ${SEC_YEAR}`);
  });
}

/** A COO funding line led by M&D, funding an M&D initiative. */
async function fundingLineFields(ctx: BuildContext): Promise<Fields> {
  await resourcesYear(ctx);
  const { rows } = await ctx.db.execute<{ id: number }>(sql`select id from initiatives where lead_unit_id = ${ctx.unitMd} order by id limit 1`);
  return {
    departmentId: String(ctx.cooId),
    kind: "growth",
    ref: `SEC-${ctx.run}`,
    name: `Security matrix funding line ${ctx.seq()}`,
    source: "Government Plan growth",
    cspPriority: "",
    subPriority: "",
    minister: "",
    leadUnitId: String(ctx.unitMd),
    year: String(SEC_YEAR),
    allocation: "1,000,000",
    ...(rows[0] ? { [`initiative-${rows[0].id}`]: "on" } : {}),
  };
}

/** A COO efficiency led by M&D. */
async function efficiencyFields(ctx: BuildContext): Promise<Fields> {
  await resourcesYear(ctx);
  return {
    departmentId: String(ctx.cooId),
    scope: "departmental",
    programme: "",
    title: `Security matrix efficiency ${ctx.seq()}`,
    recurring: "on",
    type: "spend_reduction",
    budgetType: "non_staff",
    minister: "",
    leadUnitId: String(ctx.unitMd),
    year: String(SEC_YEAR),
    target: "100,000",
  };
}

// --- API tokens (issue 17) ----------------------------------------------------------------

/** A write token for M&D (default expiry); the run's tokens are revoked afterwards, so none stays usable. */
const revokedLater = new WeakSet<BuildContext>();
function apiTokenFields(ctx: BuildContext): Fields {
  if (!revokedLater.has(ctx)) {
    revokedLater.add(ctx);
    ctx.onCleanup(() => ctx.db.execute(sql`update api_tokens set revoked_at = now() where revoked_at is null and name like ${`Security matrix token ${ctx.run}-%`}`));
  }
  return { name: `Security matrix token ${ctx.run}-${ctx.seq()}`, access: "write", [`unit_${ctx.unitMd}`]: "on", expiresOn: "" };
}

/** Rows of every table in the public schema, as a digest per table: count and an order-free hash. */
export async function databaseDigest(db: Database): Promise<Record<string, string>> {
  const { rows: tables } = await db.execute<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  const query = tables
    .map(({ name }) => `select '${name}' as name, count(*)::text || ':' || coalesce(sum(hashtext(t::text)::bigint), 0)::text as d from "${name}" t`)
    .join(" union all ");
  const { rows } = await db.execute<{ name: string; d: string }>(sql.raw(query));
  return Object.fromEntries(rows.map((r) => [r.name, r.d]));
}
