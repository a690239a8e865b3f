import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "navy";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-line-soft text-ink",
  info: "bg-accent-soft text-accent-dark",
  success: "bg-success-soft text-success",
  warning: "bg-warning-soft text-[#6e3619]",
  danger: "bg-danger-soft text-danger-dark",
  navy: "bg-navy text-white",
};

/** A small label ("Draft", "Published", "Revision 2"). Not for performance status: use StatusBadge. */
export function Badge({ tone = "neutral", className, children }: { tone?: BadgeTone; className?: string; children: ReactNode }) {
  return (
    <span
      className={[
        "inline-flex items-center gap-1 rounded-sm px-2 py-0.5 text-sm font-semibold whitespace-nowrap",
        tones[tone],
        className,
      ]
        .filter(Boolean)
        .join(" ")}
    >
      {children}
    </span>
  );
}
