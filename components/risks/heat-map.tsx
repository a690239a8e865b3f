import Link from "next/link";
import { bandOf, IMPACT_LABELS, LIKELIHOOD_LABELS, RISK_BAND_LABELS, type RiskBands } from "@/lib/risks/scoring";
import { BAND_LOOK } from "./band-badge";

interface HeatMapProps {
  /** Counts per likelihood × impact cell (cells without risks may be left out). */
  cells: { likelihood: number; impact: number; count: number }[];
  bands: RiskBands;
  caption: string;
  /** The list filtered to one cell. */
  hrefFor: (likelihood: number, impact: number) => string;
}

const SCALE = [1, 2, 3, 4, 5] as const;

/**
 * A 5×5 risk heat map as a real table: likelihood rows (highest at the top) by impact columns,
 * every cell showing its count and its score and band in words (so it reads without colour), and
 * linking to the list of those risks. The band colour is the background, with contrasting text.
 */
export function HeatMap({ cells, bands, caption, hrefFor }: HeatMapProps) {
  const countOf = (l: number, i: number) => cells.find((c) => c.likelihood === l && c.impact === i)?.count ?? 0;
  return (
    <div className="relative w-full overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full min-w-[36rem] border-collapse text-center">
        <caption className="mb-3 text-left text-lg font-bold">{caption}</caption>
        <thead>
          <tr>
            <td className="p-2 text-left align-bottom text-sm text-ink-muted">
              <span aria-hidden="true">Likelihood ↓ · Impact →</span>
            </td>
            {SCALE.map((i) => (
              <th key={i} scope="col" className="p-2 align-bottom text-sm font-bold">
                <span className="block font-normal text-ink-muted">Impact {i}</span>
                {IMPACT_LABELS[i - 1]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...SCALE].reverse().map((l) => (
            <tr key={l}>
              <th scope="row" className="p-2 text-left text-sm font-bold">
                <span className="block font-normal text-ink-muted">Likelihood {l}</span>
                {LIKELIHOOD_LABELS[l - 1]}
              </th>
              {SCALE.map((i) => {
                const score = l * i;
                const band = bandOf(score, bands);
                const look = BAND_LOOK[band];
                const n = countOf(l, i);
                const detail = `score ${score}, ${RISK_BAND_LABELS[band]}`;
                return (
                  <td key={i} className="border-2 border-white p-0" style={{ backgroundColor: look.fill, color: look.text }} data-count={n}>
                    {n > 0 ? (
                      <Link
                        href={hrefFor(l, i)}
                        className="block min-h-16 p-2 font-bold no-underline hover:underline"
                        style={{ color: look.text }}
                      >
                        <span className="block text-2xl tabular-nums">{n}</span>
                        <span className="sr-only">{n === 1 ? " risk" : " risks"}: likelihood {LIKELIHOOD_LABELS[l - 1]}, impact {IMPACT_LABELS[i - 1]}, </span>
                        <span className="block text-sm font-semibold">{detail}</span>
                      </Link>
                    ) : (
                      <div className="min-h-16 p-2">
                        <span className="block text-2xl tabular-nums">0</span>
                        <span className="block text-sm">{detail}</span>
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
