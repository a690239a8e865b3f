"use client";

import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog; the report's print styles lay it out on A4 (save as PDF from there). */
export function PrintButton() {
  return (
    <Button variant="secondary" size="sm" onClick={() => window.print()} data-print="hide">
      Print or save as PDF
    </Button>
  );
}
