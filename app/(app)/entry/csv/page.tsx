import { format, startOfMonth, subMonths } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { MAX_CSV_ROWS } from "@/lib/entry/csv-limits";
import { lastCompletedMonth, monthLabel, monthParam, monthsBetween } from "@/lib/entry/periods";
import { listEntryUnits } from "@/lib/entry/queries";
import { importFigures } from "../actions";
import { CsvUploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Figures by spreadsheet (CSV)" };

const COLUMNS: [string, string][] = [
  ["measure_code", "The measure's code, e.g. MD-INC-P1. Identifies the measure; do not change it."],
  ["measure_name", "For reading only; ignored on upload."],
  ["period", "YYYY-MM for monthly measures (2026-10); YYYY-Qn for quarterly ones (2026-Q3)."],
  ["value", "The figure, for measures entered as a single number. Leave it empty for ratio measures: their value is calculated from numerator ÷ denominator (× 100 for a percentage). A value on a ratio row that does not match that calculation is refused."],
  ["numerator", "For ratio measures: the part counted, e.g. incidents resolved within SLA. The template's how_to_fill column says what it is for each measure."],
  ["denominator", "For ratio measures: the whole it is counted from, e.g. all incidents. More than 0, and at least the numerator."],
  ["commentary", "Required on submit when the figure is off target, or when there is no figure."],
  ["reason", "Required when changing a figure that has already been submitted."],
  ["target, status", "In exports only: the target in force for the period, and draft or submitted."],
  ["how_to_fill", "In templates only, as the last column: which cells to fill for that measure and, for a ratio, what its numerator and denominator are. Ignored on upload."],
];

export default async function CsvPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const user = await requirePermission("figures:enter");
  const [units, params] = await Promise.all([listEntryUnits(user), searchParams]);
  const unit = units.find((u) => u.id === Number(params.unit)) ?? units.find((u) => u.id === user.unitId) ?? units[0];
  const latest = lastCompletedMonth(new Date());
  const months = monthsBetween(format(subMonths(startOfMonth(new Date()), 36), "yyyy-MM-dd"), latest).reverse();
  const unitOptions = units.map((u) => (
    <option key={u.id} value={u.id}>
      {u.name} ({u.departmentName})
    </option>
  ));

  return (
    <div className="space-y-8">
      <div>
        <Link href={unit ? `/entry?unit=${unit.id}` : "/entry"}>Back to entering figures</Link>
        <h1 className="mt-4 text-3xl font-bold">Figures by spreadsheet (CSV)</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Download a template for a unit and months, fill it in, and upload it. The whole file is checked first: if any
          row has a problem, nothing is saved and every problem is listed by line and column. Uploading the same file
          again changes nothing. A file may have up to {MAX_CSV_ROWS.toLocaleString("en-GB")} rows of figures: split a
          larger one into several files.
        </p>
      </div>

      {!unit ? (
        <p>There are no measures for you to enter figures for.</p>
      ) : (
        <>
          <section aria-labelledby="download-heading" className="border border-line-soft bg-surface p-5">
            <h2 id="download-heading" className="text-xl font-bold">
              Download a template or export figures
            </h2>
            <form method="get" action="/entry/csv/template" className="mt-4 flex flex-wrap items-end gap-x-4">
              <Select name="unit" id="download-unit" label="Unit" defaultValue={unit.id} fieldClassName="mb-4">
                {unitOptions}
              </Select>
              <Select name="from" id="download-from" label="From" defaultValue={monthParam(latest)} fieldClassName="mb-4">
                {months.map((m) => (
                  <option key={m} value={monthParam(m)}>
                    {monthLabel(m)}
                  </option>
                ))}
              </Select>
              <Select name="to" id="download-to" label="To" defaultValue={monthParam(latest)} fieldClassName="mb-4">
                {months.map((m) => (
                  <option key={m} value={monthParam(m)}>
                    {monthLabel(m)}
                  </option>
                ))}
              </Select>
              <div className="mb-4 flex flex-wrap gap-3">
                <Button type="submit">Download template</Button>
                <Button type="submit" variant="secondary" formAction="/entry/csv/export">
                  Export figures
                </Button>
              </div>
            </form>
            <p className="text-sm text-ink-muted">
              The template lists every measure due in those months, filled in with what is stored so far; ratio
              measures show their numerator and denominator, and their value is left empty to be calculated. Cells
              a spreadsheet would run as a formula are written with a leading apostrophe.
            </p>
          </section>

          <section aria-labelledby="upload-heading" className="border border-line-soft bg-surface p-5">
            <h2 id="upload-heading" className="mb-4 text-xl font-bold">
              Upload figures
            </h2>
            <CsvUploadForm action={importFigures} units={units.map((u) => ({ id: u.id, label: `${u.name} (${u.departmentName})` }))} defaultUnitId={unit.id} />
          </section>

          <section aria-labelledby="columns-heading">
            <h2 id="columns-heading" className="mb-3 text-xl font-bold">
              Columns
            </h2>
            <Table caption="Columns of the figures CSV" captionHidden>
              <THead>
                <tr>
                  <Th>Column</Th>
                  <Th>What goes in it</Th>
                </tr>
              </THead>
              <TBody>
                {COLUMNS.map(([name, text]) => (
                  <Tr key={name}>
                    <Th scope="row">
                      <code>{name}</code>
                    </Th>
                    <Td>{text}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </section>
        </>
      )}
    </div>
  );
}
