import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBudgetsCsv, isBlankBudgetRow, parseBudgetsCsv, penceToPoundsText } from "@/lib/resources/budget-csv";
import {
  basisPoints,
  budgetToDatePence,
  commentaryRequired,
  DEFAULT_TOLERANCE,
  efficiencyRag,
  formatPounds,
  formatThousands,
  nearCashNetPence,
  parsePoundsToPence,
  PENCE_PER_THOUSAND,
  roundToThousands,
  sumBudgets,
  sumPence,
  thousandsToPence,
  totalNetPence,
  turnoverPct,
  unitCostPence,
  vacanciesFte,
  varianceDirection,
  variancePct,
  varianceStatus,
  type BudgetLines,
} from "@/lib/resources/rules";
import { budgetAmounts, parseFte } from "@/lib/validation/budget";
import { financeToleranceInput } from "@/lib/validation/settings";

/** Pence amounts a budget line can hold (up to £90 billion), and signed ones (net months). */
const pence = fc.integer({ min: 0, max: 9_000_000_000_000 });
const signedPence = fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 });
const lines: fc.Arbitrary<BudgetLines> = fc.record({ incomePence: pence, delPence: pence, nonCashPence: pence });

describe("thousandsToPence: the plan's £'000 into pence", () => {
  it.each([
    [0, 0],
    [558, 55_800_000],
    [4_511, 451_100_000],
    [116.6, 11_660_000],
    [0.1, 10_000],
    [37_297, 3_729_700_000],
  ])("%d thousand is %d pence", (k, p) => expect(thousandsToPence(k)).toBe(p));

  it("is exact for every amount the plan could write with one decimal", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), (tenths) => {
        expect(thousandsToPence(tenths / 10)).toBe(tenths * 10_000);
      }));
  });
});

describe("parsePoundsToPence: amounts as people and ledgers write them", () => {
  it.each([
    ["4,511,000", 451_100_000],
    ["£4,511,000.00", 451_100_000],
    ["4511000", 451_100_000],
    ["1234.5", 123_450],
    ["1234.56", 123_456],
    ["0.01", 1],
    ["0.1", 10],
    ["0", 0],
    ["  £12  ", 1_200],
    ["-250", -25_000],
    ["£-250.5", -25_050],
    ["1,000", 100_000],
    ["9999999999999.99", 999_999_999_999_999],
  ])("%j → %d pence", (text, p) => expect(parsePoundsToPence(text)).toBe(p));

  it.each([
    "",
    " ",
    "£",
    "abc",
    "12a",
    "1.234", // more than two decimals
    "1.", // a point with no pence
    ".5",
    "1e3",
    "12,34", // a comma that does not group thousands
    "1,2345",
    "1,,000",
    "--5",
    "-£5", // the sign goes after the pound sign, as parsePoundsToPence documents
    "£ 5",
    "10000000000000", // 14 digits: beyond what a budget can hold
    "Infinity",
    "NaN",
    "0x10",
  ])("refuses %j", (text) => expect(parsePoundsToPence(text)).toBeNull());

  it("reads back every amount formatPounds and the CSV write, exactly", () => {
    fc.assert(
      fc.property(pence, (p) => {
        expect(parsePoundsToPence(formatPounds(p))).toBe(p);
        expect(parsePoundsToPence(penceToPoundsText(p))).toBe(p);
      }),
    );
    fc.assert(fc.property(signedPence, (p) => {
        expect(parsePoundsToPence(penceToPoundsText(p))).toBe(p);
      }));
  });

  it("never returns a fraction of a penny", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const p = parsePoundsToPence(text);
        if (p !== null) expect(Number.isSafeInteger(p)).toBe(true);
      }),
    );
  });
});

describe("sumPence", () => {
  it("adds whole pence exactly", () => {
    expect(sumPence([])).toBe(0);
    expect(sumPence([1, 2, -3])).toBe(0);
    // 0.1 + 0.2 in pounds would drift as floats; in pence it cannot.
    expect(sumPence([10, 20])).toBe(30);
  });

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses %d, which is not a whole number of pence it can add exactly", (v) => {
    expect(() => sumPence([1, v])).toThrow(/not a whole number of pence/);
  });

  it("equals the sum of the parts in any order", () => {
    fc.assert(
      fc.property(fc.array(signedPence, { maxLength: 50 }), (values) => {
        const total = sumPence(values);
        expect(sumPence([...values].reverse())).toBe(total);
        expect(BigInt(total)).toBe(values.reduce((t, v) => t + BigInt(v), 0n));
      }),
    );
  });
});

