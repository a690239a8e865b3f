"use client";

import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog; the pack's print styles lay it out on A4. */
export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()} data-print="hide">
      Print this pack
    </Button>
  );
}
