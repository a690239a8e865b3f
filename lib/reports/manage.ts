import "server-only";
import { format } from "date-fns";
import { and, desc, eq, max, sql } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { pageSliceSql } from "@/lib/paging/page-sql";
import { containsSql } from "@/lib/paging/search";
import { auditLog, orgUnits, reportRevisions, reports } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { CreateReportInput, ReportCancelCorrectionInput, ReportNarrativeInput, ReportStepInput } from "@/lib/validation/report";
import { buildReportContent } from "./build";
import { lastCompletedQuarter, parseQuarterSlug, quarterName, quarterSlug, readReportContent, type ReportContent, type StoredReportContent } from "./content";
import {
  cancelCorrectionRefusal,
  canStartQuarter,
  canTakeStep,
  nextStatus,
  reportScope,
  STEP_LABELS,
  STEP_RULES,
  stepProblems,
  tooEarlyToPreview,
  tooEarlyToStart,
  type Narrative,
  type ReportStatus,
  type ReportStep,
} from "./workflow";

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export interface ManagedReportRow {
  id: number;
  year: number;
  quarter: number;
  status: ReportStatus;
  /** How many revisions have been published (0: never published). */
  revisions: number;
  updatedAt: string;
}

export interface ManagedDepartment {
  id: number;
  slug: string;
  name: string;
  /** Newest quarter first. */
  reports: ManagedReportRow[];
}

export interface ManagedDepartmentPage {
  /** Departments whose reports the user may manage that match the search (all pages). */
  total: number;
  rows: ManagedDepartment[];
}

/**
 * One page of the departments whose reports the user may manage (ADMIN: all; SLT and LEAD: their
 * own), name containing `search`, each with its reports and how many revisions each has published.
 * One query: scope and search first, then the page, and only the page's reports are read.
 */
export async function listManagedReports(user: SessionUser, { page = 1, search = "" }: { page?: number; search?: string } = {}): Promise<ManagedDepartmentPage> {
  if (!can(user, "report:edit")) return { total: 0, rows: [] };
  const scope = departmentScopeSql(user, sql`d.id`);
  const { rows } = await db.execute<{ id: number; slug: string; name: string; total: number; reports: ManagedReportRow[] }>(sql`
    with numbered as (
      select d.id, d.slug, d.name, row_number() over (order by d.sort_order, d.name, d.id) as rn, count(*) over () as total
      from org_units d
      where d.kind = 'department' and ${scope} and ${containsSql(sql`d.name`, search)}
    )
    select n.id, n.slug, n.name, n.total::int as total,
      coalesce((
        select json_agg(json_build_object('id', r.id, 'year', r.year, 'quarter', r.quarter, 'status', r.status,
            'revisions', (select count(*) from report_revisions rv where rv.report_id = r.id), 'updatedAt', r.updated_at)
          order by r.year desc, r.quarter desc)
        from reports r where r.department_id = n.id), '[]'::json) as reports
    from numbered n
    where ${pageSliceSql(sql`n.rn`, sql`n.total`, page)}
    order by n.rn`);
  return { total: rows[0]?.total ?? 0, rows: rows.map((d) => ({ id: d.id, slug: d.slug, name: d.name, reports: d.reports })) };
}

export interface RevisionSummary {
  revision: number;
  publishedAt: string;
  publishedBy: string | null;
  correctionNote: string | null;
}

export type HistoryEntry = {
  /** ISO timestamp. */
  at: string;
  action: string;
  actor: string | null;
  reason: string | null;
};

export interface ManagedReport extends Narrative {
  id: number;
  departmentId: number;
  departmentSlug: string;
  departmentName: string;
  year: number;
  quarter: number;
  status: ReportStatus;
  version: number;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Oldest first. */
  revisions: RevisionSummary[];
  /** The frozen content of the latest revision (what the public reads now); null when never published. */
  latestContent: ReportContent | null;
  /** Every step of the report from the audit log, oldest first. */
  history: HistoryEntry[];
}

