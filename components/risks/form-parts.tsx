"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from "@/lib/risks/scoring";

export type FormAction<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

/** After a result: refresh the page's data on success, and move focus to the message either way. */
export function useResultEffects(state: ActionResult<unknown> | null, refresh = true) {
  const router = useRouter();
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.ok && refresh) router.refresh();
    if (state) alertRef.current?.focus();
  }, [state, router, refresh]);
  return alertRef;
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
