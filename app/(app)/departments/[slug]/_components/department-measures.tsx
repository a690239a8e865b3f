import { format, parseISO } from "date-fns";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { StatusBadge } from "@/components/measures/status-badge";
import { TrendBadge } from "@/components/measures/trend-badge";
import { Table, TBody, Th, THead } from "@/components/ui/table";
import { quarterLabel } from "@/lib/entry/periods";
import type { MeasureCategory } from "@/lib/enums";
import { CATEGORY_LABELS } from "@/lib/measures/choices";
import type { DepartmentMeasure, SeriesPoint } from "@/lib/measures/department";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { notComparableText } from "@/lib/measures/series-breaks";
import type { SampleSummary } from "@/lib/statistics/sample";
import { compactSampleText, tooFewText } from "@/lib/statistics/sample-text";
import styles from "./department-measures.module.css";

/** "Oct 2026" for a month, "Q3 2026" for a quarter. */
function pointLabel(m: DepartmentMeasure, p: SeriesPoint): string {
  return m.frequency === "quarterly" && p.period ? quarterLabel(p.period) : format(parseISO(p.month), "MMM yyyy");
}

/**
 * The sparkline's text alternative: every figure of the 12 months in order, and how many were on
 * target. A monthly measure's figures are listed after the span they cover ("no figure" for a month
 * without one) rather than each with its month: the same facts in half the words, read out and sent
 * once per measure.
 */
function seriesDescription(m: DepartmentMeasure): string {
  const figures = m.series.filter((p) => p.value !== null);
  const judged = figures.filter((p) => p.status !== "no_target");
  const onTarget = judged.length > 0 ? ` ${judged.filter((p) => p.status === "on_target").length} of ${figures.length} on target.` : "";
  if (m.frequency === "quarterly") {
    const span = "Quarters ended in the last 12 months";
    if (figures.length === 0) return `${span}: no submitted figures.`;
    return `${span}: ${figures.map((p) => `${formatValue(p.value, m)} in ${pointLabel(m, p)}`).join(", ")}.${onTarget}`;
  }
  if (figures.length === 0) return "Last 12 months: no submitted figures.";
  const span = `${pointLabel(m, m.series[0]!)} to ${pointLabel(m, m.series.at(-1)!)}`;
  return `Last 12 months, ${span}: ${m.series.map((p) => (p.value === null ? "no figure" : formatValue(p.value, m))).join(", ")}.${onTarget}`;
}

/** A measure on its own, or a grouped measure (e.g. incident resolution P1–P4) with one member per breakdown. */
type Block = { kind: "single"; measure: DepartmentMeasure } | { kind: "group"; name: string; members: DepartmentMeasure[] };

interface UnitSection {
  id: number;
  name: string;
  categories: { category: MeasureCategory; blocks: Block[] }[];
}

/** Units in order, categories in order within each, and grouped measures kept together where the first member sits. */
function arrange(measures: DepartmentMeasure[]): UnitSection[] {
  const units = new Map<number, UnitSection>();
  for (const m of measures) {
    const unit = units.get(m.unitId) ?? { id: m.unitId, name: m.unitName, categories: [] };
    units.set(m.unitId, unit);
    let cat = unit.categories.find((c) => c.category === m.category);
    if (!cat) unit.categories.push((cat = { category: m.category, blocks: [] }));
    if (m.groupName) {
      const group = cat.blocks.find((b) => b.kind === "group" && b.name === m.groupName);
      if (group && group.kind === "group") group.members.push(m);
      else cat.blocks.push({ kind: "group", name: m.groupName, members: [m] });
    } else cat.blocks.push({ kind: "single", measure: m });
  }
  return [...units.values()];
}

/** A grouped measure's row shows only its breakdown ("P1"); the rest of its name is read out. */
function memberName(m: DepartmentMeasure, group: string | null) {
  if (!group || !m.breakdown) return m.name;
  return (
    <>
      <span className="sr-only">{`${group} – `}</span>
      {m.breakdown}
    </>
  );
}

/** A survey-based figure's sample under it: "(n = 25, 95% CI 51.3–87.0%)", and the flag below the minimum sample (issue 18). */
function SampleNote({ sample, m }: { sample: SampleSummary; m: DepartmentMeasure }) {
  const interval = sample.lower !== null && sample.upper !== null ? { lower: sample.lower, upper: sample.upper } : null;
  return (
    <>
      <span className={styles.note}>({compactSampleText(sample.n, interval, m)})</span>
      {sample.tooFew && (
        <span className={styles.note}>
          <b>{tooFewText(sample.minimum)}</b>
        </span>
      )}
    </>
  );
}

