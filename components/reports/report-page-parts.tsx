import Link from "next/link";
import type { ReactNode } from "react";
import { TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { CSV_COLUMNS } from "@/lib/reports/content";
import { JSON_FIELDS } from "@/lib/reports/open-data";
import { longDate } from "./format";
import { ReportTable } from "./report-table";

/*
 * The parts of a public report page around the report itself: where it sits, its revisions and
 * its open data.
 */

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-6 text-sm" data-print="hide">
      <ol className="flex flex-wrap gap-x-2">
        {items.map((item, i) => (
          <li key={i} className="flex gap-x-2">
            {i > 0 && <span aria-hidden="true">›</span>}
            {item.href ? <Link href={item.href}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export interface RevisionLink {
  number: number;
  publishedAt: string;
  correctionNote: string | null;
}

/** Every published revision of a report, with each correction note; each stays readable at its own address. */
export function RevisionList({ basePath, revisions, shown, latest }: { basePath: string; revisions: RevisionLink[]; shown: number; latest: number }) {
  return (
    <section aria-labelledby="revisions" className="space-y-3" data-testid="report-revisions">
      <h2 id="revisions" className="mb-3 border-b-2 border-navy pb-1 text-2xl font-bold">
        Revisions
      </h2>
      <p className="prose-width">
        A published report is never changed. When a correction is needed, a new revision is published with a note explaining it, and
        every earlier revision stays readable at its own address.
      </p>
      <ol className="space-y-3">
        {revisions.map((r) => (
          <li key={r.number} className="border-l-4 border-line py-1 pl-4">
            <p className="font-semibold">
              {r.number === shown ? (
                <span aria-current="page">Revision {r.number} (this page)</span>
              ) : (
                <Link href={`${basePath}/revisions/${r.number}`}>Revision {r.number}</Link>
              )}
              {r.number === latest ? " – current version" : ""}
            </p>
            <p className="text-sm text-ink-muted">
              Published <time dateTime={r.publishedAt}>{longDate(r.publishedAt)}</time>
              {r.number === 1 ? " (as first published)" : ""}
            </p>
            {r.correctionNote && (
              <p className="prose-width mt-1">
                <span className="font-semibold">Correction note: </span>
                {r.correctionNote}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The downloads of the report's data, with what every CSV column and JSON field means. */
export function DataDownloads({ basePath, children }: { basePath: string; children?: ReactNode }) {
  return (
    <section aria-labelledby="data" className="space-y-4" data-print="hide" data-testid="report-data">
      <h2 id="data" className="mb-3 border-b-2 border-navy pb-1 text-2xl font-bold">
        Download the data
      </h2>
      <p className="prose-width">
        The figures in this report are open data, free to reuse. The files are taken from the same published revision as this page, so
        they never change; a correction is published as a new revision with files of its own.
      </p>
      {children}
      <ul className="flex flex-wrap gap-4">
        <li>
          <a href={`${basePath}/data.csv`} download className="font-semibold">
            Measures as CSV<span className="sr-only"> (comma-separated values)</span>
          </a>{" "}
          <span className="text-sm text-ink-muted">one row per measure per quarter</span>
        </li>
        <li>
          <a href={`${basePath}/data.json`} download className="font-semibold">
            Whole report as JSON
          </a>{" "}
          <span className="text-sm text-ink-muted">everything on this page</span>
        </li>
      </ul>
      <ReportTable caption="CSV columns (stable: new columns are only ever added at the end)" className="text-sm">
        <THead>
          <tr>
            <Th>Column</Th>
            <Th>Meaning</Th>
          </tr>
        </THead>
        <TBody>
          {CSV_COLUMNS.map((c) => (
            <Tr key={c.name}>
              <Th scope="row">
                <code className="font-mono">{c.name}</code>
              </Th>
              <Td>{c.description}</Td>
            </Tr>
          ))}
        </TBody>
      </ReportTable>
      <p className="prose-width text-sm">
        Figures are plain numbers with a full stop for decimals and no thousands separators; percentages are in percent (88.5 means
        88.5%). Text that a spreadsheet could mistake for a formula starts with an apostrophe.
      </p>
      <ReportTable caption="JSON fields" className="text-sm">
        <THead>
          <tr>
            <Th>Field</Th>
            <Th>Meaning</Th>
          </tr>
        </THead>
        <TBody>
          {JSON_FIELDS.map((c) => (
            <Tr key={c.name}>
              <Th scope="row">
                <code className="font-mono">{c.name}</code>
              </Th>
              <Td>{c.description}</Td>
            </Tr>
          ))}
        </TBody>
      </ReportTable>
    </section>
  );
}
