"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from "@/lib/risks/scoring";

export type FormAction<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

/**
 * After a success: refresh the page's data and move focus to the success message (the ref's).
 * A refusal's FormErrorSummary takes focus itself.
 */
export function useResultEffects(state: ActionResult<unknown> | null, refresh = true) {
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    if (refresh) router.refresh();
    savedRef.current?.focus();
  }, [state, router, refresh]);
  return savedRef;
}

/** A 1–5 likelihood or impact select, each option with its word ("3 – Possible"). */
export function RatingSelect({
  name,
  id,
  label,
  scale,
  defaultValue,
  error,
  hint,
}: {
  name: string;
  id?: string;
  label: string;
  scale: "likelihood" | "impact";
  defaultValue?: number;
  error?: string;
  hint?: string;
}) {
  const words = scale === "likelihood" ? LIKELIHOOD_LABELS : IMPACT_LABELS;
  return (
    <Select name={name} id={id} label={label} defaultValue={defaultValue ? String(defaultValue) : ""} error={error} hint={hint} placeholder={defaultValue ? undefined : "Choose"}>
      {words.map((w, i) => (
        <option key={w} value={i + 1}>
          {i + 1} – {w}
        </option>
      ))}
    </Select>
  );
}
