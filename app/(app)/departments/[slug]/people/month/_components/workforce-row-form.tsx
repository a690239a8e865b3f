"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { vacanciesFte } from "@/lib/resources/rules";

type SaveResult = ActionResult<{ id: number; version: number; changed: boolean }>;

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<SaveResult>;
  unitId: number;
  name: string;
  month: string;
  monthText: string;
  establishment: string | null;
  current: { version: number; headcount: number; fteInPost: string; leavers: number; agencySpendPence: number; fixedTermSpendPence: number } | null;
}

const poundsText = (pence: number | undefined) => (pence === undefined ? "" : (pence / 100).toFixed(2));

/** One unit's people in a month: headcount, FTE in post, leavers, agency and fixed-term spend; saved on its own. */
export function WorkforceRowForm({ action, unitId, name, month, monthText, establishment, current }: Props) {
  const router = useRouter();
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const uid = `row${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const fid = (f: string) => `${uid}-${f}`;
  const [fte, setFte] = useState(current?.fteInPost ?? "");
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  // The page's version once refreshed; until then the one the save returned.
  const version = Math.max(current?.version ?? 0, state?.ok ? state.data.version : 0);
  const fteNumber = /^\d{1,6}(\.\d{1,2})?$/.test(fte.trim()) ? Number(fte) : null;
  const order = ["form", "headcount", "fteInPost", "leavers", "agencySpend", "fixedTermSpend", "reason"];
  const anchors = Object.fromEntries(order.map((f) => [f, fid(f)]));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormErrorSummary result={state} order={order} anchors={anchors} />
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Saved" : "Nothing to save"}>
          <p>{state.data.changed ? `${name}, ${monthText}: saved.` : "These figures are already stored."}</p>
        </Alert>
      )}
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="version" value={version} />
      <p aria-live="polite">
        FTE establishment: <strong>{establishment ?? "no budget this year"}</strong>
        {establishment !== null && fteNumber !== null && (
          <>
            {" "}
            · vacancies: <strong>{vacanciesFte(Number(establishment), fteNumber).toFixed(2)} FTE</strong>
          </>
        )}
      </p>
      <div className="grid gap-x-4 sm:grid-cols-3">
        <Input id={fid("headcount")} name="headcount" label="Headcount" hint="People at the month's end" inputMode="numeric" autoComplete="off" defaultValue={current?.headcount ?? ""} error={fieldError("headcount")} />
        <Input
          id={fid("fteInPost")}
          name="fteInPost"
          label="FTE in post"
          hint="Up to 2 decimals"
          inputMode="decimal"
          autoComplete="off"
          value={fte}
          onChange={(e) => setFte(e.currentTarget.value)}
          error={fieldError("fteInPost")}
        />
        <Input id={fid("leavers")} name="leavers" label="Leavers in the month" hint="For turnover" inputMode="numeric" autoComplete="off" defaultValue={current?.leavers ?? ""} error={fieldError("leavers")} />
        <Input id={fid("agencySpend")} name="agencySpend" label="Agency spend" hint="In pounds" inputMode="decimal" autoComplete="off" defaultValue={poundsText(current?.agencySpendPence)} error={fieldError("agencySpend")} />
        <Input
          id={fid("fixedTermSpend")}
          name="fixedTermSpend"
          label="Fixed-term spend"
          hint="In pounds"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={poundsText(current?.fixedTermSpendPence)}
          error={fieldError("fixedTermSpend")}
        />
      </div>
      {version > 0 && (
        <Input id={fid("reason")} name="reason" label="Reason for the change" hint="This month was entered before: say why it changes (kept in the audit trail)." autoComplete="off" error={fieldError("reason")} />
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
        <span className="sr-only"> {name}</span>
      </Button>
    </form>
  );
}
