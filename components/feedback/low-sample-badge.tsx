import { Badge } from "@/components/ui/badge";

/** Flags a month with fewer responses than the minimum: in words (and an icon), never by colour alone. */
export function LowSampleBadge({ responses, minimum }: { responses: number; minimum: number }) {
  if (responses === 0 || responses >= minimum) return null;
  return (
    <Badge tone="warning">
      <span aria-hidden="true">⚠</span> Low sample: {responses} of the {minimum} needed
    </Badge>
  );
}
