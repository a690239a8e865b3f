import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATE_LABELS, type SubmissionState } from "@/lib/entry/submission-state";

const LOOK: Record<SubmissionState, { tone: BadgeTone; icon: string }> = {
  submitted: { tone: "success", icon: "✓" },
  draft: { tone: "warning", icon: "✎" },
  missing: { tone: "neutral", icon: "○" },
  late: { tone: "danger", icon: "!" },
};

/** The submission state of a figure in words, with a shape and colour to help scanning. */
export function StateBadge({ state }: { state: SubmissionState }) {
  const look = LOOK[state];
  return (
    <Badge tone={look.tone}>
      <span aria-hidden="true" className="inline-block w-3.5 text-center">
        {look.icon}
      </span>
      {STATE_LABELS[state]}
    </Badge>
  );
}
