import { and, asc, between, eq, gt, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { importBudgets, saveBudget } from "@/app/(app)/departments/[slug]/resources/budget/actions";
import { GET as templateGet } from "@/app/(app)/departments/[slug]/resources/budget/template/route";
import { auditLog, orgUnits, unitBudgets } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getBudgetSheet } from "@/lib/resources/budgets";
import { formatThousands, nearCashNetPence, totalNetPence } from "@/lib/resources/rules";
import { countQueries, demoUsers, form, setUpTestDb, signInAs, type DemoAccount } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.spyOn(console, "log").mockImplementation(() => undefined);

const { db } = setUpTestDb();
const FORBIDDEN = "You do not have permission to do that.";
/** Years of this file's own budgets, far from the demo's, removed afterwards. */
const Y1 = 2091;
const Y2 = 2092;
const Y3 = 2093;
const thisYear = new Date().getFullYear();
let users: Record<DemoAccount, SessionUser>;
const unit: Record<string, number> = {};
let auditMark = 0;

beforeAll(async () => {
  users = await demoUsers();
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unit[u.slug] = u.id;
});

beforeEach(async () => {
  signInAs(null);
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::integer` }).from(auditLog);
  auditMark = last!.id;
});

afterAll(async () => {
  await db.delete(unitBudgets).where(between(unitBudgets.year, 2090, 2099));
});

const as = (who: DemoAccount) => signInAs(users[who]);
const newAudit = () =>
  db
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, auditMark), eq(auditLog.entityType, "unit_budget")))
    .orderBy(asc(auditLog.id));
const budgetOf = async (slug: string, year: number) => (await db.select().from(unitBudgets).where(and(eq(unitBudgets.unitId, unit[slug]!), eq(unitBudgets.year, year))))[0];
const budgetsIn = (years: number[]) => db.select().from(unitBudgets).where(inArray(unitBudgets.year, years)).orderBy(asc(unitBudgets.id));

const budgetForm = (fields: Partial<Record<"unitId" | "year" | "version" | "income" | "del" | "nonCash" | "fte" | "reason", string | number>>) =>
  form({ unitId: unit.md, year: Y1, version: 0, income: "1,019,000", del: "£20,720,000.00", nonCash: "182000", fte: "165", reason: "Settlement letter", ...fields });

const upload = (csv: string, name = "ledger.csv", departmentId = unit.coo) =>
  importBudgets(null, form({ departmentId, file: new File([csv], name, { type: "text/csv" }) }));
const HEADER = "unit,year,income,del,non_cash,fte";

describe("the demo's budgets are the business plan's table", () => {
  it("line by line and in total, read back from the database (£'000)", async () => {
    const sheet = await getBudgetSheet(users.viewer, "coo", thisYear);
    expect(sheet).not.toBeNull();
    const table = sheet!.rows
      .filter((r) => r.budget)
      .map((r) => {
        const b = r.budget!;
        return [r.label, formatThousands(b.incomePence), formatThousands(b.delPence), formatThousands(nearCashNetPence(b)), formatThousands(b.nonCashPence), formatThousands(totalNetPence(b)), Number(b.fteEstablishment)];
      });
    expect(new Set(table.map((t) => JSON.stringify(t)))).toEqual(
      new Set(
        [
          ["COO Directorate", "0", "558", "558", "0", "558", 4],
          ["Commercial Services", "10", "4,511", "4,501", "70", "4,571", 14],
          ["Modernisation and Digital", "1,019", "20,720", "19,701", "182", "19,883", 165],
          ["People and Corporate Services", "0", "11,878", "11,878", "407", "12,285", 107],
        ].map((t) => JSON.stringify(t)),
      ),
    );
    const t = sheet!.total;
    expect([formatThousands(t.incomePence), formatThousands(t.delPence), formatThousands(nearCashNetPence(t)), formatThousands(t.nonCashPence), formatThousands(totalNetPence(t))]).toEqual([
      "1,029",
      "37,667",
      "36,638",
      "659",
      "37,297",
    ]);
    expect(sheet!.totalFte).toBe("290.00");
    // Exactly, in pence: the plan's thousands are whole, so nothing was rounded on the way in.
    expect(t).toEqual({ incomePence: 102_900_000, delPence: 3_766_700_000, nonCashPence: 65_900_000 });
  });

  it("and in SQL, summed by Postgres", async () => {
    const { rows } = await db.execute<{ income: string; del: string; near: string; non_cash: string; total: string; fte: string }>(sql`
      select sum(b.income_pence)::text as income, sum(b.del_pence)::text as del, sum(b.del_pence - b.income_pence)::text as near,
        sum(b.non_cash_pence)::text as non_cash, sum(b.del_pence - b.income_pence + b.non_cash_pence)::text as total, sum(b.fte_establishment)::text as fte
      from unit_budgets b join org_units u on u.id = b.unit_id
      where b.year = ${thisYear} and (u.slug = 'coo' or u.parent_id = (select id from org_units where slug = 'coo'))`);
    expect(rows[0]).toEqual({ income: "102900000", del: "3766700000", near: "3663800000", non_cash: "65900000", total: "3729700000", fte: "290.00" });
  });

  it("Customer and Local Services has none (its reply to the PAC gives no figures)", async () => {
    const sheet = await getBudgetSheet(users.admin, "cls", thisYear);
    expect(sheet!.budgeted).toBe(0);
    expect(sheet!.total).toEqual({ incomePence: 0, delPence: 0, nonCashPence: 0 });
    expect(sheet!.rows[0]!.label).toBe("CLS Directorate");
  });
});

describe("the budget page's reads", () => {
  it("are refused (null) for a department the user may not see, or none", async () => {
    expect(await getBudgetSheet(users.sltCls, "coo", thisYear)).toBeNull();
    expect(await getBudgetSheet(users.admin, "no-such-department", thisYear)).toBeNull();
    expect(await getBudgetSheet(users.admin, "md", thisYear)).toBeNull(); // a directorate is not a department
  });

  it("let the department's SLT and the administrator manage; leads and viewers read", async () => {
    expect((await getBudgetSheet(users.sltCoo, "coo", thisYear))!.canManage).toBe(true);
    expect((await getBudgetSheet(users.admin, "coo", thisYear))!.canManage).toBe(true);
    expect((await getBudgetSheet(users.leadMd, "coo", thisYear))!.canManage).toBe(false);
    expect((await getBudgetSheet(users.viewer, "coo", thisYear))!.canManage).toBe(false);
  });

  it("cost two queries, whatever the department holds", async () => {
    const n = await countQueries(() => getBudgetSheet(users.sltCoo, "coo", thisYear));
    expect(n).toBeLessThanOrEqual(2);
  });
});

describe("saveBudget", () => {
  it("refuses a lead (even of the unit), a viewer, another department's SLT and an unknown unit alike, changing nothing", async () => {
    for (const who of ["leadMd", "leadPcs", "viewer", "sltCls"] as const) {
      as(who);
      expect(await saveBudget(null, budgetForm({})), who).toEqual({ ok: false, message: FORBIDDEN });
    }
    as("sltCoo");
    expect(await saveBudget(null, budgetForm({ unitId: 2_000_000_000 }))).toEqual({ ok: false, message: FORBIDDEN });
    signInAs(null);
    expect(await saveBudget(null, budgetForm({}))).toMatchObject({ ok: false, message: expect.stringMatching(/sign in/) });
    expect(await budgetOf("md", Y1)).toBeUndefined();
    expect(await newAudit()).toEqual([]);
  });

  it("creates a budget with its audit entry: the reason and the figures in pence", async () => {
    as("sltCoo");
    const result = await saveBudget(null, budgetForm({}));
    expect(result).toEqual({ ok: true, data: { unitId: unit.md, year: Y1, version: 1, changed: true } });
    const stored = await budgetOf("md", Y1);
    expect(stored).toMatchObject({ incomePence: 101_900_000, delPence: 2_072_000_000, nonCashPence: 18_200_000, fteEstablishment: "165.00", version: 1, updatedById: users.sltCoo.id });
    const [entry, ...rest] = await newAudit();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: "budget.create",
      actorId: users.sltCoo.id,
      entityId: String(stored!.id),
      unitId: unit.md,
      before: null,
      after: { year: Y1, incomePence: 101_900_000, delPence: 2_072_000_000, nonCashPence: 18_200_000, fteEstablishment: "165.00" },
      reason: "Settlement letter",
    });
  });

  it("changes it with the version it was loaded at, auditing only what changed", async () => {
    as("sltCoo");
    const result = await saveBudget(null, budgetForm({ version: 1, del: "20,800,000.50", fte: "166.25", reason: "In-year transfer" }));
    expect(result).toMatchObject({ ok: true, data: { version: 2, changed: true } });
    expect(await budgetOf("md", Y1)).toMatchObject({ delPence: 2_080_000_050, fteEstablishment: "166.25", incomePence: 101_900_000, version: 2 });
    const [entry] = await newAudit();
    expect(entry).toMatchObject({
      action: "budget.update",
      before: { year: Y1, delPence: 2_072_000_000, fteEstablishment: "165.00" },
      after: { year: Y1, delPence: 2_080_000_050, fteEstablishment: "166.25" },
      reason: "In-year transfer",
    });
  });

  it("refuses a stale save with the values stored now, and changes nothing", async () => {
    as("admin");
    const result = await saveBudget(null, budgetForm({ version: 1, del: "1", reason: "From an old tab" }));
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Someone else changed this budget/),
      current: { version: 2, incomePence: 101_900_000, delPence: 2_080_000_050, nonCashPence: 18_200_000, fteEstablishment: "166.25" },
    });
    // A "new" budget where one now exists is stale too.
    expect(await saveBudget(null, budgetForm({ version: 0 }))).toMatchObject({ ok: false, current: { version: 2 } });
    expect(await budgetOf("md", Y1)).toMatchObject({ version: 2, delPence: 2_080_000_050 });
    expect(await newAudit()).toEqual([]);
  });

  it("writes nothing when the figures are as stored", async () => {
    as("sltCoo");
    const result = await saveBudget(null, budgetForm({ version: 2, del: "£20,800,000.50", fte: "166.250", reason: "Checked" }));
    // "166.250" has three decimals: refused as a field error; the same value with two is a no-op.
    expect(result).toMatchObject({ ok: false, fieldErrors: { fte: [expect.stringMatching(/2 decimals/)] } });
    expect(await saveBudget(null, budgetForm({ version: 2, del: "20800000.5", fte: "166.25", reason: "Checked" }))).toEqual({
      ok: true,
      data: { unitId: unit.md, year: Y1, version: 2, changed: false },
    });
    expect(await newAudit()).toEqual([]);
  });

  it("refuses bad input field by field, changing nothing", async () => {
    as("sltCoo");
    const result = await saveBudget(null, budgetForm({ version: 2, income: "12.345", del: "", nonCash: "-5", fte: "lots", reason: " " }));
    expect(result.ok).toBe(false);
    const fields = !result.ok ? result.fieldErrors : undefined;
    expect(Object.keys(fields ?? {}).sort()).toEqual(["del", "fte", "income", "nonCash", "reason"]);
    expect(fields!.income![0]).toMatch(/income in pounds/);
    expect(fields!.nonCash![0]).toMatch(/cannot be negative/);
    expect(fields!.reason![0]).toMatch(/Say why/);
    expect(await saveBudget(null, budgetForm({ year: 1999 }))).toMatchObject({ ok: false, fieldErrors: { year: [expect.stringMatching(/2000 to 2100/)] } });
    expect(await budgetOf("md", Y1)).toMatchObject({ version: 2, delPence: 2_080_000_050 });
    expect(await newAudit()).toEqual([]);
  });

  it("lets the administrator set any department's budget", async () => {
    as("admin");
    expect(await saveBudget(null, budgetForm({ unitId: unit["cls-customer-services"], year: Y1 }))).toMatchObject({ ok: true, data: { changed: true } });
    as("sltCoo");
    expect(await saveBudget(null, budgetForm({ unitId: unit["cls-customer-services"], year: Y1, version: 1, del: "5" }))).toEqual({ ok: false, message: FORBIDDEN });
  });
});

describe("importBudgets", () => {
  const good = (year = Y2) => [HEADER, `coo,${year},0,558000,0,4`, `commercial,${year},"10,000.00",4511000,70000,14`, `md,${year},1019000,20720000,182000,165.5`, ""].join("\n");

  it("refuses a lead, a viewer and another department's SLT, changing nothing", async () => {
    for (const who of ["leadMd", "viewer", "sltCls"] as const) {
      as(who);
      expect(await upload(good()), who).toEqual({ ok: false, message: FORBIDDEN });
    }
    as("sltCoo");
    expect(await upload(good(), "x.csv", unit.cls!)).toEqual({ ok: false, message: FORBIDDEN });
    expect(await upload(good(), "x.csv", unit.md!)).toEqual({ ok: false, message: FORBIDDEN }); // a directorate is not a department
    expect(await budgetsIn([Y2])).toEqual([]);
    expect(await newAudit()).toEqual([]);
  });

  it("lists every problem by line and column and saves nothing when any row is bad", async () => {
    as("sltCoo");
    const csv = [
      HEADER,
      `coo,${Y2},0,558000,0,4`, // good
      `md,${Y2},1019000.123,abc,-1,165`, // three bad amounts
      `cls-customer-services,${Y2},0,1,0,1`, // another department's unit
      `nope,${Y2},0,1,0,1`, // no such unit
      `pcs,20x6,0,1,0,1`, // bad year
      `coo,${Y2},0,1,0,1`, // twice
      `commercial,${Y2},,1,0,`, // some amounts empty
    ].join("\n");
    const result = await upload(csv);
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.rowErrors : undefined;
    expect(!result.ok && result.message).toMatch(/Nothing was saved/);
    expect(errors?.map((e) => [e.line, e.column])).toEqual([
      [3, "income"],
      [3, "del"],
      [3, "non_cash"],
      [4, "unit"],
      [5, "unit"],
      [6, "year"],
      [7, "unit"],
      [8, "income"],
      [8, "fte"],
    ]);
    // Another department's unit and a unit that does not exist get the same answer.
    expect(errors![3]!.message.replace("cls-customer-services", "X")).toBe(errors![4]!.message.replace("nope", "X"));
    expect(errors![6]!.message).toMatch(/appears twice \(also on line 2\)/);
    expect(await budgetsIn([Y2])).toEqual([]);
    expect(await newAudit()).toEqual([]);
  });

  it("names a missing column on line 1", async () => {
    as("sltCoo");
    expect(await upload(`unit,year,income,del,fte\ncoo,${Y2},0,1,1\n`)).toMatchObject({ ok: false, rowErrors: [{ line: 1, column: "non_cash" }] });
    expect(await upload(`${HEADER}\n`)).toMatchObject({ ok: false, fieldErrors: { file: ["The file has no rows of budgets"] } });
  });

  it("imports a good file with one audit entry per budget, reason \"Imported from <file>\"; the same file again changes nothing", async () => {
    as("sltCoo");
    const first = await upload(good(), "ledger-2092.csv");
    expect(first).toEqual({ ok: true, data: { rows: 3, created: 3, updated: 0, unchanged: 0, skipped: 0 } });
    expect(await budgetOf("commercial", Y2)).toMatchObject({ incomePence: 1_000_000, delPence: 451_100_000, nonCashPence: 7_000_000, fteEstablishment: "14.00" });
    expect(await budgetOf("md", Y2)).toMatchObject({ fteEstablishment: "165.50" });
    const entries = await newAudit();
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.reason === "Imported from ledger-2092.csv" && e.action === "budget.create" && e.actorId === users.sltCoo.id)).toBe(true);

    const before = await budgetsIn([Y2]);
    const mark = entries.at(-1)!.id;
    expect(await upload(good(), "ledger-2092.csv")).toEqual({ ok: true, data: { rows: 3, created: 0, updated: 0, unchanged: 3, skipped: 0 } });
    expect(await budgetsIn([Y2])).toEqual(before);
    expect((await newAudit()).filter((e) => e.id > mark)).toEqual([]);
  });

  it("changes only the rows that differ, and skips rows with no amounts", async () => {
    as("admin");
    const csv = [HEADER, `coo,${Y2},0,558000,0,4`, `md,${Y2},1019000,20750000,182000,165.5`, `pcs,${Y2},,,,`].join("\n");
    expect(await upload(csv, "ledger-v2.csv")).toEqual({ ok: true, data: { rows: 3, created: 0, updated: 1, unchanged: 1, skipped: 1 } });
    const entries = await newAudit();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "budget.update", unitId: unit.md, before: { delPence: 2_072_000_000 }, after: { delPence: 2_075_000_000 }, reason: "Imported from ledger-v2.csv" });
    expect(await budgetOf("md", Y2)).toMatchObject({ version: 2, delPence: 2_075_000_000 });
    expect(await budgetOf("pcs", Y2)).toBeUndefined();
  });
});

describe("the template download", () => {
  const get = (slug: string, query = "") => templateGet(new Request(`http://localhost/departments/${slug}/resources/budget/template${query}`), { params: Promise.resolve({ slug }) });

  it("gives the department's budgets in the import's columns, and uploads back unchanged", async () => {
    as("sltCoo");
    const response = await get("coo");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toContain(`baseline-budgets-coo-${thisYear}.csv`);
    const text = await response.text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines).toContain(`md,${thisYear},1019000.00,20720000.00,182000.00,165.00`);
    expect(lines).toContain(`coo,${thisYear},0.00,558000.00,0.00,4.00`);
    // Other test files may add units to COO while this runs: the demo's four service areas are checked.
    const seedLines = lines.filter((l) => /^(coo|commercial|md|pcs),/.test(l));
    expect(seedLines).toHaveLength(4);
    const result = await upload([HEADER, ...seedLines, ""].join("\n"), "template.csv");
    expect(result).toEqual({ ok: true, data: { rows: 4, created: 0, updated: 0, unchanged: 4, skipped: 0 } });
    expect(await newAudit()).toEqual([]);
  });

  it("leaves amounts empty for a year without budgets, which uploads back as nothing", async () => {
    as("sltCoo");
    const text = await (await get("coo", `?year=${Y3}`)).text();
    const lines = text.trim().split("\n");
    expect(lines[1]).toBe(`coo,${Y3},,,,`);
    const seedLines = lines.filter((l) => /^(coo|commercial|md|pcs),/.test(l));
    expect(await upload([HEADER, ...seedLines, ""].join("\n"), "empty.csv")).toMatchObject({ ok: true, data: { created: 0, skipped: 4 } });
  });

  it("is refused to the signed-out (401), to whoever may not see the department (404), and for a bad year (400)", async () => {
    signInAs(null);
    expect((await get("coo")).status).toBe(401);
    as("sltCls");
    expect((await get("coo")).status).toBe(404);
    as("viewer");
    expect((await get("coo")).status).toBe(200);
    expect((await get("no-such")).status).toBe(404);
    expect((await get("coo", "?year=20x6")).status).toBe(400);
    expect((await get("coo", "?year=1999")).status).toBe(400);
  });
});
