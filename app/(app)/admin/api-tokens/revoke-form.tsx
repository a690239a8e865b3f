"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { REVOKE_REASON_MAX } from "@/lib/api-tokens/rules";

/**
 * Revoke one token, confirmed in a second step: "Revoke…" opens the confirmation (a <details>, no
 * script needed) and the form is a plain <form action>, so that without JavaScript the browser
 * posts it and the server answers with the list again.
 */
export function RevokeForm({
  action,
  tokenId,
  tokenName,
}: {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; name: string }>>;
  tokenId: number;
  tokenName: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = Boolean(state && !state.ok);
  const reasonId = `reason-${tokenId}`;
  return (
    <details open={failed || undefined} className="group min-w-56">
      <summary className="inline-flex min-h-11 cursor-pointer items-center gap-1 font-semibold text-danger-dark underline underline-offset-2">
        Revoke<span className="sr-only"> {tokenName}</span>
      </summary>
      <form action={formAction} className="mt-2 border-l-4 border-danger bg-surface p-3" noValidate>
        <FormErrorSummary result={state} anchors={{ reason: reasonId }} />
        <input type="hidden" name="tokenId" value={tokenId} />
        <p className="mb-3">Anything still using &ldquo;{tokenName}&rdquo; is refused at once. This cannot be undone.</p>
        <Input
          name="reason"
          id={reasonId}
          label="Reason (optional)"
          maxLength={REVOKE_REASON_MAX}
          autoComplete="off"
          error={state && !state.ok ? state.fieldErrors?.reason?.[0] : undefined}
        />
        <Button type="submit" variant="danger" size="sm" disabled={pending}>
          Yes, revoke<span className="sr-only"> {tokenName}</span>
        </Button>
      </form>
    </details>
  );
}
