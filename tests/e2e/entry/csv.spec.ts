import fs from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { format, startOfMonth, subMonths } from "date-fns";
import { isolatedBase, startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { signInAs } from "../support";

/*
 * The upload corrects a submitted figure of the demo data (CLS Customer Services, twenty months
 * back), which a second run would find already corrected. So the spec runs on a server and database
 * of its own (tests/e2e/isolated-server.ts), seeded afresh in each worker: a retry starts from the
 * demo data again, and the correction never reaches another spec.
 */
const PORT_OFFSET = 82;
test.use({ baseURL: isolatedBase(PORT_OFFSET) });

let server: IsolatedServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startIsolatedServer(PORT_OFFSET, "csv");
});

test.afterAll(async () => {
  await server?.stop();
});

const month = subMonths(startOfMonth(new Date()), 20);
const MONTH_LABEL = format(month, "MMMM yyyy");
const MONTH_PARAM = format(month, "yyyy-MM");

test("a lead downloads a template, and uploads it back: unchanged, refused with problems by line, then corrected", async ({ page }, testInfo) => {
  await signInAs(page, "leadCls");
  await page.goto("/entry");
  await page.getByRole("link", { name: "Use a spreadsheet (CSV)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Figures by spreadsheet (CSV)" })).toBeVisible();

  await page.getByLabel("From").selectOption({ label: MONTH_LABEL });
  await page.getByLabel("To").selectOption({ label: MONTH_LABEL });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download template" }).click()]);
  const template = await fs.readFile(await download.path(), "utf8");
  const lines = template.trim().split("\n");
  expect(lines[0]).toBe("measure_code,measure_name,period,value,numerator,denominator,commentary,reason,how_to_fill");
  const columns = lines[0]!.split(",");
  const cells = (line: string | undefined) => (parse(line ?? "") as string[][])[0] ?? [];
  const cell = (line: string | undefined, column: string) => cells(line)[columns.indexOf(column)];
  /** The line with some cells replaced, written back as CSV. */
  const withCells = (line: string | undefined, changes: Record<string, string>) =>
    stringify([cells(line).map((c, i) => changes[columns[i]!] ?? c)]).trimEnd();
  const csat = lines.find((l) => l.startsWith("CLS-CSAT,"));
  expect(csat).toContain(`,${MONTH_PARAM},`);
  // A ratio measure: the value is left to be calculated, and the row says what its parts are.
  const fpoc = lines.find((l) => l.startsWith("CLS-COMPLAINTS-FPOC,"));
  expect(cell(fpoc, "value")).toBe("");
  expect(cell(fpoc, "how_to_fill")).toContain("numerator = complaints resolved at first point of contact; denominator = complaints recorded");

  const upload = async (name: string, text: string) => {
    const file = path.join(testInfo.outputDir, name);
    await fs.mkdir(testInfo.outputDir, { recursive: true });
    await fs.writeFile(file, text);
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByRole("button", { name: "Upload" }).click();
  };

  // The same figures back: nothing changes.
  await upload("same.csv", template);
  await expect(page.getByRole("status").filter({ hasText: "File uploaded" })).toContainText("nothing had changed");

  // A bad figure, a change to a submitted figure without a reason, and a value typed on a ratio row
  // that does not match its numerator ÷ denominator: every problem listed, nothing saved.
  const ces = lines.findIndex((l) => l.startsWith("CLS-CES,"));
  const edited = [...lines];
  edited[ces] = withCells(edited[ces], { value: "nine" });
  const calls = lines.findIndex((l) => l.startsWith("CLS-CALLS-OFFERED,"));
  edited[calls] = withCells(edited[calls], { value: "21234" });
  const ratio = lines.indexOf(fpoc!);
  edited[ratio] = withCells(edited[ratio], { value: "101" });
  await upload("bad.csv", edited.join("\n"));
  const problems = page.getByRole("table", { name: "Problems in the file" });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole("row").filter({ hasText: "Enter a number" })).toContainText(String(ces + 1));
  await expect(problems.getByRole("row").filter({ hasText: "Say why this submitted figure is being corrected" })).toContainText(String(calls + 1));
  await expect(problems.getByRole("row").filter({ hasText: "For a ratio measure the value is calculated from numerator ÷ denominator" })).toContainText(
    String(ratio + 1),
  );

  // Fixed: the CES and ratio figures restored and a reason given for the corrected call volume.
  const fixed = [...lines];
  fixed[calls] = withCells(edited[calls], { reason: "Late calls from the overflow line added" });
  await upload("fixed.csv", fixed.join("\n"));
  await expect(page.getByRole("status").filter({ hasText: "File uploaded" })).toContainText("1 saved");

  // The export shows the corrected figure.
  const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export figures" }).click()]);
  const exportText = await fs.readFile(await exported.path(), "utf8");
  expect(exportText.split("\n").find((l) => l.startsWith("CLS-CALLS-OFFERED,"))).toMatch(new RegExp(`,${MONTH_PARAM},21234,`));
});
