"use client";

import { useEffect, useRef } from "react";
import { Button, ButtonLink } from "@/components/ui/button";

/** Shown when a signed-in page fails. No technical detail reaches the screen; the digest lets support find the log entry. */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <div className="prose-width py-6">
      <h1 ref={heading} tabIndex={-1} className="mb-4 text-3xl font-bold sm:text-4xl">
        Sorry, something went wrong
      </h1>
      <p className="mb-3">This page could not be shown. Nothing you saved has been lost.</p>
      <p className="mb-6">Try again in a moment. If it keeps happening, tell the Performance team what you were doing.</p>
      {digest && (
        <p className="mb-6 text-sm text-ink-muted">
          Reference for support: <code className="font-mono">{digest}</code>
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <ButtonLink href="/dashboard" variant="secondary">
          Go to your dashboard
        </ButtonLink>
      </div>
    </div>
  );
}
