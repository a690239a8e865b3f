import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportDocument } from "@/components/reports/report-document";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import { longDate } from "@/components/reports/format";
import { quarterBounds, quarterMonths, quarterName, quarterSlug } from "@/lib/reports/content";
import { dayOf, getManagedReport, previewContent } from "@/lib/reports/manage";
import {
  availableSteps,
  canCancelCorrection,
  canEditNarrative,
  changedFigures,
  NARRATIVE_LABELS,
  STATUS_TONES,
  statusLabel,
  tooEarlyFor,
  tooEarlyToPreview,
  type Narrative,
} from "@/lib/reports/workflow";
import { cancelReportCorrection, saveReportNarrative, takeStep } from "../actions";
import { CancelCorrectionForm } from "./_components/cancel-correction-form";
import { NarrativeForm } from "./_components/narrative-form";
import { StepForm } from "./_components/step-form";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Quarterly report" };

const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Jersey" });
const at = (iso: string | null) => (iso ? when.format(new Date(iso)) : "—");

const HISTORY_WORDS: Record<string, string> = {
  "report.create": "Started the report",
  "report.narrative": "Edited the narrative",
  "report.submit": "Submitted it for approval",
  "report.approve": "Approved it",
  "report.return": "Sent it back to draft",
  "report.publish": "Published it",
  "report.reopen": "Started a correction",
  "report.cancel_correction": "Cancelled the correction",
};

function waitingFor(status: string, steps: string[]): string | null {
  if (steps.length > 0) return null;
  if (status === "submitted") return "Waiting for approval by the department's Senior Leadership Team.";
  if (status === "approved") return "Approved: waiting to be published by the department's Senior Leadership Team.";
  return null;
}