describe("roundToThousands: half away from zero, in integers", () => {
  it.each([
    [0, 0],
    [49_999, 0],
    [50_000, 1], // £500 → 1 (half rounds away from zero)
    [149_999, 1],
    [150_000, 2], // £1,500 → 2
    [-50_000, -1],
    [-150_000, -2],
    [-49_999, 0],
    [3_729_700_000, 37_297],
    [3_729_749_999, 37_297],
    [3_729_750_000, 37_298],
  ])("%d pence → %d thousand", (p, k) => expect(roundToThousands(p)).toBe(k));

  it("never returns negative zero", () => {
    expect(Object.is(roundToThousands(-1), 0)).toBe(true);
    expect(Object.is(roundToThousands(-49_999), 0)).toBe(true);
  });

  it("is within half a thousand of the amount, and symmetric about zero", () => {
    fc.assert(
      fc.property(signedPence, (p) => {
        const k = roundToThousands(p);
        expect(Math.abs(k * PENCE_PER_THOUSAND - p)).toBeLessThanOrEqual(PENCE_PER_THOUSAND / 2);
        expect(roundToThousands(-p)).toBe(-k || 0);
      }),
    );
  });
});

describe("formatThousands and formatPounds", () => {
  it("writes £'000 as the plan does", () => {
    expect(formatThousands(3_729_700_000)).toBe("37,297");
    expect(formatThousands(55_800_000)).toBe("558");
    expect(formatThousands(0)).toBe("0");
    expect(formatThousands(-150_000)).toBe("-2");
    expect(formatThousands(11_660_000, 1)).toBe("116.6");
    expect(formatThousands(2_000_000_000, 1)).toBe("20,000.0");
  });

  it("writes pounds and pence exactly", () => {
    expect(formatPounds(0)).toBe("£0.00");
    expect(formatPounds(5)).toBe("£0.05");
    expect(formatPounds(123_456)).toBe("£1,234.56");
    expect(formatPounds(451_100_000)).toBe("£4,511,000.00");
    expect(formatPounds(-123_456)).toBe("−£1,234.56");
  });

  it("the CSV writes pounds with two decimals and no separators", () => {
    expect(penceToPoundsText(0)).toBe("0.00");
    expect(penceToPoundsText(7)).toBe("0.07");
    expect(penceToPoundsText(451_100_050)).toBe("4511000.50");
    expect(penceToPoundsText(-25_050)).toBe("-250.50");
  });
});

describe("the budget's derived lines and totals", () => {
  const plan: BudgetLines[] = [
    { incomePence: 0, delPence: thousandsToPence(558), nonCashPence: 0 },
    { incomePence: thousandsToPence(10), delPence: thousandsToPence(4_511), nonCashPence: thousandsToPence(70) },
    { incomePence: thousandsToPence(1_019), delPence: thousandsToPence(20_720), nonCashPence: thousandsToPence(182) },
    { incomePence: 0, delPence: thousandsToPence(11_878), nonCashPence: thousandsToPence(407) },
  ];

  it("near-cash = DEL − income; total = near-cash + non-cash", () => {
    expect(nearCashNetPence(plan[2]!)).toBe(thousandsToPence(19_701));
    expect(totalNetPence(plan[2]!)).toBe(thousandsToPence(19_883));
    expect(nearCashNetPence({ incomePence: 500, delPence: 200, nonCashPence: 0 })).toBe(-300);
  });

  it("adds up to the business plan's total row", () => {
    const total = sumBudgets(plan);
    expect(formatThousands(total.incomePence)).toBe("1,029");
    expect(formatThousands(total.delPence)).toBe("37,667");
    expect(formatThousands(nearCashNetPence(total))).toBe("36,638");
    expect(formatThousands(total.nonCashPence)).toBe("659");
    expect(formatThousands(totalNetPence(total))).toBe("37,297");
  });

  it("a total always equals the sum of its parts, line by line and derived", () => {
    fc.assert(
      fc.property(fc.array(lines, { maxLength: 30 }), (rows) => {
        const total = sumBudgets(rows);
        expect(total.incomePence).toBe(sumPence(rows.map((r) => r.incomePence)));
        expect(total.delPence).toBe(sumPence(rows.map((r) => r.delPence)));
        expect(total.nonCashPence).toBe(sumPence(rows.map((r) => r.nonCashPence)));
        expect(nearCashNetPence(total)).toBe(sumPence(rows.map(nearCashNetPence)));
        expect(totalNetPence(total)).toBe(sumPence(rows.map(totalNetPence)));
        // The displayed total is the rounded sum, never the sum of rounded lines.
        expect(formatThousands(totalNetPence(total))).toBe(roundToThousands(totalNetPence(total)).toLocaleString("en-GB"));
      }),
    );
  });

  it("an empty department totals zero", () => expect(sumBudgets([])).toEqual({ incomePence: 0, delPence: 0, nonCashPence: 0 }));
});

