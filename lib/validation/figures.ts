import { figureFieldName } from "@/lib/entry/field-names";
import { z } from "@/lib/validation/zod";

/** Field names of the entry form: `m.<measureId>.<field>`. */
export { figureFieldName };

const ROW_FIELDS = ["value", "numerator", "denominator", "commentary", "version", "reason"] as const;

/** Groups the flat `m.<id>.<field>` form fields into one object per measure. */
function groupRows(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const source = raw as Record<string, unknown>;
  if (Array.isArray(source.rows)) return source;
  const rows = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(source)) {
    const m = /^m\.(\d+)\.(\w+)$/.exec(key);
    if (!m || !(ROW_FIELDS as readonly string[]).includes(m[2]!)) continue;
    const row = rows.get(m[1]!) ?? { measureId: m[1] };
    row[m[2]!] = value;
    rows.set(m[1]!, row);
  }
  return { ...source, rows: [...rows.values()] };
}

// Lengths are checked per figure in lib/entry/save.ts, so that a message sits by its own input;
// these bounds only stop absurd payloads.
const cell = z.string().max(10_000).optional().nullable();

/** One figure as the entry form posts it; the CSV import checks each row's cells against it too. */
export const figureRowInput = z.object({
  measureId: z.coerce.number().int().positive(),
  value: cell,
  numerator: cell,
  denominator: cell,
  commentary: z.string().max(100_000).optional().nullable(),
  version: z.coerce.number().int().min(0).default(0),
  reason: z.string().max(100_000).optional().nullable(),
});

export const saveFiguresInput = z.preprocess(
  groupRows,
  z.object({
    unitId: z.coerce.number({ message: "Choose a unit" }).int().positive({ message: "Choose a unit" }),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "Choose a month" }),
    intent: z.enum(["draft", "submit"], { message: "Choose whether to save a draft or submit" }),
    rows: z.array(figureRowInput).max(500),
  }),
);

export type SaveFiguresInput = z.infer<typeof saveFiguresInput>;

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export const importFiguresInput = z.object({
  unitId: z.coerce.number({ message: "Choose a unit" }).int().positive({ message: "Choose a unit" }),
  intent: z.enum(["draft", "submit"], { message: "Choose whether to keep the figures as drafts or submit them" }),
  file: z
    .instanceof(File, { message: "Choose a CSV file to upload" })
    .refine((f) => f.size > 0, { message: "The file is empty" })
    .refine((f) => f.size <= MAX_UPLOAD_BYTES, { message: "The file is larger than 5 MB" })
    .refine((f) => /\.csv$/i.test(f.name) || f.type === "text/csv", { message: "Upload a .csv file" }),
});
export type ImportFiguresInput = z.infer<typeof importFiguresInput>;
