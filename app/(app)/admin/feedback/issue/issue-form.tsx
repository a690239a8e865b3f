"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { controlClasses, Field, FORM_PANEL, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/result";
import { LINK_DAYS_DEFAULT, MAX_LINKS_PER_BATCH } from "@/lib/feedback/link-limits";

type Issued = { unitName: string; links: { reference: string; url: string; expiresAt: string }[]; csv: string };

/** The form that issues single-use survey links, and the links it got back (a table, and CSV to copy or download). */
export function IssueForm({
  action,
  services,
}: {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Issued>>;
  services: { linkId: number; name: string; paused: boolean }[];
}) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const issued = state?.ok ? state.data : null;
  const download = issued ? `data:text/csv;charset=utf-8,${encodeURIComponent(issued.csv)}` : null;

  return (
    <div className="space-y-8">
      <form onSubmit={onSubmit} className={FORM_PANEL} noValidate>
        <FormErrorSummary result={state} order={["linkId", "references", "days"]} />
        <Select name="linkId" label="Service" error={fieldError("linkId")} placeholder="Choose the service" defaultValue="">
          {services.map((s) => (
            <option key={s.linkId} value={s.linkId} disabled={s.paused}>
              {s.name}
              {s.paused ? " (paused)" : ""}
            </option>
          ))}
        </Select>
        <Textarea
          name="references"
          label="Interaction references"
          hint={`One a line: the case, call or email reference each link is for (up to ${MAX_LINKS_PER_BATCH}). Letters, digits and . _ - / : # only; no names or contact details, since the customer's link carries it.`}
          error={fieldError("references")}
          rows={6}
          className="font-mono"
        />
        <Input
          name="days"
          label="Valid for (days)"
          hint="After this the link says it has expired. From 1 to 365."
          inputMode="numeric"
          defaultValue={String(LINK_DAYS_DEFAULT)}
          error={fieldError("days")}
          className="max-w-32"
        />
        <Button type="submit" disabled={pending}>
          Create the links
        </Button>
      </form>

      {issued && (
        <section aria-labelledby="issued-heading" className="space-y-4">
          <h2 id="issued-heading" className="text-2xl font-bold" aria-live="polite">
            {issued.links.length} single-use {issued.links.length === 1 ? "link" : "links"} for {issued.unitName}
          </h2>
          <p>Each link takes one response. Send each customer the link of their own interaction.</p>
          {download && (
            <p>
              <a href={download} download="survey-links.csv">
                Download the links (CSV)
              </a>
            </p>
          )}
          <Field id="issued-csv" label="The links as CSV (reference, link, expires)">
            <textarea id="issued-csv" readOnly rows={Math.min(10, issued.links.length + 1)} value={issued.csv} className={[controlClasses, "border-ink font-mono text-sm"].join(" ")} />
          </Field>
          <Table caption="Single-use survey links issued">
            <THead>
              <tr>
                <Th>Reference</Th>
                <Th>Link</Th>
                <Th>Expires</Th>
              </tr>
            </THead>
            <TBody>
              {issued.links.slice(0, 100).map((l) => (
                <Tr key={l.reference}>
                  <Th scope="row" className="font-mono font-normal">
                    {l.reference}
                  </Th>
                  <Td className="break-all">
                    <a href={l.url}>{l.url}</a>
                  </Td>
                  <Td className="whitespace-nowrap">{new Date(l.expiresAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {issued.links.length > 100 && <p>The first 100 are shown; every link is in the CSV.</p>}
        </section>
      )}
    </div>
  );
}
