"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; name: string }>>;
  departments: { id: number; name: string }[];
}

export function AddThemeForm({ action, departments }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    formRef.current?.reset();
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-xl">
      {state?.ok && <Alert tone="success" title={`Theme "${state.data.name}" added`} ref={savedRef} focusable />}
      <FormErrorSummary result={state} />
      {departments.length === 1 ? (
        <input type="hidden" name="departmentId" value={departments[0]!.id} />
      ) : (
        <Select name="departmentId" label="Department" error={fieldError("departmentId")}>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
      )}
      <Input name="name" label="Theme" hint="A few words, e.g. “Waiting times on the phone”." maxLength={80} error={fieldError("name")} />
      <Input name="description" label="What it covers (optional)" maxLength={300} error={fieldError("description")} />
      <Button type="submit" disabled={pending}>
        Add the theme
      </Button>
    </form>
  );
}
