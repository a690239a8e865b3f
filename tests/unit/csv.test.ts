import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { buildFiguresCsv, countCsvRows, csvPeriod, entryMonthOf, escapeCell, howToFill, parseFiguresCsv, ratioParts, ratioValueProblem, unescapeCell } from "@/lib/entry/csv";
import type { FigureRule } from "@/lib/entry/value-rules";
import { MAX_CSV_ROWS } from "@/lib/entry/csv-limits";

describe("CSV cells a spreadsheet would run as formulas", () => {
  it.each(["=SUM(A1:A9)", "+44 1534", "-2+3", "@cmd", "\tx"])("escapes %j and reads it back unchanged", (text) => {
    const escaped = escapeCell(text);
    expect(escaped.startsWith("'")).toBe(true);
    expect(unescapeCell(escaped)).toBe(text);
  });

  it("leaves ordinary text alone", () => {
    expect(escapeCell("Two P1s breached SLA")).toBe("Two P1s breached SLA");
    expect(unescapeCell("'quoted on purpose")).toBe("'quoted on purpose");
    expect(escapeCell(null)).toBe("");
  });
});

describe("periods in the CSV", () => {
  it("writes monthly periods as YYYY-MM and quarterly ones as YYYY-Qn", () => {
    expect(csvPeriod("monthly", "2026-10-01")).toBe("2026-10");
    expect(csvPeriod("quarterly", "2026-07-01")).toBe("2026-Q3");
  });

  it("reads them back as the month in which the figure is entered", () => {
    expect(entryMonthOf("2026-10")).toEqual({ month: "2026-10-01", quarterly: false });
    expect(entryMonthOf("2026-Q3")).toEqual({ month: "2026-09-01", quarterly: true });
    expect(entryMonthOf("2026-q1")).toEqual({ month: "2026-03-01", quarterly: true });
    for (const bad of ["2026-13", "2026-1", "Oct 2026", "2026-Q5", ""]) expect(entryMonthOf(bad)).toBeNull();
  });
});

describe("parseFiguresCsv", () => {
  const header = "measure_code,measure_name,period,value,numerator,denominator,commentary,reason";

  it("reads rows with line numbers, ignoring a BOM, blank lines and spacing", async () => {
    const { rows, problems } = await parseFiguresCsv(`\uFEFF${header}\n md-net-uptime ,Uptime,2026-10, 99.9 ,,,"Stable, no outages",\n\nMD-INC-P1,P1,2026-10,,5,6,'=cmd,\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, measureCode: "MD-NET-UPTIME", period: "2026-10", value: "99.9", numerator: "", denominator: "", commentary: "Stable, no outages", reason: "" },
      { line: 3, measureCode: "MD-INC-P1", period: "2026-10", value: "", numerator: "5", denominator: "6", commentary: "=cmd", reason: "" },
    ]);
  });

  it("ignores the template's how_to_fill column, and any other column it does not know", async () => {
    const { rows, problems } = await parseFiguresCsv(`${header},how_to_fill\nMD-INC-P1,P1,2026-10,,5,6,,,"Leave value empty: =it is calculated"\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ line: 2, measureCode: "MD-INC-P1", period: "2026-10", value: "", numerator: "5", denominator: "6", commentary: "", reason: "" }]);
  });

  it("names each missing column", async () => {
    const { rows, problems } = await parseFiguresCsv("measure_code,period,value\nX,2026-10,1\n");
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.column).sort()).toEqual(["commentary", "denominator", "numerator"]);
    expect(problems.every((p) => p.line === 1)).toBe(true);
  });

  it("reports an unreadable file and an empty one", async () => {
    expect((await parseFiguresCsv(`${header}\n"unterminated,2026-10\n`)).problems[0]?.message).toMatch(/not a readable CSV/);
    expect((await parseFiguresCsv("")).problems[0]?.message).toBe("The file is empty.");
  });
});

