"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";

/**
 * Runs a server action from a form's submit event. Unlike `<form action>`, React does not reset
 * the fields afterwards, so a refused submission keeps everything the user typed.
 */
export function useActionForm<T>(action: (prev: unknown, formData: FormData) => Promise<ActionResult<T>>) {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Include the button that was pressed (e.g. name="intent" value="submit").
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
  const fieldError = (field: string) => (state && !state.ok ? state.fieldErrors?.[field]?.[0] : undefined);
  return { state, onSubmit, pending, fieldError };
}
