import type { ComponentProps } from "react";
import { Table } from "@/components/ui/table";

/**
 * A report table whose title is shown above its scrolling region rather than as the visible
 * caption: a caption is as wide as its table, so on a phone a long one would be cut off with the
 * table's hidden columns. The caption is still there for screen readers (and names the region).
 */
export function ReportTable({ caption, captionHidden, ...props }: ComponentProps<typeof Table> & { caption: string }) {
  if (captionHidden) return <Table caption={caption} captionHidden {...props} />;
  return (
    // min-w-0: inside a grid or flex item, the table scrolls in its region instead of widening the page.
    <div className="min-w-0">
      <p className="mb-2 text-lg font-bold" aria-hidden="true" data-table-title="">
        {caption}
      </p>
      <Table caption={caption} captionHidden {...props} />
    </div>
  );
}
