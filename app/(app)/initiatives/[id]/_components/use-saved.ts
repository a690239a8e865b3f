"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type RefObject } from "react";
import type { ActionResult } from "@/lib/actions/result";

/**
 * After a save: reset the form to its defaults (so that the fresh values the refresh brings show
 * through) and refresh the page; after a refusal, move focus to the message.
 */
export function useSaved<T>(state: ActionResult<T> | null): { formRef: RefObject<HTMLFormElement | null>; alertRef: RefObject<HTMLDivElement | null> } {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.ok) {
      formRef.current?.reset();
      router.refresh();
    } else if (state && !state.ok) alertRef.current?.focus();
  }, [state, router]);
  return { formRef, alertRef };
}
