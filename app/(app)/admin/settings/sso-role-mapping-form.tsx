"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import type { Role } from "@/lib/enums";
import type { SsoRoleMapping } from "@/lib/validation/sso";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ rules: number; changed: boolean }>>;
  mapping: SsoRoleMapping;
  units: { id: number; name: string; kind: string }[];
  roleLabels: Record<Role, string>;
  maxRules: number;
}

/** Rows shown: the rules stored, one empty row to add another, and at least three. */
const rowsFor = (rules: number, max: number) => Math.min(max, Math.max(3, rules + 1));

/** The single sign-on group → role rules: the claim, then one row per group (group, role, scope). */
export function SsoRoleMappingForm({ action, mapping, units, roleLabels, maxRules }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState(rowsFor(mapping.rules.length, maxRules));
  const lastGroupRef = useRef<HTMLInputElement>(null);
  const [added, setAdded] = useState(false);

  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);
  useEffect(() => {
    if (added) lastGroupRef.current?.focus();
  }, [added, rows]);

  const order = ["claim", ...Array.from({ length: rows }, (_, i) => [`group${i + 1}`, `role${i + 1}`, `unitId${i + 1}`]).flat(), "reason"];

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Single sign-on roles from groups" className="max-w-4xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Setting saved" : "No change"} ref={savedRef} focusable>
          <p>{state.data.rules === 0 ? "No rules: single sign-on changes no one's role." : `${state.data.rules} ${state.data.rules === 1 ? "rule applies" : "rules apply"} at each single sign-on.`}</p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={order} anchors={{ claim: "sso-claim", reason: "sso-reason" }} />
      <Input
        name="claim"
        id="sso-claim"
        label="Claim that lists the person's groups"
        hint="groups for Entra ID security groups (object ids), roles for Entra ID app roles; whatever your provider uses."
        defaultValue={mapping.claim}
        error={err("claim")}
        autoComplete="off"
        spellCheck={false}
        className="max-w-64"
      />
      <p className="mb-3 text-ink-muted">
        The first rule whose group the person is in applies. Leave a group empty to remove its rule. SLT members need a department,
        leads a directorate or service; administrators and viewers have no scope.
      </p>
      {Array.from({ length: rows }, (_, i) => {
        const n = i + 1;
        const rule = mapping.rules[i];
        return (
          <fieldset key={n} className="mb-4 rounded-md border border-line-soft p-4">
            <legend className="px-1 font-bold">Rule {n}</legend>
            <div className="grid gap-4 sm:grid-cols-3">
              <Input
                ref={n === rows ? lastGroupRef : undefined}
                name={`group${n}`}
                label="Group"
                defaultValue={rule?.group ?? ""}
                error={err(`group${n}`)}
                autoComplete="off"
                spellCheck={false}
                fieldClassName="mb-0"
              />
              <Select name={`role${n}`} label="Role" defaultValue={rule?.role ?? ""} placeholder="Choose a role" error={err(`role${n}`)} fieldClassName="mb-0" className="max-w-full">
                {(Object.keys(roleLabels) as Role[]).map((r) => (
                  <option key={r} value={r}>
                    {roleLabels[r]}
                  </option>
                ))}
              </Select>
              <Select
                name={`unitId${n}`}
                label="Department or unit"
                defaultValue={rule?.unitId ?? ""}
                placeholder="No scope"
                error={err(`unitId${n}`)}
                fieldClassName="mb-0"
                className="max-w-full"
              >
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.kind === "department" ? u.name : `— ${u.name}`}
                  </option>
                ))}
              </Select>
            </div>
          </fieldset>
        );
      })}
      {rows < maxRules && (
        <Button
          variant="secondary"
          className="mb-5"
          onClick={() => {
            setRows((r) => Math.min(maxRules, r + 1));
            setAdded(true);
          }}
        >
          Add a rule
        </Button>
      )}
      <Textarea name="reason" id="sso-reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save rules"}
      </Button>
    </form>
  );
}
