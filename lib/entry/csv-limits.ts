/**
 * The size limits of a figures CSV upload (client-safe: the upload form shows them). A 10,000-row
 * file imports within 5 seconds without slowing other people's pages (issue: imports must not
 * stall the server; `npm run bench:entry` measures both).
 */
export const MAX_CSV_ROWS = 10_000;

const count = new Intl.NumberFormat("en-GB");

/** The message for a file with more rows of figures than MAX_CSV_ROWS. */
export function tooManyRowsMessage(rows: number): string {
  return `The file has ${count.format(rows)} rows; the limit is ${count.format(MAX_CSV_ROWS)}. Split it into smaller files.`;
}

/** The upload form's hint. */
export const CSV_LIMITS_HINT = `Up to ${count.format(MAX_CSV_ROWS)} rows and 5 MB.`;