/** Timestamps arrive as Date (columns) or ISO strings (inside JSON); pages get ISO strings. */
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * One department report as its editors see it, or null when there is none or the user may not
 * manage it (the page answers 404 either way). Two queries.
 */
export async function getManagedReport(user: SessionUser, id: number): Promise<ManagedReport | null> {
  const [{ rows }, { rows: history }] = await Promise.all([
    db.execute<{
      id: number;
      department_id: number | null;
      slug: string;
      name: string;
      year: number;
      quarter: number;
      status: ReportStatus;
      version: number;
      introduction: string | null;
      highlights: string | null;
      concerns: string | null;
      submitted_by: string | null;
      submitted_at: Date | string | null;
      approved_by: string | null;
      approved_at: Date | string | null;
      revisions: RevisionSummary[] | null;
      latest_content: StoredReportContent | null;
    }>(sql`
      select r.id, r.department_id, d.slug, d.name, r.year, r.quarter, r.status, r.version,
        r.introduction, r.highlights, r.concerns,
        sb.name as submitted_by, r.submitted_at, ab.name as approved_by, r.approved_at,
        (select json_agg(json_build_object('revision', rv.revision, 'publishedAt', rv.published_at, 'publishedBy', pb.name,
            'correctionNote', rv.correction_note) order by rv.revision)
          from report_revisions rv left join users pb on pb.id = rv.published_by_id where rv.report_id = r.id) as revisions,
        (select rv.content from report_revisions rv where rv.report_id = r.id order by rv.revision desc limit 1) as latest_content
      from reports r
      join org_units d on d.id = r.department_id
      left join users sb on sb.id = r.submitted_by_id
      left join users ab on ab.id = r.approved_by_id
      where r.id = ${id}`),
    db.execute<Omit<HistoryEntry, "at"> & { at: Date | string }>(sql`
      select a.at, a.action, coalesce(u.name, a.actor_email) as actor, a.reason
      from audit_log a left join users u on u.id = a.actor_id
      where a.entity_type = 'report' and a.entity_id = ${String(id)}
      order by a.at, a.id`),
  ]);
  const r = rows[0];
  if (!r || r.department_id === null || !can(user, "report:edit", reportScope(r.department_id))) return null;
  return {
    id: r.id,
    departmentId: r.department_id,
    departmentSlug: r.slug,
    departmentName: r.name,
    year: r.year,
    quarter: r.quarter,
    status: r.status,
    version: r.version,
    introduction: r.introduction,
    highlights: r.highlights,
    concerns: r.concerns,
    submittedBy: r.submitted_by,
    submittedAt: iso(r.submitted_at),
    approvedBy: r.approved_by,
    approvedAt: iso(r.approved_at),
    revisions: r.revisions ?? [],
    latestContent: r.latest_content && readReportContent(r.latest_content),
    history: history.map((h) => ({ ...h, at: iso(h.at)! })),
  };
}

/** The server's day, "YYYY-MM-DD": quarters end and reports are as at days of this calendar. */
export const dayOf = (now: Date) => format(now, "yyyy-MM-dd");

/**
 * The content the report would publish now (the preview): the figures as they stand, the rest as
 * at the quarter's last day, or today while the quarter runs. Refused (RuleError) for a quarter that
 * has not begun. Six queries.
 */
export async function previewContent(report: Pick<ManagedReport, "departmentId" | "year" | "quarter"> & Narrative, now: Date = new Date()) {
  const q = { year: report.year, quarter: report.quarter };
  const refused = tooEarlyToPreview(q, dayOf(now));
  if (refused) throw new RuleError(refused);
  return buildReportContent(db, report.departmentId, q, narrativeOf(report), now);
}

const narrativeOf = (r: Narrative) => ({ introduction: r.introduction ?? "", highlights: r.highlights ?? "", concerns: r.concerns ?? "" });

