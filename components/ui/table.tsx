import type { ComponentProps, ReactNode } from "react";

interface TableProps extends Omit<ComponentProps<"table">, "children"> {
  /** The table's name, read out by screen readers; shown above the table unless captionHidden. */
  caption: ReactNode;
  captionHidden?: boolean;
  /**
   * Keep the first column in view while the others scroll sideways (on by default: it names the row).
   * Turn it off where the first column does not say which row this is.
   */
  stickyFirstColumn?: boolean;
  /**
   * Open scrolled to the end rather than the start: a grid of months oldest first then shows the
   * latest months, with the earlier ones to the left (the region runs right to left, its table left
   * to right).
   */
  startAtEnd?: boolean;
  children: ReactNode;
}

/**
 * "Scroll sideways for more columns", pinned to the left edge of a scrolling region: shown only while
 * its table is wider than the region (app/globals.css, `.scroll-hint`). Only a visual cue: screen
 * readers move through a table by its cells, so it is hidden from them (and from paper).
 */
export function ScrollHint({ className }: { className?: string }) {
  return (
    <span className={className ? `scroll-hint ${className}` : "scroll-hint"} aria-hidden="true" data-print="hide">
      <span className="text-base leading-none">↔</span>
      Scroll sideways for more columns
    </span>
  );
}

interface ScrollRegionProps {
  /** The region's name (the table's caption). */
  label: string | undefined;
  /** Put the hint above the region: for a table whose caption is hidden (a visible caption carries it, ScrollHint). */
  hintAbove?: boolean;
  stickyFirstColumn?: boolean;
  startAtEnd?: boolean;
  children: ReactNode;
}

/**
 * The scrolling region around a wide table: focusable and named so that keyboard users can scroll
 * it. While the table overflows it (and only then), the hint shows and the first column stays pinned
 * in view: CSS alone (`.scroll-table` in app/globals.css), no script. The table inside must be its
 * direct child.
 */
export function ScrollRegion({ label, hintAbove, stickyFirstColumn = true, startAtEnd, children }: ScrollRegionProps) {
  return (
    // min-w-0: inside a flex or grid item the table scrolls in its region instead of widening the page.
    <div className="scroll-table w-full min-w-0" data-sticky={stickyFirstColumn ? "" : undefined}>
      {hintAbove && <ScrollHint className="mb-2" />}
      {/* `relative` contains absolutely positioned sr-only text, which would otherwise widen the page on a phone. */}
      <div className={startAtEnd ? "relative w-full overflow-x-auto [direction:rtl]" : "relative w-full overflow-x-auto"} role="region" aria-label={label} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}

/** A data table in its ScrollRegion (wide tables on a phone), named by its caption. */
export function Table({ caption, captionHidden, stickyFirstColumn, startAtEnd, className, children, ...props }: TableProps) {
  return (
    <ScrollRegion label={typeof caption === "string" ? caption : undefined} hintAbove={captionHidden} stickyFirstColumn={stickyFirstColumn} startAtEnd={startAtEnd}>
      <table className={["w-full border-collapse text-left", startAtEnd ? "[direction:ltr]" : "", className].filter(Boolean).join(" ")} {...props}>
        {/* sr-only's -1px margin would stick out of the left edge, which a right-to-left region scrolls to. */}
        <caption className={captionHidden ? (startAtEnd ? "sr-only m-0!" : "sr-only") : "mb-3 text-left text-lg font-bold"}>
          {captionHidden ? caption : <span className="scroll-caption">{caption}</span>}
          {/* A hidden caption cannot carry the hint (it is clipped): ScrollRegion puts it above the region then. */}
          {!captionHidden && <ScrollHint />}
        </caption>
        {children}
      </table>
    </ScrollRegion>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={["border-b-2 border-ink", className].filter(Boolean).join(" ")} {...props} />;
}

export function TBody(props: ComponentProps<"tbody">) {
  return <tbody {...props} />;
}

export function Tr({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={["border-b border-line-soft", className].filter(Boolean).join(" ")} {...props} />;
}

type CellAlign = { /** Right-align figures so that digits line up. */ numeric?: boolean };

export function Th({ numeric, className, scope = "col", ...props }: ComponentProps<"th"> & CellAlign) {
  return (
    <th
      scope={scope}
      className={["px-3 py-2.5 font-bold", scope === "row" ? "align-top" : "align-bottom", numeric ? "text-right tabular-nums" : "", className].filter(Boolean).join(" ")}
      {...props}
    />
  );
}

export function Td({ numeric, className, ...props }: ComponentProps<"td"> & CellAlign) {
  return (
    <td
      className={["px-3 py-2.5 align-top", numeric ? "text-right tabular-nums" : "", className].filter(Boolean).join(" ")}
      {...props}
    />
  );
}
