import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import {
  BASE,
  chunks,
  DEPARTMENT_NAMES,
  departmentNames,
  MAX_BIND_PARAMETERS,
  measureCode,
  parseScale,
  rowsPerStatement,
  sizesFor,
  slugify,
  unitsOf,
} from "../../scripts/generate-large-scale";

describe("generate-large --scale", () => {
  it("reads --scale=N and --scale N, 1 when absent, and refuses anything but a whole number ≥ 1", () => {
    expect(parseScale([])).toBe(1);
    expect(parseScale(["--reset"])).toBe(1);
    expect(parseScale(["--scale=10"])).toBe(10);
    expect(parseScale(["--reset", "--scale", "3"])).toBe(3);
    for (const bad of [["--scale=0"], ["--scale=-2"], ["--scale=1.5"], ["--scale=ten"], ["--scale="], ["--scale"]]) {
      expect(() => parseScale(bad), bad.join(" ")).toThrow(/--scale/);
    }
    expect(() => sizesFor(0)).toThrow();
    expect(() => sizesFor(2.5)).toThrow();
  });

  it("scale 1 is today's data set and scale 10 is ten times it", () => {
    expect(sizesFor(1)).toEqual({ departments: 20, units: 60, measures: 1_200, months: 120, initiatives: 500, milestones: 2_000, risks: 1_000, meetings: 240, users: 82 });
    expect(sizesFor(10)).toEqual({ departments: 200, units: 600, measures: 12_000, months: 120, initiatives: 5_000, milestones: 20_000, risks: 10_000, meetings: 2_400, users: 802 });
    // About 1.34 million monthly figures at scale 10: at most one per measure and month.
    expect(sizesFor(10).measures * sizesFor(10).months).toBe(1_440_000);
  });

  it("keeps the 20 names of scale 1 and makes every department, unit, slug, account and measure code distinct at scale 10", () => {
    const one = departmentNames(sizesFor(1).departments);
    expect(one.map((d) => d.name)).toEqual([...DEPARTMENT_NAMES]);
    expect(one.map((d) => d.slug)).toEqual(DEPARTMENT_NAMES.map(slugify));
    expect(one[2]!.shortName).toBe("Children");

    const size = sizesFor(10);
    const departments = departmentNames(size.departments);
    const units = departments.flatMap(unitsOf);
    expect(departments[20]).toEqual({ name: "Chief Operating Office 2", slug: "chief-operating-office-2", shortName: "Chief 2" });
    expect(units).toHaveLength(size.units);
    const slugs = [...departments, ...units].map((u) => u.slug);
    expect(new Set(slugs).size).toBe(size.departments + size.units);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(departments.map((d) => d.name)).size).toBe(size.departments);
    expect(new Set(units.map((u) => u.name)).size).toBe(size.units);
    const emails = ["admin@large.test", "viewer@large.test", ...departments.map((d) => `slt.${d.slug}@large.test`), ...units.map((u) => `lead.${u.slug}@large.test`)];
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(size.users);
    const codes = Array.from({ length: size.units }, (_, ui) => Array.from({ length: BASE.measuresPerUnit }, (_, mi) => measureCode(ui, mi))).flat();
    expect(new Set(codes).size).toBe(size.measures);
    expect(measureCode(0, 0)).toBe("LG-U01-M01");
    expect(measureCode(599, 19)).toBe("LG-U600-M20");
  });

  it("sizes chunks so that no statement binds more than 65,535 parameters", () => {
    expect(rowsPerStatement(1)).toBe(MAX_BIND_PARAMETERS);
    expect(rowsPerStatement(7)).toBe(9_362);
    expect(rowsPerStatement(3, 10)).toBe(3);
    expect(() => rowsPerStatement(0)).toThrow();
    expect(() => rowsPerStatement(11, 10)).toThrow();
    // Every table the generator fills row by row, at scale 10's row counts.
    const size = sizesFor(10);
    const tables = [
      [s.orgUnits, size.departments + size.units],
      [s.users, size.users],
      [s.measures, size.measures],
      [s.initiatives, size.initiatives],
      [s.milestones, size.milestones],
      [s.risks, size.risks],
      [s.riskMitigations, size.risks],
      [s.reviewMeetings, size.meetings],
    ] as const;
    for (const [table, rows] of tables) {
      const columns = Object.keys(getTableColumns(table)).length;
      const parts = chunks(Array.from({ length: rows }, (_, i) => i), rowsPerStatement(columns));
      expect(parts.flat()).toHaveLength(rows);
      for (const part of parts) expect(part.length * columns).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    }
    // The measures of scale 10 in one statement would not have fitted (the bug this fixes).
    expect(size.measures * Object.keys(getTableColumns(s.measures)).length).toBeGreaterThan(MAX_BIND_PARAMETERS);
  });

  it("chunks cover the rows in order, none empty and none over the size", () => {
    expect(chunks([], 3)).toEqual([]);
    expect(chunks([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunks([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(() => chunks([1], 0)).toThrow();
  });
});
