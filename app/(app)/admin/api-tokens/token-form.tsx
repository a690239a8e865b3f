"use client";

import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { controlClasses, Field, FieldGroup, FORM_PANEL, Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { ACCESS_HINTS, ACCESS_LABELS, TOKEN_ACCESS, TOKEN_NAME_MAX } from "@/lib/api-tokens/rules";
import { usageExample } from "@/lib/api-tokens/usage";

/** What the create action answers: the token, this once. */
export interface Created {
  id: number;
  token: string;
  name: string;
  prefix: string;
  access: "read" | "write";
  expiresOn: string;
  units: { id: number; name: string; slug: string }[];
}

export interface UnitChoice {
  id: number;
  name: string;
  kind: string;
  depth: number;
  departmentId: number;
  departmentName: string;
}

const ORDER = ["name", "access", "unitIds", "expiresOn"];

/** Units indented under their parent, by depth below the department. */
const INDENT = ["", "pl-6", "pl-12", "pl-18"];

const longDate = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * The form that creates a token, and the token it got back: shown once, in this page's memory only
 * (never in the URL, never stored), with how to use it.
 */
export function TokenForm({
  action,
  units,
  expiry,
  baseUrl,
  examplePeriod,
}: {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Created>>;
  units: UnitChoice[];
  expiry: { min: string; default: string; max: string };
  baseUrl: string;
  examplePeriod: string;
}) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const created = state?.ok ? state.data : null;
  const formRef = useRef<HTMLFormElement>(null);
  const panelRef = useRef<HTMLHeadingElement>(null);

  // A new token: clear the form for the next one and take the reader to the token.
  useEffect(() => {
    if (!created) return;
    formRef.current?.reset();
    panelRef.current?.focus();
  }, [created]);

  const departments = [...new Map(units.map((u) => [u.departmentId, u.departmentName])).entries()];

  return (
    <div className="space-y-8">
      {created && (
        <section aria-labelledby="new-token-heading" className="max-w-3xl space-y-4 border-l-[6px] border-success bg-success-soft p-5">
          <h2 id="new-token-heading" ref={panelRef} tabIndex={-1} className="text-2xl font-bold">
            <span aria-hidden="true">✓ </span>Token created: {created.name}
          </h2>
          <p className="text-lg font-bold">Copy it now: it will not be shown again.</p>
          <p>
            Baseline keeps only a fingerprint of it, so nobody can show it to you later. If it is lost, revoke it and create
            another.
          </p>
          <Field id="new-token" label="Your new token">
            <input id="new-token" readOnly value={created.token} className={[controlClasses, "border-ink font-mono text-sm"].join(" ")} />
          </Field>
          <CopyButton targetId="new-token" label="Copy the token" />
          <p>
            {ACCESS_LABELS[created.access]}, for {created.units.map((u) => u.name).join(", ")} (and the units below{" "}
            {created.units.length === 1 ? "it" : "them"}), until the end of {longDate(created.expiresOn)}.
          </p>
          <Field id="new-token-example" label="Try it: the measures due this month, from a command line" hint="Send the token in the Authorization header of every request.">
            <textarea
              id="new-token-example"
              readOnly
              rows={3}
              value={usageExample(baseUrl, created.token, created.units[0]?.slug ?? "md", examplePeriod)}
              aria-describedby="new-token-example-hint"
              className={[controlClasses, "border-ink font-mono text-sm"].join(" ")}
            />
          </Field>
          <CopyButton targetId="new-token-example" label="Copy the example" />
          <p>
            Every endpoint, with its fields and answers, is in the <a href="/api/v1/docs">API documentation</a>.
          </p>
        </section>
      )}

      <form ref={formRef} onSubmit={onSubmit} className={FORM_PANEL} noValidate aria-labelledby="create-heading">
        <h2 id="create-heading" className="mb-4 text-2xl font-bold">
          Create a token
        </h2>
        <FormErrorSummary result={state} order={ORDER} anchors={{ access: "access-read" }} />
        <Input
          name="name"
          label="Name"
          hint="What it is for and which system uses it, e.g. “Service desk tool: incident figures for M&D”."
          maxLength={TOKEN_NAME_MAX}
          autoComplete="off"
          error={err("name")}
        />
        <FieldGroup id="access" legend="Access" error={err("access")}>
          <div className="space-y-2">
            {TOKEN_ACCESS.map((a) => (
              <div key={a} className="flex items-start gap-3">
                <input
                  id={`access-${a}`}
                  name="access"
                  type="radio"
                  value={a}
                  defaultChecked={a === "read"}
                  aria-describedby={`access-${a}-hint`}
                  className="mt-0.5 size-6 shrink-0 accent-[var(--color-accent)]"
                />
                <div>
                  <label htmlFor={`access-${a}`} className="font-semibold">
                    {ACCESS_LABELS[a]}
                  </label>
                  <p id={`access-${a}-hint`} className="text-sm text-ink-muted">
                    {ACCESS_HINTS[a]}
                  </p>
                </div>
              </div>
            ))}
          </div>
        </FieldGroup>
        <FieldGroup
          id="unitIds"
          linkTarget
          legend="Units"
          hint="The token works for the units ticked and the units below them. A whole department covers all of its units."
          error={err("unitIds")}
        >
          {units.length === 0 && <p className="text-ink-muted">There are no units you can create tokens for.</p>}
          {departments.map(([departmentId, departmentName]) => (
            <div key={departmentId} className="mb-3">
              <p className="mb-1 font-semibold" id={`units-of-${departmentId}`}>
                {departmentName}
              </p>
              <ul className="space-y-1 border border-line-soft bg-white p-3" aria-labelledby={`units-of-${departmentId}`}>
                {units
                  .filter((u) => u.departmentId === departmentId)
                  .map((u) => (
                    <li key={u.id} className={["flex items-start gap-3", INDENT[Math.min(u.depth, INDENT.length - 1)]].join(" ")}>
                      <input type="checkbox" id={`unit_${u.id}`} name={`unit_${u.id}`} className="mt-0.5 size-6 shrink-0 accent-accent" />
                      <label htmlFor={`unit_${u.id}`} className="min-h-6">
                        {u.kind === "department" ? `${u.name} (whole department)` : u.name}
                      </label>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </FieldGroup>
        <Input
          name="expiresOn"
          type="date"
          label="Expiry date"
          hint={`It stops working at the end of this day (Jersey time). A year from today unless you change it; at most two years (${longDate(expiry.max)}).`}
          defaultValue={expiry.default}
          min={expiry.min}
          max={expiry.max}
          error={err("expiresOn")}
          className="max-w-48"
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create the token"}
        </Button>
      </form>
    </div>
  );
}
