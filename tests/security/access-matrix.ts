/**
 * THE AUTHORIZATION MATRIX: who may open every page and route, and who may use every server action.
 *
 * This table is the specification. Two checks read it:
 *  - tests/e2e/security/access-matrix.spec.ts requests every page and route handler over HTTP
 *    against the production build, signed in as each role below (status 200 = allowed; anything
 *    else must be a refusal: a redirect to /login for the anonymous visitor, 404 for a signed-in
 *    user on a page, 401/403/404 for a route handler);
 *  - tests/integration/security-actions-matrix.test.ts calls every server action as each role
 *    against a target in the Modernisation and Digital unit (M&D) of the Chief Operating Office
 *    (COO), and checks acceptance, or refusal with nothing changed.
 * Both discover what exists (every app/**\/page.tsx and route.ts, every export of every
 * app/**\/actions.ts) and FAIL when something has no row here, or a row names something gone.
 *
 * HOW TO ADD A ROW
 *  - A new page or route handler: add its pattern to PAGES (the file's path under app/ without
 *    route groups, e.g. app/(app)/feedback/[id]/page.tsx → "/feedback/[id]"), with `path` (the
 *    concrete URL, built from the demo ids in Targets; add a target to Targets and resolve it in
 *    tests/e2e/security/targets.ts if you need a new kind of id) and `allow` (the roles that get
 *    200). A role with another expected outcome (a redirect) goes in `expect`.
 *  - A new server action: add "<route folder>#<export>" to ACTIONS (e.g. the export
 *    `sendFeedback` of app/(app)/feedback/actions.ts → "/feedback#sendFeedback") with `allow`,
 *    the roles that succeed on an M&D/COO target (or `cases`, one per variant, as for takeStep),
 *    and add a builder of valid input for it to tests/integration/security-action-inputs.ts.
 *  Use the role sets below where they fit; say why in a comment when a row is surprising.
 */

/**
 * The roles, as demo accounts. Targets are M&D items (unit) in COO (department):
 *  - anonymous: no session
 *  - viewer: VIEWER (reads every department, changes nothing)
 *  - leadPcs: LEAD of P&CS acting on M&D items (a lead of unit A on unit B, same department)
 *  - leadMd: LEAD of M&D, its own unit
 *  - sltCls: SLT of Customer and Local Services (another department)
 *  - sltCoo: SLT of COO
 *  - admin: ADMIN
 */
