import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { parseISO } from "date-fns";
import type { Frequency } from "@/lib/enums";
import { yieldToEventLoop } from "@/lib/event-loop";
import { MAX_CSV_ROWS, tooManyRowsMessage } from "./csv-limits";
import { quarterStart, type Period } from "./periods";
import { checkFigure, figureHint, isRatio, parseNumber, type FigureRule } from "./value-rules";

/**
 * The figures CSV (pure). Stable column names, documented on the CSV page:
 * measure_code, measure_name, period (YYYY-MM for monthly measures, YYYY-Qn for quarterly ones),
 * value, numerator, denominator, commentary, reason — plus target and status in exports, and
 * how_to_fill (last, so that the columns before it keep their places; ignored on upload) in templates.
 */
export const IMPORT_COLUMNS = ["measure_code", "measure_name", "period", "value", "numerator", "denominator", "commentary", "reason"] as const;
export const TEMPLATE_COLUMNS = [...IMPORT_COLUMNS, "how_to_fill"] as const;
export const EXPORT_COLUMNS = ["measure_code", "measure_name", "period", "value", "numerator", "denominator", "target", "status", "commentary"] as const;
export { MAX_CSV_ROWS };

/** Text a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection). */
export function escapeCell(text: string | null | undefined): string {
  const t = text ?? "";
  return /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
}

/** Reverses escapeCell for a file that went out and comes back. */
export function unescapeCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** "2026-10" for a monthly figure, "2026-Q3" for a quarterly one (stored against the quarter's first month). */
export function csvPeriod(frequency: Frequency, stored: Period): string {
  if (frequency === "monthly") return stored.slice(0, 7);
  const d = parseISO(stored);
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/** The month in which a CSV period is entered: the month itself, or the last month of the quarter. */
export function entryMonthOf(csv: string): { month: Period; quarterly: boolean } | null {
  const monthly = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(csv);
  if (monthly) return { month: `${monthly[1]}-${monthly[2]}-01`, quarterly: false };
  const quarterly = /^(\d{4})-Q([1-4])$/i.exec(csv);
  if (quarterly) {
    const lastMonth = Number(quarterly[2]) * 3;
    return { month: `${quarterly[1]}-${String(lastMonth).padStart(2, "0")}-01`, quarterly: true };
  }
  return null;
}

export { quarterStart };

export interface CsvFigureRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  measureCode: string;
  period: string;
  value: string;
  numerator: string;
  denominator: string;
  commentary: string;
  reason: string;
  /** The figure's version the sender last saw (0: none yet); never in a file, only from the API (lib/api/figures.ts). */
  version?: number;
}

export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

/**
 * The rows of figures in a CSV text (records after the header), counted without parsing it, as
 * parseFiguresCsv's parser reads them: a line break inside quotes belongs to its cell, blank lines
 * are skipped, and the first line break outside quotes (CRLF, LF or CR) is the record delimiter,
 * other breaks being text. Cheap enough to refuse an oversized file before any parsing.
 */
export function countCsvRows(text: string): number {
  let records = 0;
  let quoted = false;
  let blank = true;
  let delimiter: "crlf" | "lf" | "cr" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // '"': an escaped quote ("") toggles twice and changes nothing.
      quoted = !quoted;
      blank = false;
    } else if (!quoted && (c === 10 || c === 13)) {
      const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
      const kind = crlf ? "crlf" : c === 13 ? "cr" : "lf";
      delimiter ??= kind;
      if (kind !== delimiter) continue;
      if (!blank) records++;
      blank = true;
      if (crlf) i++;
    } else if (blank && c !== 32 && c !== 9 && c !== 0xfeff && c !== 10 && c !== 13) {
      blank = false;
    }
  }
  if (!blank) records++;
  return Math.max(records - 1, 0);
}

/** The refusal of a file with more than MAX_CSV_ROWS rows of figures, or null; counted before parsing. */
export function rowLimitProblem(text: string): string | null {
  const rows = countCsvRows(text);
  return rows > MAX_CSV_ROWS ? tooManyRowsMessage(rows) : null;
}

