"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/result";

export interface HeldRow {
  id: number;
  unit: string;
  received: string;
  month: string;
  reason: string;
  csat: number;
  ces: number;
  csi: number;
  comment: string | null;
}

type Decision = { decided: number; skipped: number; decision: "accept" | "reject" };

/**
 * The held responses of one page, each with a checkbox, a "select all" and the two bulk decisions.
 * The outcome is announced in words; the list refreshes after a decision.
 */
export function ModerationForm({ action, rows, caption }: { action: (prev: unknown, formData: FormData) => Promise<ActionResult<Decision>>; rows: HeldRow[]; caption: string }) {
  const { state, onSubmit, pending } = useActionForm(action);
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  // Only rows still on the page count as selected: decided ones leave the list when it refreshes.
  const chosen = rows.filter((r) => selected.has(r.id)).length;
  const all = rows.length > 0 && chosen === rows.length;
  const toggle = (id: number, on: boolean) => setSelected((prev) => new Set(on ? [...prev, id] : [...prev].filter((x) => x !== id)));

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <FormErrorSummary result={state} fieldLinks={false} />
      <p role="status" className="font-semibold">
        {state?.ok
          ? `${state.data.decided} ${state.data.decided === 1 ? "response" : "responses"} ${state.data.decision === "accept" ? "accepted: now counted in the figures" : "rejected: kept, never counted"}.${state.data.skipped ? ` ${state.data.skipped} had already been decided by someone else.` : ""}`
          : ""}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" name="decision" value="accept" disabled={pending || chosen === 0}>
          Accept selected ({chosen})
        </Button>
        <Button type="submit" name="decision" value="reject" variant="secondary" disabled={pending || chosen === 0}>
          Reject selected ({chosen})
        </Button>
      </div>
      <Table caption={caption}>
        <THead>
          <tr>
            <Th>
              <input
                type="checkbox"
                id="select-all"
                aria-label="Select every response on this page"
                checked={all}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                className="size-5 accent-accent"
              />
            </Th>
            <Th>Received</Th>
            <Th>Service</Th>
            <Th>Why held</Th>
            <Th numeric>Satisfaction</Th>
            <Th numeric>Ease</Th>
            <Th numeric>Feeling</Th>
            <Th>Comment</Th>
          </tr>
        </THead>
        <TBody>
          {rows.map((r) => (
            <Tr key={r.id}>
              <Td>
                <input
                  type="checkbox"
                  id={`response-${r.id}`}
                  name={`response_${r.id}`}
                  value="on"
                  checked={selected.has(r.id)}
                  onChange={(e) => toggle(r.id, e.target.checked)}
                  aria-label={`Select the response received ${r.received} for ${r.unit}`}
                  className="size-5 accent-accent"
                />
              </Td>
              <Th scope="row" className="font-normal whitespace-nowrap">
                {r.received}
                <span className="block text-sm text-ink-muted">counts towards {r.month}</span>
              </Th>
              <Td>{r.unit}</Td>
              <Td>{r.reason}</Td>
              <Td numeric>{r.csat} of 5</Td>
              <Td numeric>{r.ces} of 7</Td>
              <Td numeric>{r.csi} of 5</Td>
              <Td className="max-w-md break-words">{r.comment ?? <span className="text-ink-muted">No comment</span>}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </form>
  );
}
