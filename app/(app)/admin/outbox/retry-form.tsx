"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import type { ActionResult } from "@/lib/actions/result";

type Action<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

/** Sends a given-up message again (its tries start over); the button names the message for screen readers. */
export function RetryForm({ action, id, subject, toEmail }: { action: Action<{ id: number }>; id: number; subject: string; toEmail: string }) {
  const { state, onSubmit, pending } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={onSubmit} className="mt-2">
      <FormErrorSummary result={state} fieldLinks={false} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        Try again<span className="sr-only">: “{subject}” to {toEmail}</span>
      </Button>
    </form>
  );
}