const PARSE_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;
/** Characters handed to the parser per turn of the event loop (a few milliseconds of parsing). */
const PARSE_SLICE = 8 * 1024;

/**
 * The records of a CSV text, parsed a slice at a time with the event loop let run in between:
 * parsing a 10,000-row file in one go would hold every other request for a tenth of a second.
 */
function parseInSlices(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const records: string[][] = [];
    const parser = parse(PARSE_OPTIONS);
    let failed = false;
    parser.on("readable", () => {
      for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) records.push(record);
    });
    parser.on("error", (err) => {
      failed = true;
      reject(err);
    });
    parser.on("end", () => resolve(records));
    const feed = (from: number) => {
      if (failed) return;
      if (from >= text.length) return void parser.end();
      let to = Math.min(from + PARSE_SLICE, text.length);
      // Never split a surrogate pair (an emoji): each slice is encoded as UTF-8 on its own.
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      parser.write(text.slice(from, to));
      setImmediate(feed, to);
    };
    feed(0);
  });
}

/** A parsed CSV: its header's column names (lower case) and the records after it. */
export interface CsvTable {
  names: string[];
  body: string[][];
  /** The cell of `column` in `record`, unescaped (unescapeCell); "" when the column or cell is absent. */
  at: (record: string[], column: string) => string;
}

/**
 * Parses an uploaded CSV with a header naming `required` columns (any order, extra columns
 * ignored); structural problems are reported by line and column, like a cell's. A file of more
 * than MAX_CSV_ROWS rows is refused before parsing. Shared by every CSV upload (figures, budgets).
 */
export async function parseCsvTable(text: string, required: readonly string[]): Promise<{ table: CsvTable | null; problems: CsvProblem[] }> {
  const tooMany = rowLimitProblem(text);
  if (tooMany) return { table: null, problems: [{ line: 1, column: "", message: tooMany }] };
  let records: string[][];
  try {
    records = await parseInSlices(text);
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { table: null, problems: [{ line, column: "", message: "This is not a readable CSV file (check quotes and separators)." }] };
  }
  const [header, ...body] = records;
  if (!header) return { table: null, problems: [{ line: 1, column: "", message: "The file is empty." }] };
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) return { table: null, problems: missing.map((c) => ({ line: 1, column: c, message: `The column "${c}" is missing. Start from a downloaded template.` })) };
  const at = (record: string[], column: string) => unescapeCell(record[names.indexOf(column)] ?? "");
  return { table: { names, body, at }, problems: [] };
}

/**
 * Parses an uploaded figures CSV; structural problems are reported by line and column. A file of
 * more than MAX_CSV_ROWS rows is refused before parsing.
 */
