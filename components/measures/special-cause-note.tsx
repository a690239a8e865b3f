import { SPECIAL_CAUSE_LABELS, type SpecialCause } from "@/lib/statistics/special-cause";

/**
 * "Special-cause variation: improving" beside a measure's target status (issue 18), in words with
 * a shape — the XmR chart's own markers (a diamond improving, a square concerning, a triangle
 * neither) — never by colour alone. Nothing for common-cause variation or an unchecked measure.
 */
const ICONS: Record<SpecialCause, string> = { improving: "◆", concerning: "■", neither: "▲" };

export function SpecialCauseNote({ cause }: { cause: SpecialCause | null }) {
  if (!cause) return null;
  return (
    <span className="mt-1 block text-sm font-semibold" data-special-cause={cause}>
      <span aria-hidden="true">{ICONS[cause]} </span>
      {SPECIAL_CAUSE_LABELS[cause]}
    </span>
  );
}
