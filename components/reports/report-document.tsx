import { StatusBadge } from "@/components/measures/status-badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatValue } from "@/lib/measures/format";
import { quarterName, type ReportContent } from "@/lib/reports/content";

/**
 * PLACEHOLDER (wt-reports-manage): a minimal renderer so that the manage pages build on this
 * branch. The public-side branch owns the real component at this path; keep theirs on merge.
 */
export function ReportDocument({
  content,
  revision,
}: {
  content: ReportContent;
  revision: { number: number; publishedAt: string | Date; correctionNote: string | null } | null;
}) {
  const title = `${content.department.name}: quarterly performance report, ${quarterName(content)}`;
  return (
    <article aria-label={title}>
      <h2 className="text-2xl font-bold">{title}</h2>
      {revision && (
        <p className="mt-1 text-ink-muted">
          Revision {revision.number}, published {new Date(revision.publishedAt).toLocaleDateString("en-GB")}
          {revision.correctionNote ? `. Correction: ${revision.correctionNote}` : ""}
        </p>
      )}
      <h3 className="mt-6 text-xl font-bold">Introduction</h3>
      <p className="whitespace-pre-line">{content.narrative.introduction}</p>
      <h3 className="mt-6 text-xl font-bold">Highlights</h3>
      <p className="whitespace-pre-line">{content.narrative.highlights}</p>
      <h3 className="mt-6 text-xl font-bold">Areas of concern and what is being done</h3>
      <p className="whitespace-pre-line">{content.narrative.concerns}</p>
      <h3 className="mt-6 mb-3 text-xl font-bold">Measures</h3>
      <Table caption={`Measures, ${quarterName(content)}`} captionHidden>
        <THead>
          <tr>
            <Th>Measure</Th>
            <Th numeric>Value</Th>
            <Th numeric>Target</Th>
            <Th>Status</Th>
          </tr>
        </THead>
        <TBody>
          {content.measures.map((m) => (
            <Tr key={m.code}>
              <Th scope="row" className="font-normal">
                {m.name}
              </Th>
              <Td numeric>{formatValue(m.value, m)}</Td>
              <Td numeric>{formatValue(m.target, m)}</Td>
              <Td>
                <StatusBadge status={m.status} />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </article>
  );
}
