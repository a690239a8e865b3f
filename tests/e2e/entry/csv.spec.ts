import fs from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { format, startOfMonth, subMonths } from "date-fns";
import { signInAs } from "../support";

// CLS Customer Services, twenty months back: no other spec touches that unit's figures.
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
  expect(lines[0]).toBe("measure_code,measure_name,period,value,numerator,denominator,commentary,reason");
  const csat = lines.find((l) => l.startsWith("CLS-CSAT,"));
  expect(csat).toContain(`,${MONTH_PARAM},`);

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

  // A bad figure and a change to a submitted figure without a reason: every problem listed, nothing saved.
  const ces = lines.findIndex((l) => l.startsWith("CLS-CES,"));
  const edited = [...lines];
  edited[ces] = edited[ces]!.replace(/^(CLS-CES,[^,]*,[^,]*,)[^,]*/, "$1nine");
  const calls = lines.findIndex((l) => l.startsWith("CLS-CALLS-OFFERED,"));
  edited[calls] = edited[calls]!.replace(/^(CLS-CALLS-OFFERED,[^,]*,[^,]*,)[^,]*/, "$121234");
  await upload("bad.csv", edited.join("\n"));
  const problems = page.getByRole("table", { name: "Problems in the file" });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole("row").filter({ hasText: "Enter a number" })).toContainText(String(ces + 1));
  await expect(problems.getByRole("row").filter({ hasText: "Say why this submitted figure is being corrected" })).toContainText(String(calls + 1));

  // Fixed: the CES figure restored and a reason given for the corrected call volume.
  const fixed = [...lines];
  fixed[calls] = edited[calls]!.replace(/,$/, ",Late calls from the overflow line added");
  await upload("fixed.csv", fixed.join("\n"));
  await expect(page.getByRole("status").filter({ hasText: "File uploaded" })).toContainText("1 saved");

  // The export shows the corrected figure.
  const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export figures" }).click()]);
  const exportText = await fs.readFile(await exported.path(), "utf8");
  expect(exportText.split("\n").find((l) => l.startsWith("CLS-CALLS-OFFERED,"))).toMatch(new RegExp(`,${MONTH_PARAM},21234,`));
});