describe("varianceStatus against the tolerance", () => {
  const budget = 10_000_000; // £100,000
  it.each([
    [budget, "on_budget"],
    [10_200_000, "on_budget"], // exactly 2% over
    [10_200_001, "within_tolerance"],
    [9_800_000, "on_budget"], // exactly 2% under
    [9_799_999, "within_tolerance"],
    [10_500_000, "within_tolerance"], // exactly 5% over
    [10_500_001, "beyond_tolerance"],
    [9_500_000, "within_tolerance"], // exactly 5% under
    [9_499_999, "beyond_tolerance"],
    [0, "beyond_tolerance"],
  ] as const)("forecast %d against a budget of £100,000 is %s", (forecast, status) => {
    expect(varianceStatus(forecast, budget, DEFAULT_TOLERANCE)).toBe(status);
  });

  it("judges a zero budget: nothing spent is on budget, anything else beyond tolerance", () => {
    expect(varianceStatus(0, 0, DEFAULT_TOLERANCE)).toBe("on_budget");
    expect(varianceStatus(1, 0, DEFAULT_TOLERANCE)).toBe("beyond_tolerance");
    expect(varianceStatus(-1, 0, DEFAULT_TOLERANCE)).toBe("beyond_tolerance");
  });

  it("measures a net-income budget (negative) by its size", () => {
    expect(varianceStatus(-10_200_000, -10_000_000, DEFAULT_TOLERANCE)).toBe("on_budget");
    expect(varianceStatus(-10_500_001, -10_000_000, DEFAULT_TOLERANCE)).toBe("beyond_tolerance");
  });

  it("uses the setting's thresholds, including fractional ones", () => {
    const t = { lowerPct: 2.5, upperPct: 7.25 };
    expect(varianceStatus(10_250_000, budget, t)).toBe("on_budget");
    expect(varianceStatus(10_250_001, budget, t)).toBe("within_tolerance");
    expect(varianceStatus(10_725_000, budget, t)).toBe("within_tolerance");
    expect(varianceStatus(10_725_001, budget, t)).toBe("beyond_tolerance");
    expect(varianceStatus(budget, budget, { lowerPct: 0, upperPct: 0.01 })).toBe("on_budget");
    expect(varianceStatus(budget + 1, budget, { lowerPct: 0, upperPct: 0.01 })).toBe("within_tolerance");
  });

  it("is symmetric: an overspend and an underspend of the same size get the same status", () => {
    fc.assert(
      fc.property(pence, fc.integer({ min: 0, max: 1_000_000_000 }), (b, d) => {
        expect(varianceStatus(b + d, b, DEFAULT_TOLERANCE)).toBe(varianceStatus(b - d, b, DEFAULT_TOLERANCE));
      }),
    );
  });

  it("needs commentary whenever the forecast is not on budget", () => {
    expect(commentaryRequired("on_budget")).toBe(false);
    expect(commentaryRequired("within_tolerance")).toBe(true);
    expect(commentaryRequired("beyond_tolerance")).toBe(true);
  });
});

