import type { ComponentProps, ReactNode } from "react";

interface TableProps extends Omit<ComponentProps<"table">, "children"> {
  /** The table's name, read out by screen readers; shown above the table unless captionHidden. */
  caption: ReactNode;
  captionHidden?: boolean;
  children: ReactNode;
}

/**
 * A data table in a horizontally scrollable region (wide tables on a phone). The region is
 * focusable and named after the caption so that keyboard users can scroll it.
 */
export function Table({ caption, captionHidden, className, children, ...props }: TableProps) {
  return (
    // `relative` contains absolutely positioned sr-only text, which would otherwise widen the page on a phone.
    <div className="relative w-full overflow-x-auto" role="region" aria-label={typeof caption === "string" ? caption : undefined} tabIndex={0}>
      <table className={["w-full border-collapse text-left", className].filter(Boolean).join(" ")} {...props}>
        <caption className={captionHidden ? "sr-only" : "mb-3 text-left text-lg font-bold"}>{caption}</caption>
        {children}
      </table>
    </div>
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
