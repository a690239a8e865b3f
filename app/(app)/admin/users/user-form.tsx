"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import type { Role } from "@/lib/auth/permissions";

interface UnitOption {
  id: number;
  name: string;
  kind: string;
}

interface Props {
  mode: "create" | "edit";
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  units: UnitOption[];
  roleLabels: Record<Role, string>;
  user?: { id: number; email: string; name: string; role: Role; unitId: number | null; active: boolean; version: number };
}

/** The fields in the order of the form, for the error summary. */
const ORDER = ["name", "email", "password", "role", "unitId", "active", "reason"];

/** Create or edit an account: role, organisational scope and access. */
export function UserForm({ mode, action, units, roleLabels, user }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();

  useEffect(() => {
    if (state?.ok) {
      router.push("/admin/users?saved=1");
      router.refresh();
    }
  }, [state, router]);

  const current = state && !state.ok && state.current ? (state.current as { role: string; active: boolean }) : null;

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl">
      <FormErrorSummary result={state} order={ORDER}>
        {current && (
          <p>
            Now stored: role {current.role}, {current.active ? "active" : "disabled"}. Reload the page to edit the latest version.
          </p>
        )}
      </FormErrorSummary>
      {user && <input type="hidden" name="id" value={user.id} />}
      {user && <input type="hidden" name="version" value={user.version} />}
      {mode === "create" && (
        <>
          <Input name="name" label="Full name" autoComplete="off" error={err("name")} required />
          <Input name="email" type="email" label="Email address" autoComplete="off" error={err("email")} required />
          <Input
            name="password"
            type="password"
            label="Temporary password"
            hint="At least 12 characters. Share it securely; the person should change it when they first sign in."
            autoComplete="new-password"
            error={err("password")}
            required
          />
        </>
      )}
      <Select name="role" label="Role" defaultValue={user?.role ?? "VIEWER"} error={err("role")}>
        {(Object.keys(roleLabels) as Role[]).map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </Select>
      <Select
        name="unitId"
        label="Department or unit"
        hint="SLT members are scoped to a department, leads to a directorate or service. Administrators and viewers have no scope."
        defaultValue={user?.unitId ?? ""}
        placeholder="No scope"
        error={err("unitId")}
      >
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.kind === "department" ? u.name : `— ${u.name}`}
          </option>
        ))}
      </Select>
      {mode === "edit" && (
        <>
          <Checkbox name="active" label="Account active (can sign in)" defaultChecked={user?.active} error={err("active")} />
          <Textarea name="reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
        </>
      )}
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create account" : "Save changes"}
        </Button>
        <Link href="/admin/users">Cancel</Link>
      </div>
    </form>
  );
}