// ---------------------------------------------------------------------------------------------
// Commands (called by the server actions in app/(app)/reports/manage/actions.ts)
// ---------------------------------------------------------------------------------------------

/** Refuses unknown and out-of-scope reports alike, so that ids cannot be probed. */
async function reportFor(actor: SessionUser, id: number, check: (departmentId: number) => void) {
  const [row] = await db.select({ departmentId: reports.departmentId }).from(reports).where(eq(reports.id, id));
  check(row?.departmentId ?? -1);
  return row!;
}

/**
 * Starts a department's report for an ended quarter: a draft, unique per department and quarter
 * (a second attempt is refused with a message, never a database error). Audited.
 */
export async function createReport(actor: SessionUser, input: CreateReportInput, now: Date = new Date()): Promise<{ id: number }> {
  const q = parseQuarterSlug(input.quarter);
  const [dept] = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, input.departmentId), eq(orgUnits.kind, "department")));
  assertCan(actor, "report:edit", reportScope(dept?.id ?? -1));
  if (!q || !canStartQuarter(q, lastCompletedQuarter(now))) {
    const why = q && tooEarlyToStart(q, dayOf(now));
    throw new RuleError(why ?? "Please correct the highlighted fields.", { quarter: [why ?? "Choose a quarter that has ended"] });
  }
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(reports)
      .values({ departmentId: dept!.id, year: q.year, quarter: q.quarter, status: "draft", createdById: actor.id })
      .onConflictDoNothing()
      .returning({ id: reports.id });
    if (!created) {
      throw new RuleError(`${dept!.name} already has a report for ${quarterName(q)}. Open it from the list instead.`, {
        quarter: [`There is already a report for ${quarterName(q)}`],
      });
    }
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "report.create",
        entityType: "report",
        entityId: created.id,
        unitId: dept!.id,
        after: { year: q.year, quarter: q.quarter, status: "draft" },
      },
      tx,
    );
    return created;
  });
}

const storedFields = {
  status: reports.status,
  version: reports.version,
  introduction: reports.introduction,
  highlights: reports.highlights,
  concerns: reports.concerns,
};

export type StoredReport = { status: ReportStatus; version: number } & Narrative;

/** Who submitted and approved the report, and when: cleared by reopening, put back by cancelling the correction. */
const workflowFields = {
  submittedById: reports.submittedById,
  submittedAt: reports.submittedAt,
  approvedById: reports.approvedById,
  approvedAt: reports.approvedAt,
};

interface Workflow {
  submittedById: number | null;
  submittedAt: Date | null;
  approvedById: number | null;
  approvedAt: Date | null;
}

const workflowOf = (r: Workflow): Workflow => ({ submittedById: r.submittedById, submittedAt: r.submittedAt, approvedById: r.approvedById, approvedAt: r.approvedAt });

/**
 * Saves the narrative of a draft. A stale version is refused with the stored text (ConflictError),
 * so nothing is lost: the form keeps what the user typed, and shows what is stored now.
 */
