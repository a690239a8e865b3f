/**
 * The words on the entry form's save button (the one that does not submit the month), for what it
 * will do (issue 19). A submitted figure stays submitted when it is corrected, so "Save as draft"
 * would promise what does not happen:
 * - corrections of submitted figures, and nothing else changed: "Save correction" ("…corrections");
 * - corrections and changes to figures not yet submitted: "Save draft and correction" ("…corrections");
 * - a month whose figures are all submitted: "Save correction", the only thing the button can do;
 * - otherwise "Save as draft".
 * Pure and browser-safe: the form recounts as the person types.
 */
export function saveButtonLabel({ open, openChanged, corrections }: { open: number; openChanged: number; corrections: number }): string {
  const correction = corrections > 1 ? "corrections" : "correction";
  if (corrections > 0) return openChanged > 0 ? `Save draft and ${correction}` : `Save ${correction}`;
  return open > 0 ? "Save as draft" : "Save correction";
}