describe("variance direction and percentage (display only)", () => {
  it("names the direction", () => {
    expect(varianceDirection(1)).toBe("overspend");
    expect(varianceDirection(-1)).toBe("underspend");
    expect(varianceDirection(0)).toBe("none");
  });

  it("gives the variance as a % of budget to one decimal, none without a budget", () => {
    expect(variancePct(10_640_000, 10_000_000)).toBe(6.4);
    expect(variancePct(9_740_000, 10_000_000)).toBe(-2.6);
    expect(variancePct(10_000_000, 10_000_000)).toBe(0);
    expect(variancePct(-10_500_000, -10_000_000)).toBe(-5);
    expect(variancePct(1, 0)).toBeNull();
  });

  it("turns percentages into whole basis points", () => {
    expect(basisPoints(2)).toBe(200);
    expect(basisPoints(2.5)).toBe(250);
    expect(basisPoints(0.07)).toBe(7);
    expect(basisPoints(50)).toBe(5000);
  });
});

describe("efficiencyRag: the forecast's shortfall against the target", () => {
  const target = 90_000_000; // £900,000
  it.each([
    [target, "green"],
    [target * 2, "green"], // beyond target is still green
    [88_200_000, "green"], // exactly 2% short
    [88_199_999, "amber"],
    [85_500_000, "amber"], // exactly 5% short
    [85_499_999, "red"],
    [0, "red"],
  ] as const)("a forecast of %d pence is %s", (forecast, rag) => expect(efficiencyRag(forecast, target, DEFAULT_TOLERANCE)).toBe(rag));

  it("the plan's demo: governance boards 150 of 200 is red, print 97 of 100 amber", () => {
    expect(efficiencyRag(thousandsToPence(150), thousandsToPence(200), DEFAULT_TOLERANCE)).toBe("red");
    expect(efficiencyRag(thousandsToPence(97), thousandsToPence(100), DEFAULT_TOLERANCE)).toBe("amber");
    expect(efficiencyRag(thousandsToPence(98), thousandsToPence(100), DEFAULT_TOLERANCE)).toBe("green");
  });
});

describe("budget to date, vacancies, turnover and unit cost", () => {
  it("profiles the budget in a straight line, in whole pence", () => {
    expect(budgetToDatePence(1_200, 0)).toBe(0);
    expect(budgetToDatePence(1_200, 1)).toBe(100);
    expect(budgetToDatePence(1_200, 12)).toBe(1_200);
    expect(budgetToDatePence(1, 6)).toBe(1); // half a penny rounds up
    expect(budgetToDatePence(1, 5)).toBe(0);
    expect(budgetToDatePence(thousandsToPence(37_297), 10)).toBe(3_108_083_333);
    fc.assert(fc.property(pence, (p) => {
        expect(budgetToDatePence(p, 12)).toBe(p);
      }));
  });

  it("counts vacancies as establishment less FTE in post, never below zero", () => {
    expect(vacanciesFte(165, 128)).toBe(37);
    expect(vacanciesFte(14, 13.3)).toBe(0.7);
    expect(vacanciesFte(107, 84.25)).toBe(22.75);
    expect(vacanciesFte(4, 5)).toBe(0);
    expect(vacanciesFte(0, 0)).toBe(0);
  });

  it("gives annual turnover as leavers ÷ average headcount, one decimal", () => {
    expect(turnoverPct(12, 100)).toBe(12);
    expect(turnoverPct(1, 3)).toBe(33.3);
    expect(turnoverPct(2, 3)).toBe(66.7);
    expect(turnoverPct(0, 177)).toBe(0);
    expect(turnoverPct(5, 0)).toBeNull();
    expect(turnoverPct(5, -1)).toBeNull();
  });

  it("gives a unit cost to the nearest penny, none without volume", () => {
    expect(unitCostPence(100_000, 4)).toBe(25_000);
    expect(unitCostPence(1_000, 3)).toBe(333);
    expect(unitCostPence(2_000, 3)).toBe(667);
    expect(unitCostPence(1_000, 0)).toBeNull();
    expect(unitCostPence(1_000, -2)).toBeNull();
    expect(unitCostPence(1_000, Number.NaN)).toBeNull();
  });
});

