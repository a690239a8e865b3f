import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { inventedReportAddresses, reportPath } from "../../security/report-addresses";

/*
 * Issue 15 item 6, over HTTP against the production build: invented variants of a published
 * report's address (upper case, no such quarter, trailing junk, revisions "abc", "01"…) answer 404
 * and leave nothing behind: Next's server directory in .next holds the same files, of the same
 * size, before and after. Only the published addresses answer 200. Reads only.
 */

const now = new Date();
const q = Math.floor(now.getMonth() / 3) + 1;
const last = q === 1 ? { year: now.getFullYear() - 1, quarter: 4 } : { year: now.getFullYear(), quarter: q - 1 };
const published = `${last.year}-q${last.quarter}`;

/** Every file under .next/server with its size: what a page cache writing per address would change. */
function serverFiles(): Map<string, number> {
  const root = path.join(process.cwd(), ".next", "server");
  const files = new Map<string, number>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), fs.statSync(full).size);
  }
  return files;
}

test("invented report addresses answer 404 and write nothing to .next/server", async ({ request }) => {
  const invented = inventedReportAddresses(published);
  expect(invented.length).toBeGreaterThanOrEqual(30);
  const before = serverFiles();

  for (const address of invented) {
    for (const suffix of ["", "/data.csv", "/data.json"] as const) {
      const url = reportPath(address, suffix);
      const res = await request.get(url);
      expect(res.status(), url).toBe(404);
      expect(res.headers()["x-nextjs-cache"], url).toBeUndefined();
    }
  }

  // The published addresses, in every shape, still answer.
  for (const url of [`/reports/coo/${published}`, `/reports/coo/${published}/data.csv`, `/reports/coo/${published}/revisions/1`, `/reports/coo/${published}/revisions/1/data.json`, `/reports/government/${published}`]) {
    expect((await request.get(url)).status(), url).toBe(200);
  }

  const after = serverFiles();
  const added = [...after.keys()].filter((f) => !before.has(f));
  const changed = [...after].filter(([f, size]) => before.has(f) && before.get(f) !== size).map(([f]) => f);
  expect(added, "files added to .next/server").toEqual([]);
  expect(changed, "files changed in .next/server").toEqual([]);
});
