"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/actions/result";

/**
 * After a save: reset the form to its defaults (so that the fresh values the refresh brings show
 * through) and refresh the page. Returns the form's ref. (A refusal: FormErrorSummary takes focus.)
 */
export function useSaved<T>(state: ActionResult<T> | null) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    formRef.current?.reset();
    router.refresh();
  }, [state, router]);
  return formRef;
}
