/**
 * Report addresses that are not published reports, in every shape the public routes accept
 * (/reports/<department>/<quarter>[/revisions/<n>][/data.csv|/data.json], /reports/government/<quarter>…),
 * built around a quarter that is published (`published`, e.g. "2026-q3") so that each differs from a
 * real address by one thing. Shared by tests/integration/report-addresses.test.ts (the resolution
 * logic) and tests/e2e/reports-public/invented-addresses.spec.ts (over HTTP, against the build).
 */
export interface ReportAddress {
  department: string;
  quarter: string;
  revision?: string;
}

export function inventedReportAddresses(published: string): ReportAddress[] {
  const [year, q] = published.split("-q") as [string, string];
  const quarters = [
    `${year}-Q${q}`, // upper case
    `${year}-q5`, // no such quarter
    `${year}-q0`,
    `${published}x`, // trailing junk
    ` ${published}`,
    `${published}.`,
    `${year}q${q}`,
    `${year}-q${q}-`,
    `${year}-q0${q}`,
    `0${year}-q${q}`,
    `${Number(year) + 50}-q${q}`, // a year nothing is published for
    "1999-q1",
    "9999-q4",
    `${year}-${q}`,
    `${year}-Q${q}`.toLowerCase().replace("q", "qq"),
  ];
  const revisions = ["abc", "01", "0", "-1", "1.0", "1e0", "99", "1000000", "9999999999", " 1", "1 ", "+1", "0x1", "2147483648"];
  const departments = ["COO", "nope", "coo-", "coo.", "-coo", "a".repeat(70)];
  return [
    ...quarters.map((quarter) => ({ department: "coo", quarter })),
    ...revisions.map((revision) => ({ department: "coo", quarter: published, revision })),
    ...departments.map((department) => ({ department, quarter: published })),
    ...quarters.slice(0, 4).map((quarter) => ({ department: "coo", quarter, revision: "1" })),
  ];
}

/** The path of an address (encoded as a browser would send it), with a download suffix or none. */
export function reportPath(a: ReportAddress, suffix: "" | "/data.csv" | "/data.json" = ""): string {
  const parts = ["reports", a.department, a.quarter, ...(a.revision === undefined ? [] : ["revisions", a.revision])].map(encodeURIComponent);
  return `/${parts.join("/")}${suffix}`;
}
