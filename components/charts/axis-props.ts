/**
 * The axes both Recharts charts of the measure page share (history and XmR): the same ink, sizes and
 * labels. Plain props, spread onto `XAxis`/`YAxis`, since Recharts finds its axes by element type.
 */
export const INK = "#0b0c0c";
export const MUTED = "#505a5f";

export function monthAxisProps(label: string) {
  return {
    dataKey: "label",
    interval: "preserveStartEnd",
    minTickGap: 16,
    tick: { fill: INK, fontSize: 13 },
    stroke: MUTED,
    label: { value: label, position: "insideBottom", offset: -18, fill: INK, fontSize: 13 },
  } as const;
}

export function valueAxisProps(label: string, ticks: number[], format: (v: number) => string) {
  return {
    tickFormatter: format,
    tick: { fill: INK, fontSize: 13 },
    stroke: MUTED,
    domain: [ticks[0]!, ticks.at(-1)!] as [number, number],
    ticks,
    width: 56,
    label: { value: label, angle: -90, position: "insideLeft", offset: 4, fill: INK, fontSize: 13, style: { textAnchor: "middle" } },
  } as const;
}
