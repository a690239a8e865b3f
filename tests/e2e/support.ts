import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "baseline-demo";

export const ACCOUNTS = {
  admin: { email: "admin@baseline.test", name: "Alex Renouf", role: "Administrator" },
  sltCoo: { email: "slt.coo@baseline.test", name: "Jordan Le Brocq", role: "Senior Leadership Team" },
  sltCls: { email: "slt.cls@baseline.test", name: "Sam Vibert", role: "Senior Leadership Team" },
  leadMd: { email: "lead.md@baseline.test", name: "Morgan Falle", role: "Department lead" },
  leadPcs: { email: "lead.pcs@baseline.test", name: "Casey de Gruchy", role: "Department lead" },
  leadCls: { email: "lead.cls@baseline.test", name: "Robin Querée", role: "Department lead" },
  viewer: { email: "viewer@baseline.test", name: "Taylor Mauger (PAC clerk)", role: "Viewer" },
} as const;

export type AccountKey = keyof typeof ACCOUNTS;

/** Signs in through the sign-in page, as a person would, and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, landing = /\/(dashboard|my-updates)$/) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Sign-in goes through /start, which sends each role to its landing page.
  await expect(page).toHaveURL(landing, { timeout: 20_000 });
}

/** Signs in; leads land on "My updates", everyone else on the dashboard. */
export async function signInAs(page: Page, who: AccountKey) {
  await signIn(page, ACCOUNTS[who].email, DEMO_PASSWORD, who.startsWith("lead") ? /\/my-updates$/ : /\/dashboard$/);
}