export async function parseFiguresCsv(text: string): Promise<{ rows: CsvFigureRow[]; problems: CsvProblem[] }> {
  const { table, problems } = await parseCsvTable(text, ["measure_code", "period", "value", "numerator", "denominator", "commentary"]);
  if (!table) return { rows: [], problems };
  const { names, body, at } = table;
  const rows: CsvFigureRow[] = [];
  for (const [i, record] of body.entries()) {
    if (i % 250 === 249) await yieldToEventLoop();
    rows.push({
      line: i + 2,
      measureCode: at(record, "measure_code").toUpperCase(),
      period: at(record, "period"),
      value: at(record, "value"),
      numerator: at(record, "numerator"),
      denominator: at(record, "denominator"),
      commentary: at(record, "commentary"),
      reason: names.includes("reason") ? at(record, "reason") : "",
    });
  }
  return { rows, problems: [] };
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export interface CsvOutRow {
  code: string;
  name: string;
  /** The measure's definition; for ratio measures it usually reads "… : numerator ÷ denominator." */
  description: string;
  rule: FigureRule;
  frequency: Frequency;
  period: Period;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target?: number | null;
  status?: string | null;
  commentary: string | null;
}

/**
 * What a ratio measure's numerator and denominator are, read from its definition. The measures
 * catalogue has no separate fields for them; definitions write them as "…: A ÷ B." (see the seed).
 */
export function ratioParts(description: string): { numerator: string; denominator: string } | null {
  const sentence = description.split(/(?<=\.)\s+/).find((s) => s.includes("÷"));
  if (!sentence) return null;
  const clause = sentence.slice(sentence.lastIndexOf(":", sentence.indexOf("÷")) + 1);
  const [numerator, denominator, ...rest] = clause.split("÷").map((part) => part.trim().replace(/\.$/, ""));
  if (!numerator || !denominator || rest.length) return null;
  return { numerator, denominator };
}

/** The template's how_to_fill cell: which cells to fill for this measure and, for a ratio, what its parts are. */
export function howToFill(r: Pick<CsvOutRow, "description" | "rule">): string {
  if (!isRatio(r.rule)) return `Enter value (${figureHint(r.rule).replace(/\.$/, "").toLowerCase()}); leave numerator and denominator empty.`;
  const worked = r.rule.valueType === "percent" ? "numerator ÷ denominator × 100" : "numerator ÷ denominator";
  const parts = ratioParts(r.description);
  const what = parts
    ? `numerator = ${parts.numerator}; denominator = ${parts.denominator}.`
    : `numerator and denominator as the measure's definition describes${r.description.trim() ? `: ${r.description.trim().split(/(?<=\.)\s+/)[0]}` : "."}`;
  return `Leave value empty: it is calculated as ${worked}. Enter ${what}`;
}

/**
 * A ratio measure's value is calculated from its numerator and denominator (lib/entry/value-rules.ts),
 * so a value typed on a ratio row must be that value, rounded as the entry rules round it: otherwise
 * the upload would silently keep the parts and drop what was typed. Returns the problem, or null.
 * Invalid or half-filled parts are left to the entry rules, which report them on their own columns.
 */
export function ratioValueProblem(rule: FigureRule, row: Pick<CsvFigureRow, "value" | "numerator" | "denominator">): string | null {
  if (!isRatio(rule) || row.value.trim() === "") return null;
  if (row.numerator.trim() === "" && row.denominator.trim() === "") {
    return "For a ratio measure the value is calculated from numerator ÷ denominator: enter the numerator and denominator, and leave value empty";
  }
  const derived = checkFigure(rule, row);
  if (!derived.ok || derived.value === null) return null;
  const typed = parseNumber(row.value, rule.valueType === "percent");
  if ("n" in typed && typed.n !== null && Math.abs(typed.n - derived.value) < 1e-9) return null;
  const shown = `${derived.numerator}/${derived.denominator} = ${derived.value.toFixed(4)}${rule.valueType === "percent" ? "%" : ""}`;
  return `For a ratio measure the value is calculated from numerator ÷ denominator (${shown}); leave value empty or make it match`;
}

/**
 * A template (import columns, prefilled with what is stored, plus how_to_fill) or an export (with
 * target and status). A template leaves value empty on ratio rows: it is calculated from the parts.
 */
export function buildFiguresCsv(kind: "template" | "export", rows: CsvOutRow[]): string {
  const columns = kind === "template" ? TEMPLATE_COLUMNS : EXPORT_COLUMNS;
  const records = rows.map((r) => {
    const base: Record<string, string> = {
      measure_code: r.code,
      measure_name: escapeCell(r.name),
      period: csvPeriod(r.frequency, r.period),
      value: kind === "template" && isRatio(r.rule) ? "" : num(r.value),
      numerator: num(r.numerator),
      denominator: num(r.denominator),
      target: num(r.target),
      status: r.status ?? "",
      commentary: escapeCell(r.commentary),
      reason: "",
      how_to_fill: escapeCell(howToFill(r)),
    };
    return columns.map((c) => base[c] ?? "");
  });
  return stringify([Array.from(columns), ...records]);
}
