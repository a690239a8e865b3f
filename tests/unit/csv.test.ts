import { describe, expect, it } from "vitest";
import { buildFiguresCsv, csvPeriod, entryMonthOf, escapeCell, parseFiguresCsv, unescapeCell } from "@/lib/entry/csv";

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

  it("reads rows with line numbers, ignoring a BOM, blank lines and spacing", () => {
    const { rows, problems } = parseFiguresCsv(`\uFEFF${header}\n md-net-uptime ,Uptime,2026-10, 99.9 ,,,"Stable, no outages",\n\nMD-INC-P1,P1,2026-10,,5,6,'=cmd,\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, measureCode: "MD-NET-UPTIME", period: "2026-10", value: "99.9", numerator: "", denominator: "", commentary: "Stable, no outages", reason: "" },
      { line: 3, measureCode: "MD-INC-P1", period: "2026-10", value: "", numerator: "5", denominator: "6", commentary: "=cmd", reason: "" },
    ]);
  });

  it("names each missing column", () => {
    const { rows, problems } = parseFiguresCsv("measure_code,period,value\nX,2026-10,1\n");
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.column).sort()).toEqual(["commentary", "denominator", "numerator"]);
    expect(problems.every((p) => p.line === 1)).toBe(true);
  });

  it("reports an unreadable file and an empty one", () => {
    expect(parseFiguresCsv(`${header}\n"unterminated,2026-10\n`).problems[0]?.message).toMatch(/not a readable CSV/);
    expect(parseFiguresCsv("").problems[0]?.message).toBe("The file is empty.");
  });
});

describe("buildFiguresCsv", () => {
  const row = { code: "MD-INC-P1", name: "=Incident resolution", frequency: "monthly" as const, period: "2026-10-01", value: 83.3333, numerator: 5, denominator: 6, target: 90, status: "submitted", commentary: "-3 breaches" };

  it("writes the template columns, escaping text and leaving figures as numbers", () => {
    const csv = buildFiguresCsv("template", [row]);
    expect(csv.split("\n")[0]).toBe("measure_code,measure_name,period,value,numerator,denominator,commentary,reason");
    expect(csv.split("\n")[1]).toBe("MD-INC-P1,'=Incident resolution,2026-10,83.3333,5,6,'-3 breaches,");
  });

  it("writes target and status in exports, and what it writes parses back", () => {
    const csv = buildFiguresCsv("export", [{ ...row, commentary: 'Said "fine", then not' }]);
    expect(csv.split("\n")[0]).toBe("measure_code,measure_name,period,value,numerator,denominator,target,status,commentary");
    const template = buildFiguresCsv("template", [row]);
    const back = parseFiguresCsv(template).rows[0]!;
    expect(back).toMatchObject({ measureCode: "MD-INC-P1", period: "2026-10", numerator: "5", denominator: "6", commentary: "-3 breaches" });
  });
});
