import { describeCounts, totalOf, type StateCounts } from "@/lib/entry/submission-state";

/**
 * The cell's look, `data-look` on a `.tracker-cell` (app/globals.css): colour and shape only help
 * scanning; the words carry the meaning. One short class, not a row of utilities on each of the
 * hundreds of cells a grid shows.
 */
export function cellLook(c: StateCounts): { look: "late" | "done" | "open"; icon: string } | null {
  if (totalOf(c) === 0) return null;
  if (c.late > 0) return { look: "late", icon: "!" };
  if (c.submitted === totalOf(c)) return { look: "done", icon: "✓" };
  return { look: "open", icon: "…" };
}

/**
 * describeCounts' words ("8 of 11 submitted · 3 late") on two lines: what is submitted, then what is
 * not. The separator stays in the text so that it reads as one phrase.
 */
export function CellWords({ counts }: { counts: StateCounts }) {
  const [first, ...rest] = describeCounts(counts).split(" · ");
  return (
    <span>
      <span className="block">{first}</span>
      {rest.length > 0 && (
        <span className={counts.late > 0 ? "block text-danger-dark" : "block"}>
          <span className="sr-only"> · </span>
          {rest.join(" · ")}
        </span>
      )}
    </span>
  );
}