describe("countCsvRows (the row limit, counted before parsing)", () => {
  const header = "measure_code,measure_name,period,value,numerator,denominator,commentary,reason";

  it("counts records after the header: line breaks inside quotes, CRLF, blank lines and a BOM as parsing sees them", () => {
    expect(countCsvRows("")).toBe(0);
    expect(countCsvRows(header)).toBe(0);
    expect(countCsvRows(`\uFEFF${header}\r\nA,x,2026-10,1,,,"two\r\nlines, ""quoted""",\r\n\r\n  \r\nB,x,2026-10,2,,,,\r\n`)).toBe(2);
    // The first line break sets the record delimiter (as the parser's auto-detection does): a lone LF in a CRLF file is text.
    expect(countCsvRows(`${header}\r\n,\n,\r\n`)).toBe(1);
  });

  it("equals the number of rows the parser reads, for any cells", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom("", " ", "\n", "\r\n", '"', '""', ",", " a\n\nb "));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 20 }), fc.boolean(), (records, windows) => {
        const text = stringify([["a", "b"], ...records], { record_delimiter: windows ? "windows" : "unix" });
        const parsed = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
        expect(countCsvRows(text)).toBe(parsed.length - 1);
      }),
      { numRuns: 500 },
    );
  });

  it("parses a file read in slices as in one go: quotes, line breaks and emoji across slice boundaries", async () => {
    const commentary = `"${'Stable 👍, ""quoted""\nnext line. '.repeat(3_000)}"`;
    // Emoji back to back, at an odd and an even offset: some slice ends between the two halves of one.
    for (const name of ["x", "xy"]) {
      const text = [header, `A,${name},2026-10,1,,,${commentary},`, `B,x,2026-10,2,,,${"😀".repeat(40_000)},`].join("\r\n");
      const { rows, problems } = await parseFiguresCsv(text);
      expect(problems).toEqual([]);
      const once = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
      expect(rows.map((r) => r.commentary)).toEqual([once[1]![6], once[2]![6]]);
      expect(rows[1]!.commentary).toBe("😀".repeat(40_000));
    }
  });

  it("makes parseFiguresCsv refuse a file over the limit with the count and the limit", async () => {
    const row = "A,x,2026-10,1,,,,";
    expect((await parseFiguresCsv([header, ...Array<string>(MAX_CSV_ROWS).fill(row)].join("\n"))).problems).toEqual([]);
    expect((await parseFiguresCsv([header, ...Array<string>(MAX_CSV_ROWS + 412).fill(row)].join("\n"))).problems).toEqual([
      { line: 1, column: "", message: "The file has 10,412 rows; the limit is 10,000. Split it into smaller files." },
    ]);
  });
});

const PERCENT_RATIO: FigureRule = { valueType: "percent", quarterRule: "ratio", scaleMin: null, scaleMax: null };
const PLAIN_RATIO: FigureRule = { valueType: "ratio", quarterRule: "ratio", scaleMin: null, scaleMax: null };
const COUNT: FigureRule = { valueType: "count", quarterRule: "sum", scaleMin: null, scaleMax: null };
const P1_DEFINITION = "Percentage of Priority 1 (critical) IT incidents resolved within the service level: incidents resolved within SLA ÷ P1 incidents in the month.";