export const ROLES = ["anonymous", "viewer", "leadPcs", "leadMd", "sltCls", "sltCoo", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ACCOUNTS: Record<Role, string | null> = {
  anonymous: null,
  viewer: "viewer@baseline.test",
  leadPcs: "lead.pcs@baseline.test",
  leadMd: "lead.md@baseline.test",
  sltCls: "slt.cls@baseline.test",
  sltCoo: "slt.coo@baseline.test",
  admin: "admin@baseline.test",
};

// Role sets used by the rows.
const EVERYONE: readonly Role[] = ROLES;
const NOBODY: readonly Role[] = [];
const SIGNED_IN: readonly Role[] = ["viewer", "leadPcs", "leadMd", "sltCls", "sltCoo", "admin"];
/** Who sees COO: every signed-in role but the SLT of another department. */
const SEES_COO: readonly Role[] = ["viewer", "leadPcs", "leadMd", "sltCoo", "admin"];
/** Roles that edit somewhere (a role-level check; the target is chosen on the page). */
const EDITORS: readonly Role[] = ["leadPcs", "leadMd", "sltCls", "sltCoo", "admin"];
/** Who edits an M&D item: its lead, COO's SLT, the administrator. */
const EDITS_MD: readonly Role[] = ["leadMd", "sltCoo", "admin"];
/** Who manages COO as a department (measures, reviews, escalation, approving reports). */
const MANAGES_COO: readonly Role[] = ["sltCoo", "admin"];
/** Report drafting is department-wide for leads. */
const DRAFTS_COO_REPORT: readonly Role[] = ["leadPcs", "leadMd", "sltCoo", "admin"];
const SLT_AND_ADMIN: readonly Role[] = ["sltCls", "sltCoo", "admin"];
const ADMIN_ONLY: readonly Role[] = ["admin"];

/** Demo ids and slugs, resolved at test time from the seeded database or the UI. */
export interface Targets {
  /** A measure of M&D (MD-INC-P1). */
  measureMd: number;
  /** M&D's risk COO-R03. */
  riskMd: number;
  /** The initiative "M&D – Target Operating Model". */
  initiativeMd: number;
  /** The demo has no M&D recommendation: P&CS's CAG-PCS-01 (see its rows). */
  recommendationPcs: number;
  /** A COO quarterly report (the managed list's first). */
  reportCoo: number;
  /** The viewer's user id. */
  userViewer: number;
  /** The M&D unit id (for the CSV downloads). */
  unitMd: number;
  /** The last completed month, "2026-10". */
  month: string;
  /** Issue 16: COO's funding line "Modernisation and Digital - enhanced capabilities" (led by M&D). */
  fundingMd: number;
  /** Issue 16: COO's efficiency "Continued application of OneGov principles…" (led by M&D). */
  efficiencyMd: number;
  /** The last completed quarter, published in the demo: "2026-q3". */
  quarter: string;
}

export type Outcome = "ok" | "denied" | { redirect: RegExp };

export interface PageRow {
  path: (t: Targets) => string;
  /** Roles that get 200. Every other role must be refused. */
  allow: readonly Role[];
  /** Roles whose outcome is something else (a redirect elsewhere than /login). */
  expect?: Partial<Record<Role, Outcome>>;
}

const at = (path: string) => () => path;
const signedInLanding = { redirect: /\/(dashboard|my-updates)$/ };

export const PAGES: Record<string, PageRow> = {
  // Public
  "/": { path: at("/"), allow: EVERYONE },
  "/login": {
    path: at("/login"),
    allow: ["anonymous"],
    // Someone already signed in is sent on (through /start) to their landing page.
    expect: Object.fromEntries(SIGNED_IN.map((r) => [r, { redirect: /^\/start$/ }])),
  },
  "/reports": { path: at("/reports"), allow: EVERYONE },
  "/reports/[department]/[quarter]": { path: (t) => `/reports/coo/${t.quarter}`, allow: EVERYONE },
  "/reports/[department]/[quarter]/data.csv": { path: (t) => `/reports/coo/${t.quarter}/data.csv`, allow: EVERYONE },
  "/reports/[department]/[quarter]/data.json": { path: (t) => `/reports/coo/${t.quarter}/data.json`, allow: EVERYONE },
  "/reports/[department]/[quarter]/revisions/[revision]": { path: (t) => `/reports/coo/${t.quarter}/revisions/1`, allow: EVERYONE },
  "/reports/[department]/[quarter]/revisions/[revision]/data.csv": { path: (t) => `/reports/coo/${t.quarter}/revisions/1/data.csv`, allow: EVERYONE },
  "/reports/[department]/[quarter]/revisions/[revision]/data.json": { path: (t) => `/reports/coo/${t.quarter}/revisions/1/data.json`, allow: EVERYONE },
  "/reports/government/[quarter]": { path: (t) => `/reports/government/${t.quarter}`, allow: EVERYONE },
  "/reports/government/[quarter]/data.csv": { path: (t) => `/reports/government/${t.quarter}/data.csv`, allow: EVERYONE },
  "/reports/government/[quarter]/data.json": { path: (t) => `/reports/government/${t.quarter}/data.json`, allow: EVERYONE },
  "/api/health": { path: at("/api/health"), allow: EVERYONE },
  // next-auth's endpoints; the session endpoint answers everyone (an empty session when signed out).
  "/api/auth/[...nextauth]": { path: at("/api/auth/session"), allow: EVERYONE },
  // Exists only when the benchmark turns query counting on (BASELINE_COUNT_QUERIES=1).
  "/api/internal/query-count": { path: at("/api/internal/query-count"), allow: NOBODY },

  // Signed in
  "/start": { path: at("/start"), allow: NOBODY, expect: Object.fromEntries(SIGNED_IN.map((r) => [r, signedInLanding])) },
  "/dashboard": { path: at("/dashboard"), allow: SIGNED_IN },
  "/my-updates": { path: at("/my-updates"), allow: SIGNED_IN },
  "/departments": { path: at("/departments"), allow: SIGNED_IN },
  "/departments/[slug]": { path: at("/departments/coo"), allow: SEES_COO },
  "/departments/[slug]/plan": { path: at("/departments/coo/plan"), allow: SEES_COO },
  "/measures/[id]": { path: (t) => `/measures/${t.measureMd}`, allow: SEES_COO },
  "/measures/[id]/data.csv": { path: (t) => `/measures/${t.measureMd}/data.csv`, allow: SEES_COO },

  "/entry": { path: at("/entry"), allow: EDITORS },
  "/entry/csv": { path: at("/entry/csv"), allow: EDITORS },
  "/entry/csv/template": { path: (t) => `/entry/csv/template?unit=${t.unitMd}&from=${t.month}&to=${t.month}`, allow: EDITS_MD },
  "/entry/csv/export": { path: (t) => `/entry/csv/export?unit=${t.unitMd}&from=${t.month}&to=${t.month}`, allow: EDITS_MD },
  "/entry/status": { path: at("/entry/status"), allow: SIGNED_IN },

  "/initiatives": { path: at("/initiatives"), allow: SIGNED_IN },
  "/initiatives/timeline": { path: at("/initiatives/timeline"), allow: SIGNED_IN },
  "/initiatives/new": { path: at("/initiatives/new"), allow: EDITORS },
  "/initiatives/[id]": { path: (t) => `/initiatives/${t.initiativeMd}`, allow: SEES_COO },
  "/initiatives/[id]/edit": { path: (t) => `/initiatives/${t.initiativeMd}/edit`, allow: EDITS_MD },

  "/risks": { path: at("/risks"), allow: SIGNED_IN },
  "/risks/heatmap": { path: at("/risks/heatmap"), allow: SIGNED_IN },
  "/risks/new": { path: at("/risks/new"), allow: EDITORS },
  "/risks/[id]": { path: (t) => `/risks/${t.riskMd}`, allow: SEES_COO },
  "/risks/[id]/edit": { path: (t) => `/risks/${t.riskMd}/edit`, allow: EDITS_MD },

  "/recommendations": { path: at("/recommendations"), allow: SIGNED_IN },
  "/recommendations/new": { path: at("/recommendations/new"), allow: EDITORS },
  "/recommendations/[id]": { path: (t) => `/recommendations/${t.recommendationPcs}`, allow: SEES_COO },
  // A P&CS item: here lead.pcs is the lead of the target's own unit and lead.md the lead of another.
  "/recommendations/[id]/edit": { path: (t) => `/recommendations/${t.recommendationPcs}/edit`, allow: ["leadPcs", "sltCoo", "admin"] },

  "/reviews": { path: at("/reviews"), allow: SIGNED_IN },
  "/reviews/[department]/[month]": { path: (t) => `/reviews/coo/${t.month}`, allow: SEES_COO },

  "/reports/manage": { path: at("/reports/manage"), allow: ["leadPcs", "leadMd", "sltCls", "sltCoo", "admin"] },
  "/reports/manage/[id]": { path: (t) => `/reports/manage/${t.reportCoo}`, allow: DRAFTS_COO_REPORT },

  "/admin": { path: at("/admin"), allow: ADMIN_ONLY },
  "/admin/users": { path: at("/admin/users"), allow: ADMIN_ONLY },
  "/admin/users/new": { path: at("/admin/users/new"), allow: ADMIN_ONLY },
  "/admin/users/[id]": { path: (t) => `/admin/users/${t.userViewer}`, allow: ADMIN_ONLY },
  "/admin/outbox": { path: at("/admin/outbox"), allow: ADMIN_ONLY },
  // user:manage, not SLT's department-scoped audit:view: the trail holds sign-ins and user changes of every department.
  "/admin/audit": { path: at("/admin/audit"), allow: ADMIN_ONLY },
  "/admin/settings": { path: at("/admin/settings"), allow: ADMIN_ONLY },
  "/admin/feedback": { path: at("/admin/feedback"), allow: SLT_AND_ADMIN },
  // Single-use survey links: whoever manages survey links (feedback:manage, the department's SLT).
  "/admin/feedback/issue": { path: at("/admin/feedback/issue"), allow: SLT_AND_ADMIN },
  // Held survey responses: administrators only (feedback:moderate), not the SLT whose figures they are.
  "/admin/feedback/moderation": { path: at("/admin/feedback/moderation"), allow: ADMIN_ONLY },

  // Customer feedback: the public survey (demo link of CLS Customer Services) and the staff pages.
  "/feedback/[token]": { path: at("/feedback/demo-customer-services"), allow: EVERYONE },
  "/feedback/[token]/thanks": { path: at("/feedback/demo-customer-services/thanks"), allow: EVERYONE },
  "/feedback/phone": { path: at("/feedback/phone"), allow: EDITORS },
  "/feedback/themes": { path: at("/feedback/themes"), allow: EDITORS },
  "/feedback/comments": { path: at("/feedback/comments"), allow: EDITORS },
  "/admin/measures": { path: at("/admin/measures"), allow: SLT_AND_ADMIN },
  "/admin/measures/new": { path: at("/admin/measures/new"), allow: SLT_AND_ADMIN },
  "/admin/measures/[id]": { path: (t) => `/admin/measures/${t.measureMd}`, allow: MANAGES_COO },
  // Issue 16: budgets
  // Read-only for whoever sees the department; the forms show only to budget:manage (SLT, ADMIN).
  "/departments/[slug]/resources/budget": { path: at("/departments/coo/resources/budget"), allow: SEES_COO },
  // The template holds what the page shows, so the same readers may download it.
  "/departments/[slug]/resources/budget/template": { path: at("/departments/coo/resources/budget/template"), allow: SEES_COO },
  // Issue 16: monthly returns and funding/efficiency definitions
  // The returns are readable by whoever sees the department (rows they may not enter are shown read-only).
  "/departments/[slug]/resources/month": { path: (t) => `/departments/coo/resources/month?month=${t.month}`, allow: SEES_COO },
  "/departments/[slug]/people/month": { path: (t) => `/departments/coo/people/month?month=${t.month}`, allow: SEES_COO },
  // Definitions: budget:manage, the department's SLT and the administrator.
  "/departments/[slug]/resources/funding/new": { path: at("/departments/coo/resources/funding/new"), allow: MANAGES_COO },
  "/departments/[slug]/resources/funding/[id]/edit": { path: (t) => `/departments/coo/resources/funding/${t.fundingMd}/edit`, allow: MANAGES_COO },
  "/departments/[slug]/resources/efficiencies/new": { path: at("/departments/coo/resources/efficiencies/new"), allow: MANAGES_COO },
  "/departments/[slug]/resources/efficiencies/[id]/edit": { path: (t) => `/departments/coo/resources/efficiencies/${t.efficiencyMd}/edit`, allow: MANAGES_COO },
  // Issue 16: resources views (read: unit:view on the department, like the department page)
  "/departments/[slug]/resources": { path: (t) => `/departments/coo/resources?month=${t.month}`, allow: SEES_COO },
  "/departments/[slug]/people": { path: (t) => `/departments/coo/people?month=${t.month}`, allow: SEES_COO },
  // Issue 17: feeds
  // The Atom feeds of published reports: public like the reports, no session (feed readers have none).
  "/reports/feed.xml": { path: at("/reports/feed.xml"), allow: EVERYONE },
  "/reports/[department]/feed.xml": { path: at("/reports/coo/feed.xml"), allow: EVERYONE },
  // Issue 17: API tokens
  // api-token:manage: the administrator, and every department's SLT (CLS's lists CLS's tokens).
  "/admin/api-tokens": { path: at("/admin/api-tokens"), allow: SLT_AND_ADMIN },
  // Issue 17: the API (/api/v1)
  // The unit routes take an API token (Authorization: Bearer) and nothing else: a session cookie is
  // no credential there, so every role, signed in or not, gets 401 (tests/integration/api-v1.test.ts
  // covers tokens). A GET of each is what this matrix requests (PUT and POST share the addresses).
  "/api/v1/units/[unit]/due": { path: (t) => `/api/v1/units/md/due?period=${t.month}`, allow: NOBODY },
  "/api/v1/units/[unit]/figures": { path: (t) => `/api/v1/units/md/figures?from=${t.month}&to=${t.month}`, allow: NOBODY },
  "/api/v1/units/[unit]/figures/[measure]/[period]": { path: (t) => `/api/v1/units/md/figures/MD-INC-P1/${t.month}`, allow: NOBODY },
  // Published reports' figures, the API's description and its docs page: public, like the reports.
  "/api/v1/published/reports": { path: at("/api/v1/published/reports"), allow: EVERYONE },
  "/api/v1/published/figures": { path: (t) => `/api/v1/published/figures?department=coo&quarter=${t.quarter}`, allow: EVERYONE },
  "/api/v1/openapi.json": { path: at("/api/v1/openapi.json"), allow: EVERYONE },
  "/api/v1/docs": { path: at("/api/v1/docs"), allow: EVERYONE },
};

/**
 * Form handlers anyone may call without a session, outside the role matrix (they check no role):
 * each is covered by its own tests, named here.
 */
export const PUBLIC_FORM_ACTIONS: Record<string, string> = {
  "/feedback/[token]#sendSurvey":
    "the public survey form: validation, paused links, rate limits, double clicks, single-use links and the hold rule are tested in tests/integration/feedback.test.ts and tests/e2e/feedback",
};

/** One server action, or one variant of it (`cases`), with the roles that succeed on an M&D/COO target. */
export type ActionRow = { allow: readonly Role[] } | { cases: Record<string, readonly Role[]> };

export const ACTIONS: Record<string, ActionRow> = {
  // Measures catalogue: SLT of the department and the administrator.
  "/admin/measures#createMeasure": { allow: MANAGES_COO },
  "/admin/measures#updateMeasure": { allow: MANAGES_COO },
  "/admin/measures#addTargetChange": { allow: MANAGES_COO },
  // Settings and users: the administrator only.
  "/admin/settings#updateFiguresDueDay": { allow: ADMIN_ONLY },
  "/admin/settings#updateRiskBands": { allow: ADMIN_ONLY },
  "/admin/settings#updateFeedbackMinResponses": { allow: ADMIN_ONLY },
  // Survey links and themes are managed by the department's SLT; phone responses and tags are the unit's.
  "/admin/feedback#createFeedbackLink": { allow: MANAGES_COO },
  "/admin/feedback#setFeedbackLinkPaused": { allow: MANAGES_COO },
  "/admin/feedback#issueInteractionLinks": { allow: MANAGES_COO },
  "/admin/feedback#moderateResponses": { allow: ADMIN_ONLY },
  "/feedback#recordPhoneResponse": { allow: EDITS_MD },
  "/feedback#tagComment": { allow: EDITS_MD },
  "/feedback#addTheme": { allow: MANAGES_COO },
  "/admin/users#createUser": { allow: ADMIN_ONLY },
  "/admin/users#updateUser": { allow: ADMIN_ONLY },
  // Figures: the unit's lead, the department's SLT, the administrator.
  "/entry#saveFigures": { allow: EDITS_MD },
  "/entry#importFigures": { allow: EDITS_MD },
  // Plan
  "/initiatives#createInitiative": { allow: EDITS_MD },
  "/initiatives#updateInitiative": { allow: EDITS_MD },
  "/initiatives#recordInitiativeUpdate": { allow: EDITS_MD },
  "/initiatives#addMilestone": { allow: EDITS_MD },
  "/initiatives#editMilestone": { allow: EDITS_MD },
  "/initiatives#cancelMilestone": { allow: EDITS_MD },
  // Recommendations
  "/recommendations#createRecommendation": { allow: EDITS_MD },
  "/recommendations#updateRecommendation": { allow: EDITS_MD },
  "/recommendations#addRecommendationUpdate": { allow: EDITS_MD },
  // Risks: editing by the unit; escalation to the ELT by the department's SLT.
  "/risks#createRisk": { allow: EDITS_MD },
  "/risks#updateRisk": { allow: EDITS_MD },
  "/risks#reviewRisk": { allow: EDITS_MD },
  "/risks#addRiskMitigation": { allow: EDITS_MD },
  "/risks#updateRiskMitigation": { allow: EDITS_MD },
  "/risks#completeRiskMitigation": { allow: EDITS_MD },
  "/risks#escalateRisk": { allow: MANAGES_COO },
  "/risks#deescalateRisk": { allow: MANAGES_COO },
  // Monthly review: the department's SLT.
  "/reviews#recordMeeting": { allow: MANAGES_COO },
  "/reviews#addReviewAction": { allow: MANAGES_COO },
  "/reviews#updateReviewAction": { allow: MANAGES_COO },
  // Quarterly reports: any lead of the department drafts and submits; its SLT approves and publishes.
  "/reports/manage#createReport": { allow: DRAFTS_COO_REPORT },
  "/reports/manage#saveReportNarrative": { allow: DRAFTS_COO_REPORT },
  "/reports/manage#takeStep": {
    cases: {
      submit: DRAFTS_COO_REPORT,
      approve: MANAGES_COO,
      return: MANAGES_COO,
      publish: MANAGES_COO,
      reopen: DRAFTS_COO_REPORT,
    },
  },
  // Issue 16: budgets and the tolerance setting
  // Budgets are the department's settlement: its SLT and the administrator (budget:manage), not M&D's lead.
  "/departments/[slug]/resources/budget#saveBudget": { allow: MANAGES_COO },
  "/departments/[slug]/resources/budget#importBudgets": { allow: MANAGES_COO },
  "/admin/settings#updateFinanceTolerance": { allow: ADMIN_ONLY },
  // Issue 16: monthly returns and funding/efficiency definitions
  // Monthly figures (finance:enter, workforce:enter): the unit's lead, the department's SLT, the administrator.
  "/departments/[slug]/resources/month#saveFinanceMonth": { allow: EDITS_MD },
  "/departments/[slug]/resources/month#saveFundingMonth": { allow: EDITS_MD },
  "/departments/[slug]/resources/month#saveEfficiencyMonth": { allow: EDITS_MD },
  "/departments/[slug]/people/month#saveWorkforceMonth": { allow: EDITS_MD },
  // Definitions (budget:manage): the department's SLT and the administrator.
  "/departments/[slug]/resources/funding#createFundingLine": { allow: MANAGES_COO },
  "/departments/[slug]/resources/funding#updateFundingLine": { allow: MANAGES_COO },
  "/departments/[slug]/resources/efficiencies#createEfficiency": { allow: MANAGES_COO },
  "/departments/[slug]/resources/efficiencies#updateEfficiency": { allow: MANAGES_COO },
  // Issue 17: API tokens
  // A token for M&D, or revoking one: COO's SLT and the administrator; CLS's SLT is refused by the unit scope.
  "/admin/api-tokens#createApiToken": { allow: MANAGES_COO },
  "/admin/api-tokens#revokeApiToken": { allow: MANAGES_COO },
  // Issue 17: the single sign-on group → role setting
  "/admin/settings#updateSsoRoleMapping": { allow: ADMIN_ONLY },
  // Issue 17: mail
  // Retrying a given-up message: the administrator only, like the outbox page.
  "/admin/outbox#retryMessage": { allow: ADMIN_ONLY },
  // Issue 18: annotations and breaks
  // A break belongs to the catalogue (measure:manage): the department's SLT and the administrator.
  "/admin/measures#removeSeriesBreak": { allow: MANAGES_COO },
  // Notes on months (measure:annotate, granted like figures:enter): the unit's lead, the department's SLT, the administrator.
  "/measures/[id]#addAnnotation": { allow: EDITS_MD },
  "/measures/[id]#updateAnnotation": { allow: EDITS_MD },
  "/measures/[id]#deleteAnnotation": { allow: EDITS_MD },
  // Issue 19: cancelling a report correction
  // Whoever may start a correction may cancel it (report:edit): the department's leads and SLT, the administrator.
  "/reports/manage#cancelReportCorrection": { allow: DRAFTS_COO_REPORT },
};

/** The cases of a row: [case name ("" for a plain row), allowed roles]. */
export function actionCases(row: ActionRow): [string, readonly Role[]][] {
  return "cases" in row ? Object.entries(row.cases) : [["", row.allow]];
}

/** The outcome the table expects for a role on a page. */
export function expectedOutcome(row: PageRow, role: Role): Outcome {
  return row.expect?.[role] ?? (row.allow.includes(role) ? "ok" : "denied");
}
