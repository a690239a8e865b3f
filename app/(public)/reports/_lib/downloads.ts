import "server-only";
import { downloadName, governmentJson, reportCsv, reportJson } from "@/lib/reports/open-data";
import { getGovernmentReport, getPublishedReport } from "@/lib/reports/published";
import { CROSS_GOVERNMENT } from "@/lib/reports/queries";

/*
 * The downloads of a published report (`…/data.csv`, `…/data.json`), read from the same cached,
 * frozen revision as its page: a report that has not been published answers 404.
 */

type Kind = "csv" | "json";

const notFound = () => new Response("No published report at this address.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

function file(kind: Kind, body: string, name: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": kind === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
    },
  });
}

/** "2" → 2; anything but a whole number → null. */
export function parseRevisionParam(param: string): number | null {
  return /^[1-9]\d{0,5}$/.test(param) ? Number(param) : null;
}

/** A department's report at its latest revision, or at `revision` (from a revision URL). */
export async function departmentDownload(kind: Kind, params: { department: string; quarter: string; revision?: string }): Promise<Response> {
  const revision = params.revision === undefined ? undefined : parseRevisionParam(params.revision);
  if (revision === null) return notFound();
  const report = await getPublishedReport(params.department, params.quarter, revision);
  if (!report) return notFound();
  const name = downloadName(report.departmentSlug, report.quarter, revision === undefined ? null : report.revision.number, kind);
  return kind === "csv"
    ? file(kind, reportCsv([{ content: report.content, revision: report.revision.number }]), name)
    : file(kind, `${JSON.stringify(reportJson(report.content, report.revision), null, 2)}\n`, name);
}

/** The cross-government report's data: every department's latest published revision for the quarter. */
export async function governmentDownload(kind: Kind, params: { quarter: string }): Promise<Response> {
  const report = await getGovernmentReport(params.quarter);
  if (!report) return notFound();
  const name = downloadName(CROSS_GOVERNMENT.slug, report.quarter, null, kind);
  return kind === "csv"
    ? file(kind, reportCsv(report.departments.map((d) => ({ content: d.content, revision: d.revision.number }))), name)
    : file(kind, `${JSON.stringify(governmentJson(report.quarter, report.departments), null, 2)}\n`, name);
}