describe("the budget form's fields (lib/validation/budget.ts)", () => {
  it("reads FTE to two decimals as text, without floats", () => {
    expect(parseFte("165")).toBe("165.00");
    expect(parseFte("14.5")).toBe("14.50");
    expect(parseFte(" 0.25 ")).toBe("0.25");
    expect(parseFte("1,234.75")).toBe("1234.75");
    expect(parseFte("007")).toBe("7.00");
    for (const bad of ["", "-1", "1.234", "abc", "1234567", "1e2", "."]) expect(parseFte(bad), bad).toBeNull();
  });

  it("refuses each bad amount on its own field", () => {
    const r = budgetAmounts.safeParse({ income: "", del: "12.345", nonCash: "-5", fte: "x" });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(fields.income).toMatch(/Enter the income/);
    expect(fields.del).toMatch(/DEL in pounds/);
    expect(fields.nonCash).toMatch(/cannot be negative/);
    expect(fields.fte).toMatch(/FTE establishment/);
  });

  it("takes amounts as typed into pence", () => {
    expect(budgetAmounts.parse({ income: "£1,019,000", del: "20720000.00", nonCash: "182,000.5", fte: "165" })).toEqual({
      income: 101_900_000,
      del: 2_072_000_000,
      nonCash: 18_200_050,
      fte: "165.00",
    });
  });
});

describe("the tolerance setting's form", () => {
  const parse = (lowerPct: string, upperPct: string) => financeToleranceInput.safeParse({ lowerPct, upperPct });
  it("takes two thresholds, the first below the second", () => {
    expect(parse("2", "5").data).toEqual({ lowerPct: 2, upperPct: 5, reason: "" });
    expect(parse(" 2.5 ", "7.25%").data).toMatchObject({ lowerPct: 2.5, upperPct: 7.25 });
  });
  it.each([
    ["", "5", "lowerPct"],
    ["abc", "5", "lowerPct"],
    ["2.555", "5", "lowerPct"],
    ["-1", "5", "lowerPct"],
    ["2", "51", "upperPct"],
    ["5", "5", "upperPct"],
    ["6", "5", "upperPct"],
  ])("refuses %j and %j on %s", (lower, upper, field) => {
    const r = parse(lower, upper);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe("the ledger CSV", () => {
  it("writes a template that reads back as the same rows", async () => {
    const csv = buildBudgetsCsv([
      { unitSlug: "coo", year: 2026, budget: { incomePence: 0, delPence: 55_800_000, nonCashPence: 0, fteEstablishment: "4.00" } },
      { unitSlug: "md", year: 2026, budget: { incomePence: 101_900_000, delPence: 2_072_000_050, nonCashPence: 18_200_000, fteEstablishment: "165.50" } },
      { unitSlug: "new-unit", year: 2026, budget: null },
    ]);
    expect(csv.split("\n")[0]).toBe("unit,year,income,del,non_cash,fte");
    expect(csv.split("\n")[2]).toBe("md,2026,1019000.00,20720000.50,182000.00,165.50");
    const { rows, problems } = await parseBudgetsCsv(csv);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({ line: 3, unit: "md", year: "2026", income: "1019000.00", del: "20720000.50", nonCash: "182000.00", fte: "165.50" });
    expect(isBlankBudgetRow(rows[2]!)).toBe(true);
    expect(isBlankBudgetRow(rows[0]!)).toBe(false);
  });

  it("escapes a cell a spreadsheet would run as a formula", () => {
    expect(buildBudgetsCsv([{ unitSlug: "=cmd", year: 2026, budget: null }]).split("\n")[1]).toBe("'=cmd,2026,,,,");
  });

  it("names a missing column, and reads columns in any order", async () => {
    expect((await parseBudgetsCsv("unit,year,income,del,fte\nmd,2026,1,2,3\n")).problems).toEqual([
      { line: 1, column: "non_cash", message: 'The column "non_cash" is missing. Start from a downloaded template.' },
    ]);
    const { rows } = await parseBudgetsCsv("fte,non_cash,del,income,year,unit\n1,2,3,4,2026,MD\n");
    expect(rows[0]).toMatchObject({ unit: "md", year: "2026", income: "4", del: "3", nonCash: "2", fte: "1" });
  });
});
