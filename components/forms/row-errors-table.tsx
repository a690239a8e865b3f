import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RowError } from "@/lib/actions/result";

/** Problems shown at most; the rest are counted. */
const SHOWN = 200;

/** The problems of an uploaded file, by line and column (every CSV upload: figures, budgets). */
export function RowErrorsTable({ errors }: { errors: readonly RowError[] }) {
  if (errors.length === 0) return null;
  return (
    <>
      <Table caption="Problems in the file" className="mt-2 bg-white text-sm">
        <THead>
          <tr>
            <Th numeric>Line</Th>
            <Th>Column</Th>
            <Th>Problem</Th>
          </tr>
        </THead>
        <TBody>
          {errors.slice(0, SHOWN).map((e, i) => (
            <Tr key={i}>
              <Td numeric>{e.line}</Td>
              <Td>
                <code>{e.column || "—"}</code>
              </Td>
              <Td>{e.message}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {errors.length > SHOWN && <p>…and {errors.length - SHOWN} more.</p>}
    </>
  );
}
