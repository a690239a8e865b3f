import Link from "next/link";
import { ScrollHint, ScrollRegion } from "@/components/ui/table";
import { bandOf, IMPACT_LABELS, LIKELIHOOD_LABELS, RISK_BAND_LABELS, type RiskBand, type RiskBands } from "@/lib/risks/scoring";
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

/** A band in a phone's cell, where its word does not fit; the caption gives the key. */
const BAND_CODE: Record<RiskBand, string> = { low: "L", medium: "M", high: "H", very_high: "VH" };

/**
 * A 5×5 risk heat map as a real table: likelihood rows (highest at the top) by impact columns,
 * every cell showing its count and its score and band in words (so it reads without colour), and
 * linking to the list of those risks. The band colour is the background, with contrasting text.
 *
 * Below md (a phone) the grid is scaled to fit: the headers show their numbers and the cells their
 * count and band code, with the key under the caption; the full words stay in the table for screen
 * readers (sr-only), so every cell is read out the same at any width.
 */
export function HeatMap({ cells, bands, caption, hrefFor }: HeatMapProps) {
  const countOf = (l: number, i: number) => cells.find((c) => c.likelihood === l && c.impact === i)?.count ?? 0;
  return (
    <ScrollRegion label={caption}>
      {/* Fixed layout on a phone: a narrow header column and five equal cells across the width. */}
      <table className="w-full table-fixed border-collapse text-center md:min-w-[36rem] md:table-auto">
        <caption className="mb-3 text-left text-lg font-bold">
          <span className="scroll-caption">{caption}</span>
          <span aria-hidden="true" className="mt-2 block space-y-1 text-sm font-normal md:hidden">
            <span className="block">
              <b>Likelihood</b> (rows): {LIKELIHOOD_LABELS.map((label, n) => `${n + 1} ${label}`).join(", ")}
            </span>
            <span className="block">
              <b>Impact</b> (columns): {IMPACT_LABELS.map((label, n) => `${n + 1} ${label}`).join(", ")}
            </span>
            <span className="block">
              <b>Bands</b>: {(Object.keys(BAND_CODE) as RiskBand[]).map((b) => `${BAND_CODE[b]} ${RISK_BAND_LABELS[b]}`).join(", ")}
            </span>
          </span>
          <ScrollHint />
        </caption>
        <thead>
          <tr>
            <td className="w-9 p-1 text-left align-bottom text-sm text-ink-muted md:w-auto md:p-2">
              <span aria-hidden="true" className="max-md:hidden">
                Likelihood ↓ · Impact →
              </span>
            </td>
            {SCALE.map((i) => (
              <th key={i} scope="col" className="p-1 align-bottom text-sm font-bold md:p-2">
                <span className="block font-normal text-ink-muted max-md:sr-only">Impact {i}</span>
                <span className="max-md:sr-only">{IMPACT_LABELS[i - 1]}</span>
                <span aria-hidden="true" className="md:hidden">
                  {i}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...SCALE].reverse().map((l) => (
            <tr key={l}>
              <th scope="row" className="p-1 text-sm font-bold md:p-2 md:text-left">
                <span className="block font-normal text-ink-muted max-md:sr-only">Likelihood {l}</span>
                <span className="max-md:sr-only">{LIKELIHOOD_LABELS[l - 1]}</span>
                <span aria-hidden="true" className="md:hidden">
                  {l}
                </span>
              </th>
              {SCALE.map((i) => {
                const score = l * i;
                const band = bandOf(score, bands);
                const look = BAND_LOOK[band];
                const n = countOf(l, i);
                const detail = `score ${score}, ${RISK_BAND_LABELS[band]}`;
                const code = (
                  <span aria-hidden="true" className="block text-sm font-semibold md:hidden">
                    {BAND_CODE[band]}
                  </span>
                );
                return (
                  <td key={i} className="border-2 border-white p-0" style={{ backgroundColor: look.fill, color: look.text }} data-count={n}>
                    {n > 0 ? (
                      <Link
                        href={hrefFor(l, i)}
                        className="block min-h-14 p-1 font-bold no-underline hover:underline md:min-h-16 md:p-2"
                        style={{ color: look.text }}
                      >
                        <span className="block text-xl tabular-nums md:text-2xl">{n}</span>
                        <span className="sr-only">{n === 1 ? " risk" : " risks"}: likelihood {LIKELIHOOD_LABELS[l - 1]}, impact {IMPACT_LABELS[i - 1]}, </span>
                        <span className="block text-sm font-semibold max-md:sr-only">{detail}</span>
                        {code}
                      </Link>
                    ) : (
                      <div className="min-h-14 p-1 md:min-h-16 md:p-2">
                        <span className="block text-xl tabular-nums md:text-2xl">0</span>
                        <span className="block text-sm max-md:sr-only">{detail}</span>
                        {code}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
