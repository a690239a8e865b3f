"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";

type Option = { id: number; label: string };
type Owner = { id: number; name: string; role: "SLT" | "LEAD"; unitName: string };

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  departmentId: number;
  month: string;
  links: { measures: Option[]; initiatives: Option[]; risks: Option[] };
  /** The active SLT members and leads of the department: an action is owned by one of them. */
  owners: Owner[];
}

/** The fields in the order of the form, and their ids, for the error summary. */
const ANCHORS = { description: "new-action-description", ownerUserId: "new-action-owner", dueDate: "new-action-due", link: "new-action-link" };

/** Adds an action agreed at the meeting: what, who, by when, and what it is about. */
export function AddActionForm({ action, departmentId, month, links, owners }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    formRef.current?.reset();
    router.refresh();
  }, [state, router]);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-2xl" aria-label="Add an action" data-print="hide">
      <h3 className="mb-3 text-lg font-bold">Add an action</h3>
      <FormErrorSummary result={state} order={Object.keys(ANCHORS)} anchors={ANCHORS} />
      {state?.ok && <Alert tone="success" title="Action added" />}
      <input type="hidden" name="departmentId" value={departmentId} />
      <input type="hidden" name="month" value={month} />
      <Textarea name="description" id="new-action-description" label="Action" rows={2} error={err("description")} required />
      <Select
        name="ownerUserId"
        id="new-action-owner"
        label="Owner"
        hint="The person responsible: the action is listed in their My updates and they are reminded before it is due."
        placeholder="Choose a person"
        error={err("ownerUserId")}
        className="max-w-full"
        required
      >
        {owners.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} – {o.role === "SLT" ? "SLT" : "lead"}, {o.unitName}
          </option>
        ))}
      </Select>
      <Input name="dueDate" id="new-action-due" type="date" label="Due date" error={err("dueDate")} className="w-auto" required />
      <Select name="link" id="new-action-link" label="Linked to (optional)" placeholder="Nothing" error={err("link")} className="max-w-full">
        <optgroup label="Measures">
          {links.measures.map((o) => (
            <option key={`m${o.id}`} value={`measure:${o.id}`}>
              {o.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Initiatives">
          {links.initiatives.map((o) => (
            <option key={`i${o.id}`} value={`initiative:${o.id}`}>
              {o.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Risks">
          {links.risks.map((o) => (
            <option key={`r${o.id}`} value={`risk:${o.id}`}>
              {o.label}
            </option>
          ))}
        </optgroup>
      </Select>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add action"}
      </Button>
    </form>
  );
}
