/**
 * The pure parts of scripts/generate-large.ts: how big the organisation is at a given --scale, its
 * department and unit names and slugs, and how many rows fit in one statement under Postgres's
 * bind-parameter limit. No database, no randomness: tests/unit/generate-large-scale.test.ts.
 */

/** Postgres's wire protocol carries the parameter count in 16 bits: no statement may bind more. */
export const MAX_BIND_PARAMETERS = 65_535;

/** Scale 1: the organisation every test and benchmark was written against. */
export const BASE = {
  departments: 20,
  unitsPerDepartment: 3,
  measuresPerUnit: 20,
  years: 10,
  initiatives: 500,
  milestonesPerInitiative: 4,
  risks: 1_000,
  meetingsPerDepartment: 12,
} as const;

export const DEPARTMENT_NAMES = [
  "Chief Operating Office", "Customer and Local Services", "Children, Young People, Education and Skills",
  "Health and Community Services", "Infrastructure, Housing and Environment", "Justice and Home Affairs",
  "Strategic Policy, Planning and Performance", "Treasury and Exchequer", "Economy", "External Relations",
  "Financial Services", "Digital Economy", "Sport and Culture", "Public Health", "Housing",
  "Environment", "Transport", "Social Security", "Ports and Harbours", "Statistics Jersey",
] as const;
export const UNIT_SUFFIXES = ["Operations", "Strategy and Change", "Service Delivery"] as const;

export const slugify = (name: string) =>
  name.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** `--scale=N` or `--scale N` from the command line: an integer ≥ 1, 1 when absent. */
export function parseScale(args: readonly string[]): number {
  const i = args.findIndex((a) => a === "--scale" || a.startsWith("--scale="));
  if (i < 0) return 1;
  const raw = args[i]!.startsWith("--scale=") ? args[i]!.slice("--scale=".length) : args[i + 1];
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`--scale must be a whole number of at least 1 (got ${raw === undefined ? "nothing" : JSON.stringify(raw)})`);
  }
  return Number(raw);
}

/** The row counts a scale fixes in advance (figures, history and actions follow from these). */
export function sizesFor(scale: number) {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be an integer ≥ 1, not ${scale}`);
  const departments = BASE.departments * scale;
  const units = departments * BASE.unitsPerDepartment;
  const initiatives = BASE.initiatives * scale;
  return {
    departments,
    units,
    measures: units * BASE.measuresPerUnit,
    /** Monthly (or quarterly) periods of history per measure. */
    months: BASE.years * 12,
    initiatives,
    milestones: initiatives * BASE.milestonesPerInitiative,
    risks: BASE.risks * scale,
    meetings: departments * BASE.meetingsPerDepartment,
    /** admin, one SLT a department, one lead a unit, viewer. */
    users: 1 + departments + units + 1,
  };
}

/**
 * Departments 1–20 carry the 20 names of scale 1; beyond them the names repeat with a number
 * ("Economy 2", "Economy 3", …), so names and slugs stay distinct at any scale.
 */
export function departmentNames(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const base = DEPARTMENT_NAMES[i % DEPARTMENT_NAMES.length]!;
    const round = Math.floor(i / DEPARTMENT_NAMES.length) + 1;
    const name = round === 1 ? base : `${base} ${round}`;
    const short = base.split(/[ ,]/)[0]!;
    return { name, slug: slugify(name), shortName: round === 1 ? short : `${short} ${round}` };
  });
}

/** A department's units: `<department slug>-<suffix slug>`. */
export function unitsOf(department: { slug: string; name: string }) {
  return UNIT_SUFFIXES.slice(0, BASE.unitsPerDepartment).map((suffix) => ({
    slug: `${department.slug}-${slugify(suffix)}`,
    name: `${department.name} – ${suffix}`,
    shortName: suffix,
  }));
}

/** Measure code from the unit's and the measure's position (0-based): LG-U01-M01 … LG-U600-M20. */
export const measureCode = (unitIndex: number, measureIndex: number) =>
  `LG-U${String(unitIndex + 1).padStart(2, "0")}-M${String(measureIndex + 1).padStart(2, "0")}`;

/** How many rows of `columnsPerRow` bind parameters each fit in one statement. */
export function rowsPerStatement(columnsPerRow: number, maxParameters = MAX_BIND_PARAMETERS): number {
  if (!Number.isInteger(columnsPerRow) || columnsPerRow < 1) throw new Error(`columnsPerRow must be a positive integer, not ${columnsPerRow}`);
  const rows = Math.floor(maxParameters / columnsPerRow);
  if (rows < 1) throw new Error(`a row of ${columnsPerRow} parameters does not fit under ${maxParameters}`);
  return rows;
}

/** Consecutive slices of at most `size` rows (none when there are no rows). */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, not ${size}`);
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}
