import { MILESTONE_VIEW_LOOK, type MilestoneView } from "@/lib/initiatives/rules";

const look: Record<MilestoneView, string> = {
  achieved: "bg-success-soft border-success text-success",
  overdue: "bg-danger-soft border-danger text-danger-dark",
  due: "bg-warning-soft border-status-tolerance text-ink",
  planned: "bg-white border-ink-muted text-ink",
  cancelled: "bg-line-soft border-line text-ink-muted line-through decoration-1",
};

/** Where a milestone stands, as a symbol and a word (the colour only helps scanning). */
export function MilestoneStateBadge({ state, className }: { state: MilestoneView; className?: string }) {
  const { label, symbol } = MILESTONE_VIEW_LOOK[state];
  return (
    <span
      data-milestone-state={state}
      className={[
        "inline-flex items-center gap-1.5 rounded-sm border-2 px-2 py-0.5 text-sm font-bold whitespace-nowrap",
        look[state],
        className,
      ]
        .filter(Boolean)
        .join(" ")}
    >
      <span aria-hidden="true" className="inline-block w-3 text-center no-underline">
        {symbol}
      </span>
      {label}
    </span>
  );
}

/** The key to the timeline's symbols. */
export function MilestoneStateKey() {
  const order: MilestoneView[] = ["achieved", "overdue", "due", "planned", "cancelled"];
  return (
    <ul className="flex flex-wrap gap-3" aria-label="Key to milestone states">
      {order.map((s) => (
        <li key={s}>
          <MilestoneStateBadge state={s} />
        </li>
      ))}
    </ul>
  );
}
