"use client";

import { Button } from "@/components/ui/button";

// The browser's print dialog (or "Save as PDF"); the page's print styles hide the portal around it.
export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()}>
      Print
    </Button>
  );
}
