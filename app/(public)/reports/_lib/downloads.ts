import "server-only";
import { etagMatches, REVALIDATE_EVERY_TIME, revisionEtag } from "@/lib/reports/etag";
import { downloadName, governmentJson, reportCsv, reportJson } from "@/lib/reports/open-data";
import { getGovernmentReport, getPublishedReport } from "@/lib/reports/published";
import { CROSS_GOVERNMENT } from "@/lib/reports/queries";

/*
 * The downloads of a published report (`…/data.csv`, `…/data.json`), read per request like its
 * page: which revision is current comes from Postgres, so every instance serves a new revision at
 * once; a report that has not been published answers 404. The ETag is the revision ids and the
 * build (lib/reports/etag.ts): a cache that asks again with If-None-Match gets 304, no body, until
 * a revision is published.
 */

type Kind = "csv" | "json";

const notFound = () =>
  new Response("No published report at this address.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

function file(request: Request, kind: Kind, etag: string, name: string, body: () => string): Response {
  const validators = { ETag: etag, "Cache-Control": REVALIDATE_EVERY_TIME };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: validators });
  return new Response(body(), {
    headers: {
      ...validators,
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
export async function departmentDownload(request: Request, kind: Kind, params: { department: string; quarter: string; revision?: string }): Promise<Response> {
  const revision = params.revision === undefined ? undefined : parseRevisionParam(params.revision);
  if (revision === null) return notFound();
  const report = await getPublishedReport(params.department, params.quarter, revision);
  if (!report) return notFound();
  const name = downloadName(report.departmentSlug, report.quarter, revision === undefined ? null : report.revision.number, kind);
  return file(request, kind, revisionEtag([report.revisionId]), name, () =>
    kind === "csv" ? reportCsv([{ content: report.content, revision: report.revision.number }]) : `${JSON.stringify(reportJson(report.content, report.revision), null, 2)}\n`,
  );
}

/** The cross-government report's data: every department's latest published revision for the quarter. */
export async function governmentDownload(request: Request, kind: Kind, params: { quarter: string }): Promise<Response> {
  const report = await getGovernmentReport(params.quarter);
  if (!report) return notFound();
  const name = downloadName(CROSS_GOVERNMENT.slug, report.quarter, null, kind);
  return file(request, kind, revisionEtag(report.departments.map((d) => d.revisionId)), name, () =>
    kind === "csv"
      ? reportCsv(report.departments.map((d) => ({ content: d.content, revision: d.revision.number })))
      : `${JSON.stringify(governmentJson(report.quarter, report.departments), null, 2)}\n`,
  );
}