describe("buildFiguresCsv", () => {
  const row = {
    code: "MD-INC-P1",
    name: "=Incident resolution",
    description: P1_DEFINITION,
    rule: PERCENT_RATIO,
    frequency: "monthly" as const,
    period: "2026-10-01",
    value: 83.3333,
    numerator: 5,
    denominator: 6,
    target: 90,
    status: "submitted",
    commentary: "-3 breaches",
  };
  const count = { ...row, code: "MD-CALLS", name: "Calls", description: "Calls offered.", rule: COUNT, value: 120, numerator: null, denominator: null, commentary: null };

  it("writes the template columns with how_to_fill last, escaping text; a ratio row leaves value empty", () => {
    const csv = buildFiguresCsv("template", [row, count]);
    const [header, ratioLine, countLine] = parse(csv) as string[][];
    expect(header).toEqual(["measure_code", "measure_name", "period", "value", "numerator", "denominator", "commentary", "reason", "how_to_fill"]);
    expect(ratioLine?.slice(0, 8)).toEqual(["MD-INC-P1", "'=Incident resolution", "2026-10", "", "5", "6", "'-3 breaches", ""]);
    expect(ratioLine?.[8]).toBe("Leave value empty: it is calculated as numerator ÷ denominator × 100. Enter numerator = incidents resolved within SLA; denominator = P1 incidents in the month.");
    expect(countLine?.slice(0, 8)).toEqual(["MD-CALLS", "Calls", "2026-10", "120", "", "", "", ""]);
    expect(countLine?.[8]).toBe("Enter value (a whole number); leave numerator and denominator empty.");
  });

  it("writes target and status in exports, with the value of ratio rows; what a template holds parses back", async () => {
    const csv = buildFiguresCsv("export", [{ ...row, commentary: 'Said "fine", then not' }]);
    expect(csv.split("\n")[0]).toBe("measure_code,measure_name,period,value,numerator,denominator,target,status,commentary");
    expect(csv.split("\n")[1]).toMatch(/^MD-INC-P1,'=Incident resolution,2026-10,83.3333,5,6,90,submitted,/);
    const template = buildFiguresCsv("template", [row]);
    const back = (await parseFiguresCsv(template)).rows[0]!;
    expect(back).toEqual({ line: 2, measureCode: "MD-INC-P1", period: "2026-10", value: "", numerator: "5", denominator: "6", commentary: "-3 breaches", reason: "" });
  });
});

describe("explaining a ratio row", () => {
  it("reads the numerator and denominator from the measure's definition", () => {
    expect(ratioParts(P1_DEFINITION)).toEqual({ numerator: "incidents resolved within SLA", denominator: "P1 incidents in the month" });
    expect(ratioParts("Share of calls answered: calls answered ÷ calls offered (after the welcome message). Target of 90% is a demo target.")).toEqual({
      numerator: "calls answered",
      denominator: "calls offered (after the welcome message)",
    });
    expect(ratioParts("Satisfied responses as a share of all responses.")).toBeNull();
    expect(ratioParts("a ÷ b ÷ c")).toBeNull();
  });

  it("falls back to the definition when it does not name the parts, and never leaves the row unexplained", () => {
    expect(howToFill({ description: "Percentage of responses rating 4 or 5. Asked after calls.", rule: PERCENT_RATIO })).toBe(
      "Leave value empty: it is calculated as numerator ÷ denominator × 100. Enter numerator and denominator as the measure's definition describes: Percentage of responses rating 4 or 5.",
    );
    expect(howToFill({ description: "", rule: PLAIN_RATIO })).toBe(
      "Leave value empty: it is calculated as numerator ÷ denominator. Enter numerator and denominator as the measure's definition describes.",
    );
  });
});

describe("a value typed on a ratio row", () => {
  const cells = (value: string, numerator = "16", denominator = "25") => ({ value, numerator, denominator });

  it("is accepted when empty or equal to numerator ÷ denominator after the entry rules' rounding", () => {
    expect(ratioValueProblem(PERCENT_RATIO, cells(""))).toBeNull();
    expect(ratioValueProblem(PERCENT_RATIO, cells("64"))).toBeNull();
    expect(ratioValueProblem(PERCENT_RATIO, cells("64.0000%"))).toBeNull();
    expect(ratioValueProblem(PERCENT_RATIO, cells("66.6667", "2", "3"))).toBeNull();
    expect(ratioValueProblem(PLAIN_RATIO, cells("0.64"))).toBeNull();
  });

  it("is refused when it differs, naming the calculated value", () => {
    expect(ratioValueProblem(PERCENT_RATIO, cells("65"))).toBe(
      "For a ratio measure the value is calculated from numerator ÷ denominator (16/25 = 64.0000%); leave value empty or make it match",
    );
    expect(ratioValueProblem(PERCENT_RATIO, cells("66.67", "2", "3"))).toMatch(/\(2\/3 = 66\.6667%\)/);
    expect(ratioValueProblem(PLAIN_RATIO, cells("64"))).toMatch(/\(16\/25 = 0\.6400\)/);
    expect(ratioValueProblem(PERCENT_RATIO, cells("lots"))).toMatch(/16\/25 = 64\.0000%/);
  });

  it("is refused when there is no numerator or denominator to calculate it from", () => {
    expect(ratioValueProblem(PERCENT_RATIO, cells("64", "", ""))).toMatch(/^For a ratio measure the value is calculated from numerator ÷ denominator: enter the numerator and denominator/);
  });

  it("leaves broken or half-filled parts to the entry rules, and other measures alone", () => {
    expect(ratioValueProblem(PERCENT_RATIO, cells("64", "16", ""))).toBeNull();
    expect(ratioValueProblem(PERCENT_RATIO, cells("64", "30", "25"))).toBeNull();
    expect(ratioValueProblem(COUNT, cells("7", "", ""))).toBeNull();
  });
});
