"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies the value of a read-only field (a snippet, a token) to the clipboard; the text is in the field either way. */
export function CopyButton({ targetId, label }: { targetId: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={async () => {
          const el = document.getElementById(targetId) as HTMLTextAreaElement | HTMLInputElement | null;
          if (!el) return;
          try {
            await navigator.clipboard.writeText(el.value);
          } catch {
            el.select();
            document.execCommand("copy");
          }
          setCopied(true);
        }}
      >
        {label}
      </Button>
      <span role="status" className="ml-2 text-sm font-semibold">
        {copied ? "Copied" : ""}
      </span>
    </>
  );
}
