"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import type { ActionResult } from "@/lib/actions/result";

type Action<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

/** Pause or resume a survey link (version-checked on the server). */
export function PauseForm({ action, linkId, version, paused, unitName }: { action: Action<{ paused: boolean; version: number }>; linkId: number; version: number; paused: boolean; unitName: string }) {
  const { state, onSubmit, pending } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={onSubmit}>
      <FormErrorSummary result={state} fieldLinks={false} />
      <input type="hidden" name="linkId" value={linkId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <Button type="submit" variant={paused ? "primary" : "secondary"} disabled={pending}>
        {paused ? `Resume the survey for ${unitName}` : `Pause the survey for ${unitName}`}
      </Button>
    </form>
  );
}

export function CreateLinkForm({ action, unitId, unitName }: { action: Action<{ id: number }>; unitId: number; unitName: string }) {
  const { state, onSubmit, pending } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={onSubmit}>
      <FormErrorSummary result={state} fieldLinks={false} />
      <input type="hidden" name="unitId" value={unitId} />
      <Button type="submit" disabled={pending}>
        Create a survey link for {unitName}
      </Button>
    </form>
  );
}
