import type { Page } from "@playwright/test";
import type { Targets } from "../../security/access-matrix";

/** The id in the first link to `hrefPattern` whose text, or whose table row's text, contains `marker`. */
async function linkedId(page: Page, path: string, hrefPattern: RegExp, marker: string): Promise<number> {
  await page.goto(path);
  const links = await page.locator("a[href]").evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute("href") ?? "", text: `${a.textContent ?? ""} ${a.closest("tr")?.textContent ?? ""}` })),
  );
  const hit = links.find((l) => hrefPattern.test(l.href) && l.text.includes(marker));
  const id = Number(hit && hrefPattern.exec(hit.href)?.[1]);
  if (!id) throw new Error(`no link to ${hrefPattern} for "${marker}" on ${path}`);
  return id;
}

/** The last completed month and quarter, as the demo data counts them. */
export function periods(now = new Date()): { month: string; quarter: string } {
  const lastMonth = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const month = `${lastMonth.getFullYear()}-${String(lastMonth.getMonth() + 1).padStart(2, "0")}`;
  const q = Math.floor(now.getMonth() / 3) + 1;
  const quarter = q === 1 ? `${now.getFullYear() - 1}-q4` : `${now.getFullYear()}-q${q - 1}`;
  return { month, quarter };
}

/** Resolves the demo ids from the pages, as the administrator (signed in on `page`). */
export async function resolveTargets(page: Page): Promise<Targets> {
  const measureMd = await linkedId(page, "/admin/measures", /^\/admin\/measures\/(\d+)$/, "MD-INC-P1");
  const riskMd = await linkedId(page, "/risks", /^\/risks\/(\d+)$/, "COO-R03");
  const initiativeMd = await linkedId(page, "/initiatives", /^\/initiatives\/(\d+)$/, "M&D – Target Operating Model");
  const recommendationPcs = await linkedId(page, "/recommendations", /^\/recommendations\/(\d+)$/, "CAG-PCS-01");
  const reportCoo = await linkedId(page, "/reports/manage", /^\/reports\/manage\/(\d+)$/, "Chief Operating Office");
  const userViewer = await linkedId(page, "/admin/users?q=viewer%40baseline.test", /^\/admin\/users\/(\d+)$/, "viewer@baseline.test");
  await page.goto("/admin/users/new");
  const unitMd = Number(await page.getByLabel("Department or unit").locator("option", { hasText: "Modernisation and Digital" }).first().getAttribute("value"));
  if (!unitMd) throw new Error("no Modernisation and Digital option on /admin/users/new");
  // Issue 16: the funding line and efficiency edit links of COO's monthly return (the plan year's lines;
  // in January the last completed month is in the year before, which has none: give the month then).
  const returnPath = `/departments/coo/resources/month?month=${periods().month}`;
  const fundingMd = await linkedId(page, returnPath, /^\/departments\/coo\/resources\/funding\/(\d+)\/edit$/, "Modernisation and Digital - enhanced capabilities");
  const efficiencyMd = await linkedId(page, returnPath, /^\/departments\/coo\/resources\/efficiencies\/(\d+)\/edit$/, "Continued application of OneGov principles");
  return { measureMd, riskMd, initiativeMd, recommendationPcs, reportCoo, userViewer, unitMd, fundingMd, efficiencyMd, ...periods() };
}