export async function saveNarrative(actor: SessionUser, input: ReportNarrativeInput): Promise<{ id: number; version: number }> {
  const { departmentId } = await reportFor(actor, input.id, (d) => assertCan(actor, "report:edit", reportScope(d)));
  return db.transaction(async (tx) => {
    const before: StoredReport = await lockVersioned(tx, reports, storedFields, {
      id: input.id,
      version: input.version,
      missing: "That report no longer exists.",
      conflict: "Someone else changed this report since you opened it. What is stored now is shown below; your text is still in the form.",
    });
    if (before.status !== "draft") {
      throw new RuleError("This report is no longer a draft, so its text cannot change. Start a correction, or ask for it to be sent back.");
    }
    const after = { introduction: input.introduction || null, highlights: input.highlights || null, concerns: input.concerns || null };
    const changed = (Object.keys(after) as (keyof Narrative)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return { id: input.id, version: before.version };
    const version = await updateVersioned(tx, reports, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: {
        action: "report.narrative",
        entityType: "report",
        unitId: departmentId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
    return { id: input.id, version };
  });
}

export interface StepResult {
  id: number;
  status: ReportStatus;
  departmentSlug: string;
  quarterSlug: string;
  /** The revision just published (publish only). */
  revision: number | null;
}

/**
 * Moves a report on (or back) in its workflow (lib/reports/workflow.ts says who may do what, and
 * that submitting, approving and publishing wait for the quarter to end), in one transaction with
 * its audit entry. Publishing builds the content (figures as they stand, the rest as at the
 * quarter's last day) inside the same transaction, and freezes it as the next revision; a correction (any
 * revision after the first) carries its public correction note. Earlier revisions are never touched.
 */
export async function takeReportStep(actor: SessionUser, input: ReportStepInput, now: Date = new Date()): Promise<StepResult> {
  const step: ReportStep = input.step;
  const { departmentId } = await reportFor(actor, input.id, (d) => assertCan(actor, STEP_RULES[step].permission, reportScope(d)));
  const [dept] = await db.select({ slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.id, departmentId!));

  return db.transaction(async (tx) => {
    const storedOf = (r: StoredReport): StoredReport => ({ status: r.status, version: r.version, introduction: r.introduction, highlights: r.highlights, concerns: r.concerns });
    const before = await lockVersioned(
      tx,
      reports,
      { ...storedFields, year: reports.year, quarter: reports.quarter, ...workflowFields },
      {
        id: input.id,
        version: input.version,
        missing: "That report no longer exists.",
        conflict: "Someone else changed this report since you opened it. Reload the page to see where it stands now.",
        current: storedOf,
      },
    );
    const stored = storedOf(before);
    const to = nextStatus(before.status, step);
    if (!to || !canTakeStep(actor, step, { status: before.status, departmentId })) {
      throw new RuleError(`A report that is ${before.status} cannot take the step “${STEP_LABELS[step]}”.`);
    }
    const [{ n: publishedRevisions } = { n: 0 }] = await tx
      .select({ n: sql<number>`coalesce(${max(reportRevisions.revision)}, 0)::int` })
      .from(reportRevisions)
      .where(eq(reportRevisions.reportId, input.id));
    const q = { year: before.year, quarter: before.quarter };
    const problems = stepProblems(step, { ...stored, ...q, publishedRevisions }, input, dayOf(now));
    if (Object.keys(problems).length > 0) {
      const message = problems.quarter
        ? problems.quarter[0]!
        : step === "submit"
          ? "The report cannot be submitted yet: write every section of the narrative first."
          : "Please correct the highlighted fields.";
      throw new RuleError(message, problems);
    }

    const set: Partial<typeof reports.$inferInsert> = { status: to, updatedAt: now };
    let revision: number | null = null;
    let correctionNote: string | null = null;
    switch (step) {
      case "submit":
        Object.assign(set, { submittedById: actor.id, submittedAt: now, approvedById: null, approvedAt: null });
        break;
      case "approve":
        Object.assign(set, { approvedById: actor.id, approvedAt: now });
        break;
      case "return":
        Object.assign(set, { approvedById: null, approvedAt: null });
        break;
      case "reopen":
        Object.assign(set, { submittedById: null, submittedAt: null, approvedById: null, approvedAt: null });
        break;
      case "publish": {
        const content = await buildReportContent(tx, departmentId!, q, narrativeOf(stored), now);
        if (!content) throw new RuleError("The report's department no longer exists.");
        revision = publishedRevisions + 1;
        correctionNote = revision > 1 ? input.correctionNote : null;
        await tx.insert(reportRevisions).values({ reportId: input.id, revision, content, correctionNote, publishedById: actor.id, publishedAt: now });
        break;
      }
    }
    await updateVersioned(tx, reports, {
      id: input.id,
      version: input.version,
      set,
      actor,
      audit: {
        action: `report.${step}`,
        entityType: "report",
        unitId: departmentId,
        // Reopening clears who submitted and approved the published revision: its entry keeps them, for cancelCorrection.
        before: { status: before.status, version: before.version, ...(step === "reopen" ? workflowOf(before) : {}) },
        after: { status: to, ...(revision !== null ? { revision, correctionNote } : {}) },
        reason: step === "return" ? input.reason : correctionNote,
      },
    });
    return { id: input.id, status: to, departmentSlug: dept!.slug, quarterSlug: quarterSlug(q), revision };
  });
}

export interface CancelCorrectionResult {
  id: number;
  status: ReportStatus;
  /** The published revision the report is back at. */
  revision: number;
}

/**
 * The submission and approval of the published revision, as the last reopening recorded them
 * (its audit entry's `before`). A correction started before that was recorded (issue 19) has
 * none to give back: they stay empty.
 */
async function workflowBeforeReopening(tx: Pick<typeof db, "select">, reportId: number): Promise<Workflow> {
  const [entry] = await tx
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "report"), eq(auditLog.entityId, String(reportId)), eq(auditLog.action, "report.reopen")))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const b = (entry?.before ?? {}) as Partial<Record<keyof Workflow, number | string | null>>;
  const id = (v: unknown) => (typeof v === "number" ? v : null);
  const at = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  return { submittedById: id(b.submittedById), submittedAt: at(b.submittedAt), approvedById: id(b.approvedById), approvedAt: at(b.approvedAt) };
}