/** A measure's row: plain cells, styled by department-measures.module.css. Its name opens its page. */
function MeasureRow({ m, group }: { m: DepartmentMeasure; group: string | null }) {
  const previous = m.previous && m.previous.value !== null ? m.previous : null;
  return (
    <tr>
      <th scope="row" {...(group ? { className: styles.member } : {})}>
        <Link href={`/measures/${m.id}`}>{memberName(m, group)}</Link>
      </th>
      <td>
        {m.latest.value === null ? <span className="text-ink-muted">No figure</span> : <b>{formatValue(m.latest.value, m)}</b>}
        {/* A monthly figure is the selected month's (the page says which); a quarterly one names its quarter. */}
        {m.frequency === "quarterly" && <span className={styles.note}>{pointLabel(m, m.latest)}</span>}
        {m.sample && <SampleNote sample={m.sample} m={m} />}
      </td>
      <td>{targetText(m.latest.target, m)}</td>
      <td>
        <StatusBadge status={m.latest.status} />
      </td>
      <td>
        {m.trendAcrossBreak ? <span className={styles.note}>{notComparableText(m.trendAcrossBreak)}</span> : <TrendBadge trend={m.trend} />}
        {previous && <span className={styles.note}>{`${m.trend === "no_comparison" ? "Previous:" : "from"} ${formatValue(previous.value, m)} in ${pointLabel(m, previous)}`}</span>}
      </td>
      <td>
        {/* A quarter's first two months have nothing due (no period): the line passes over them, but not over a missing figure. */}
        <Sparkline points={m.series.map((p) => ({ ...p, due: p.period !== null }))} description={seriesDescription(m)} />
      </td>
    </tr>
  );
}

/** Consecutive single measures share a row group; a grouped measure is a row group of its own, named by its header row. */
type RowGroup = Extract<Block, { kind: "group" }> | { kind: "singles"; measures: DepartmentMeasure[] };

function rowGroups(blocks: Block[]): RowGroup[] {
  const out: RowGroup[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    if (b.kind === "group") out.push(b);
    else if (last?.kind === "singles") last.measures.push(b.measure);
    else out.push({ kind: "singles", measures: [b.measure] });
  }
  return out;
}

/**
 * The department's measures, a section per unit and a table per category within it. One table at
 * every width: on a phone it scrolls sideways in its labelled region (Table), like every wide table
 * of the app, rather than being drawn a second time as cards — a department page holds a row per
 * measure, and each row is sent twice already (the HTML and the RSC payload).
 */
export function DepartmentMeasures({ measures }: { measures: DepartmentMeasure[] }) {
  const units = arrange(measures);
  if (units.length === 0) return <p>This department has no measures yet.</p>;
  return units.map((unit) => {
    const unitHeading = `unit-${unit.id}`;
    return (
      <section key={unit.id} aria-labelledby={unitHeading} className="space-y-6">
        <h2 id={unitHeading} className="text-2xl font-bold">
          {unit.name}
        </h2>
        {unit.categories.map(({ category, blocks }) => (
          <section key={category} aria-labelledby={`${unitHeading}-${category}`} className="space-y-3">
            <h3 id={`${unitHeading}-${category}`} className="text-xl font-bold">
              {/* Two units may both have "Workforce" measures: the unit tells their sections apart. */}
              <span className="sr-only">{`${unit.name}: `}</span>
              {CATEGORY_LABELS[category]}
            </h3>
            <div className="border border-line-soft bg-surface p-4 shadow-sm">
              <Table caption={`${unit.name}: ${CATEGORY_LABELS[category]} measures: figure, target, status, trend and the last 12 months`} captionHidden className={`min-w-[52rem] table-fixed ${styles.measures}`}>
                {/* Fixed widths so that the columns of every unit's tables line up down the page. */}
                <THead>
                  <tr>
                    {/* Narrower on a phone, where it stays pinned while the other columns scroll under it. */}
                    <Th className="w-[27%] max-sm:w-[18%]">Measure</Th>
                    <Th numeric className="w-[11%]">
                      Latest
                    </Th>
                    <Th numeric className="w-[10%]">
                      Target
                    </Th>
                    <Th className="w-[19%]">Status</Th>
                    <Th className="w-[18%]">Trend</Th>
                    <Th className="w-[15%]">Last 12 months</Th>
                  </tr>
                </THead>
                {rowGroups(blocks).map((b) =>
                  b.kind === "group" ? (
                    <TBody key={`g-${b.members[0]!.id}`} aria-labelledby={`group-${b.members[0]!.id}`}>
                      <tr>
                        <th id={`group-${b.members[0]!.id}`} scope="rowgroup" colSpan={6}>
                          {b.name}
                        </th>
                      </tr>
                      {b.members.map((m) => (
                        <MeasureRow key={m.id} m={m} group={b.name} />
                      ))}
                    </TBody>
                  ) : (
                    <TBody key={b.measures[0]!.id}>
                      {b.measures.map((m) => (
                        <MeasureRow key={m.id} m={m} group={null} />
                      ))}
                    </TBody>
                  ),
                )}
              </Table>
            </div>
          </section>
        ))}
      </section>
    );
  });
}