export default async function ManagedReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cancelled?: string }> }) {
  const user = await requirePermission("report:edit");
  const [{ id }, { cancelled }] = await Promise.all([params, searchParams]);
  const reportId = routeId(id);
  const report = reportId ? await getManagedReport(user, reportId) : null;
  if (!report) notFound();
  const now = new Date();
  const today = dayOf(now);
  const q = { year: report.year, quarter: report.quarter };
  // A quarter that has not begun has nothing to preview (only bad data could hold such a report).
  const noPreview = tooEarlyToPreview(q, today);
  const preview = noPreview ? null : await previewContent(report, now);
  const running = today <= quarterBounds(q).end;
  if (!noPreview && !preview) notFound();

  const published = report.revisions.length;
  const latest = report.revisions.at(-1) ?? null;
  // Submitting, approving and publishing wait for the quarter to end: those buttons are not offered
  // before, and the reason is shown instead (takeReportStep refuses them on the server too).
  const allowed = availableSteps(user, report);
  const notYet = allowed.map((s) => tooEarlyFor(s, q, today)).find((m) => m !== null) ?? null;
  const steps = allowed.filter((s) => tooEarlyFor(s, q, today) === null);
  const editable = canEditNarrative(user, report);
  const cancellable = canCancelCorrection(user, { ...report, publishedRevisions: published });
  // After cancelling a correction (the action comes back here with ?cancelled=<revision>).
  const justCancelled = cancelled !== undefined && report.status === "published";
  const publicPath = `/reports/${report.departmentSlug}/${quarterSlug(q)}`;
  const waiting = waitingFor(report.status, steps);
  const changed = report.latestContent && preview ? changedFigures(report.latestContent, preview) : [];
  const statusWord = (s: string) => STATUS_LABELS[s as Status] ?? s;

  return (
    <div className="space-y-8">
      <div>
        <p className="mb-2">
          <Link href="/reports/manage">All reports</Link>
        </p>
        <h1 className="text-3xl font-bold">
          {report.departmentName}: {quarterName(q)} report
        </h1>
        <p className="mt-1 text-ink-muted">{quarterMonths(q)}</p>
        <p className="mt-3 flex flex-wrap items-center gap-2">
          <span>Status:</span>
          <Badge className="whitespace-normal!" tone={published > 0 && report.status !== "published" ? "warning" : STATUS_TONES[report.status]}>{statusLabel(report.status, published)}</Badge>
          {published > 0 && report.status !== "published" && <span>Revision {published} stays public meanwhile.</span>}
        </p>
        {published > 0 && (
          <p className="mt-2">
            Public page: <Link href={publicPath}>{publicPath}</Link>
          </p>
        )}
      </div>

      {justCancelled && (
        <Alert tone="success" title="Correction cancelled">
          <p>The report is back at revision {published}, as published. Nothing the public reads has changed.</p>
        </Alert>
      )}

      <Card title="Where it stands" description="Only the department's Senior Leadership Team approves and publishes.">
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
          <dt className="text-ink-muted">Submitted</dt>
          <dd>{report.submittedBy ? `${at(report.submittedAt)} by ${report.submittedBy}` : "Not yet"}</dd>
          <dt className="text-ink-muted">Approved</dt>
          <dd>{report.approvedBy ? `${at(report.approvedAt)} by ${report.approvedBy}` : "Not yet"}</dd>
          <dt className="text-ink-muted">Published</dt>
          <dd>{latest ? `Revision ${latest.revision}, ${at(latest.publishedAt)}${latest.publishedBy ? ` by ${latest.publishedBy}` : ""}` : "Not yet"}</dd>
        </dl>
        {waiting && <p className="font-semibold">{waiting}</p>}
        {notYet && (
          <p className="mb-4 max-w-3xl rounded-md border-l-4 border-navy bg-accent-soft p-3 font-semibold" data-testid="report-not-yet">
            {notYet}
          </p>
        )}
        <StepForm action={takeStep} reportId={report.id} version={report.version} steps={steps} publishedRevisions={published} publicPath={publicPath} />
        {cancellable && <CancelCorrectionForm action={cancelReportCorrection} reportId={report.id} version={report.version} publishedRevisions={published} />}
      </Card>

      {latest && (
        <section aria-labelledby="changed-heading">
          <h2 id="changed-heading" className="mb-1 text-2xl font-bold">
            Figures changed since revision {latest.revision}
          </h2>
          {changed.length === 0 ? (
            <p>None: the figures for {quarterName(q)} are as published.</p>
          ) : (
            <>
              <p className="mb-3 max-w-3xl text-ink-muted">
                These figures have changed since revision {latest.revision} was published. The public page keeps the published figures until a correction is
                published.
              </p>
              <Table caption={`Figures changed since revision ${latest.revision}`} captionHidden>
                <THead>
                  <tr>
                    <Th>Measure</Th>
                    <Th numeric>Published</Th>
                    <Th numeric>Now</Th>
                  </tr>
                </THead>
                <TBody>
                  {changed.map((c) => (
                    <Tr key={c.code}>
                      <Th scope="row" className="font-normal">
                        {c.name}
                      </Th>
                      <Td numeric>{c.published ? `${formatValue(c.published.value, c.measure)} (${statusWord(c.published.status)})` : "Not in the report"}</Td>
                      <Td numeric>{c.now ? `${formatValue(c.now.value, c.measure)} (${statusWord(c.now.status)})` : "No longer in the report"}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </section>
      )}

      <Card
        title="Narrative"
        description={editable ? "Written by the department. It can change while the report is a draft." : "It can change only while the report is a draft."}
      >
        {editable ? (
          <NarrativeForm action={saveReportNarrative} reportId={report.id} version={report.version} narrative={report} />
        ) : (
          <dl className="max-w-3xl space-y-3">
            {(Object.keys(NARRATIVE_LABELS) as (keyof Narrative)[]).map((k) => (
              <div key={k}>
                <dt className="font-bold">{NARRATIVE_LABELS[k]}</dt>
                <dd className="whitespace-pre-line">{report[k] || "Not written yet."}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>

      <section aria-labelledby="preview-heading" className="space-y-3">
        <h2 id="preview-heading" className="text-2xl font-bold">
          Preview from the current figures
        </h2>
        {preview ? (
          <>
            <p className="max-w-3xl text-ink-muted">
              What publishing now would freeze: the submitted figures as they stand at {at(preview.generatedAt)}; initiatives, milestones, risks and
              recommendations as at {running ? `today, ${longDate(today)}, while the quarter runs` : `the quarter's last day, ${longDate(quarterBounds(q).end)}`}.
              {published > 0 && " Differences from the published revision reach the public only through a correction."}
            </p>
            <div className="rounded-md border border-line-soft bg-surface p-5 sm:p-6" data-testid="report-preview">
              <ReportDocument content={preview} revision={null} />
            </div>
          </>
        ) : (
          <p className="max-w-3xl font-semibold" data-testid="report-no-preview">
            {noPreview}
          </p>
        )}
      </section>

      {report.latestContent && latest && (
        <section aria-labelledby="published-heading" className="space-y-3">
          <h2 id="published-heading" className="text-2xl font-bold">
            As published: revision {latest.revision}
          </h2>
          <details className="rounded-md border border-line-soft bg-surface p-5 sm:p-6" data-testid="report-published">
            <summary className="cursor-pointer font-semibold text-accent">Show revision {latest.revision} as the public reads it</summary>
            <div className="mt-4">
              <ReportDocument content={report.latestContent} revision={{ number: latest.revision, publishedAt: latest.publishedAt, correctionNote: latest.correctionNote }} />
            </div>
          </details>
        </section>
      )}

      {published > 0 && (
        <section aria-labelledby="revisions-heading">
          <h2 id="revisions-heading" className="mb-3 text-2xl font-bold">
            Revisions
          </h2>
          <Table caption="Published revisions" captionHidden>
            <THead>
              <tr>
                <Th>Revision</Th>
                <Th>Published</Th>
                <Th>By</Th>
                <Th>Correction note</Th>
              </tr>
            </THead>
            <TBody>
              {report.revisions.map((r) => (
                <Tr key={r.revision}>
                  <Th scope="row">{r.revision}</Th>
                  <Td className="whitespace-nowrap">{at(r.publishedAt)}</Td>
                  <Td>{r.publishedBy ?? "—"}</Td>
                  <Td>{r.correctionNote ?? (r.revision === 1 ? "First publication" : "—")}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-3 text-2xl font-bold">
          History
        </h2>
        <ol className="space-y-2" aria-label="History of the report">
          {report.history.map((h, i) => (
            <li key={i} className="border-l-4 border-line py-1 pl-4">
              <span className="font-semibold">{HISTORY_WORDS[h.action] ?? h.action}</span>: {h.actor ?? "unknown"}, {at(h.at)}
              {h.reason && <span className="block text-ink-muted">“{h.reason}”</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
