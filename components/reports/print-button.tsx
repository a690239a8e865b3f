import { Button } from "@/components/ui/button";

/**
 * Opens the browser's print dialog; the report's print styles lay it out on A4 (save as PDF from
 * there). Not a client component: the document's script handles the click
 * (components/layout/document-script.tsx), so the public report needs no React in the browser.
 */
export function PrintButton() {
  return (
    <Button variant="secondary" size="sm" data-print-button="" data-print="hide">
      Print or save as PDF
    </Button>
  );
}