/**
 * Cancels a correction in progress (issue 19): the draft is discarded and the report is published
 * again at its latest revision — that revision's narrative, and the submission and approval it had.
 * Whoever may start a correction may cancel it, while it is a draft (workflow.ts
 * cancelCorrectionRefusal). Nothing public changes: the revision stayed public all along. Version
 * checked and audited (with the optional reason) in one transaction.
 */
export async function cancelCorrection(actor: SessionUser, input: ReportCancelCorrectionInput, now: Date = new Date()): Promise<CancelCorrectionResult> {
  const { departmentId } = await reportFor(actor, input.id, (d) => assertCan(actor, STEP_RULES.reopen.permission, reportScope(d)));
  return db.transaction(async (tx) => {
    const before: StoredReport = await lockVersioned(tx, reports, storedFields, {
      id: input.id,
      version: input.version,
      missing: "That report no longer exists.",
      conflict: "Someone else changed this report since you opened it. Reload the page to see where it stands now.",
      current: (r) => ({ status: r.status, version: r.version }),
    });
    const [latest] = await tx
      .select({ revision: reportRevisions.revision, content: reportRevisions.content })
      .from(reportRevisions)
      .where(eq(reportRevisions.reportId, input.id))
      .orderBy(desc(reportRevisions.revision))
      .limit(1);
    const refused = cancelCorrectionRefusal({ status: before.status, publishedRevisions: latest?.revision ?? 0 });
    if (refused || !latest) throw new RuleError(refused ?? "This report has never been published, so there is no correction to cancel.");

    const published = readReportContent(latest.content as StoredReportContent).narrative;
    const restored: Narrative = { introduction: published.introduction || null, highlights: published.highlights || null, concerns: published.concerns || null };
    const changed = (Object.keys(restored) as (keyof Narrative)[]).filter((k) => restored[k] !== before[k]);
    await updateVersioned(tx, reports, {
      id: input.id,
      version: input.version,
      set: { status: "published", ...restored, ...(await workflowBeforeReopening(tx, input.id)), updatedAt: now },
      actor,
      audit: {
        action: "report.cancel_correction",
        entityType: "report",
        unitId: departmentId,
        before: { status: before.status, version: before.version, ...Object.fromEntries(changed.map((k) => [k, before[k]])) },
        after: { status: "published", revision: latest.revision, ...Object.fromEntries(changed.map((k) => [k, restored[k]])) },
        reason: input.reason || null,
      },
    });
    return { id: input.id, status: "published", revision: latest.revision };
  });
}
