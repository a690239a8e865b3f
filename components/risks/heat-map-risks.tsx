import Link from "next/link";
import type { HeatMapCellRisks } from "@/lib/risks/queries";
import { bandOf, IMPACT_LABELS, LIKELIHOOD_LABELS, type RiskBands } from "@/lib/risks/scoring";
import { BandBadge, EscalationBadge } from "./band-badge";

interface HeatMapRisksProps {
  /** The non-empty cells, highest score first, each with its first risks (listHeatMapRisks). */
  cells: HeatMapCellRisks[];
  bands: RiskBands;
  /** The list filtered to one cell, for a cell holding more risks than are shown here. */
  hrefFor: (likelihood: number, impact: number) => string;
  /** Name each risk's department too (a map across departments). */
  showDepartment: boolean;
}

/**
 * The heat map's risks, cell by cell, as cards under it: on a phone the grid has room for counts only,
 * and at any width this answers "which risks are those?" without leaving the page.
 */
export function HeatMapRisks({ cells, bands, hrefFor, showDepartment }: HeatMapRisksProps) {
  if (cells.length === 0) return null;
  return (
    <section aria-labelledby="risks-by-cell" className="space-y-4">
      <div>
        <h2 id="risks-by-cell" className="text-2xl font-bold">
          The risks in each cell
        </h2>
        <p className="mt-1 text-ink-muted">Highest score first; where a cell holds many risks, the first few, with a link to them all.</p>
      </div>
      <ul className="space-y-6">
        {cells.map((c) => {
          const score = c.likelihood * c.impact;
          const where = `likelihood ${c.likelihood} ${LIKELIHOOD_LABELS[c.likelihood - 1]}, impact ${c.impact} ${IMPACT_LABELS[c.impact - 1]}`;
          return (
            <li key={`${c.likelihood}-${c.impact}`} className="space-y-2">
              <h3 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-lg font-bold">
                <span>
                  Likelihood {c.likelihood} {LIKELIHOOD_LABELS[c.likelihood - 1]}, impact {c.impact} {IMPACT_LABELS[c.impact - 1]}
                </span>
                <BandBadge score={score} band={bandOf(score, bands)} />
              </h3>
              <p className="text-sm text-ink-muted">
                {c.count} {c.count === 1 ? "risk" : "risks"}
                {c.count > c.risks.length ? `, the first ${c.risks.length} shown` : ""}
              </p>
              <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {c.risks.map((r) => (
                  <li key={r.id} className="rounded-md border border-line-soft bg-surface p-3 shadow-sm">
                    <Link href={`/risks/${r.id}`} className="font-bold">
                      <span className="font-mono text-sm">{r.ref}</span> {r.title}
                    </Link>
                    <p className="mt-1 text-sm">
                      {r.unitName}
                      {showDepartment && ` (${r.departmentShortName})`} · {r.ownerName}
                    </p>
                    {r.status === "closed" && <p className="text-sm text-ink-muted">Closed</p>}
                    {(r.escalated || r.aboveAppetite) && (
                      <p className="mt-2">
                        <EscalationBadge state={r.escalated ? "escalated" : "escalate"} />
                      </p>
                    )}
                  </li>
                ))}
              </ul>
              {c.count > c.risks.length && (
                <p>
                  <Link href={hrefFor(c.likelihood, c.impact)}>
                    All {c.count} risks in this cell<span className="sr-only">: {where}</span>
                  </Link>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
