/**
 * The return pages rendered on the seeded demo (issue 16): who gets forms and who gets read-only
 * rows, months not yet ended, and refusals (unknown or out-of-scope definitions are "not found").
 * Reads only.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import MonthlyReturnPage from "@/app/(app)/departments/[slug]/resources/month/page";
import WorkforceMonthPage from "@/app/(app)/departments/[slug]/people/month/page";
import EditFundingLinePage from "@/app/(app)/departments/[slug]/resources/funding/[id]/edit/page";
import NewEfficiencyPage from "@/app/(app)/departments/[slug]/resources/efficiencies/new/page";
import { fundingProgrammes } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { countQueries, type DemoAccount, demoUsers, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", async () => {
  const mock = await import("../support/mocks/current-user");
  return { ...mock, requireUser: async () => (await mock.getCurrentUser())! };
});
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { notFound: true });
  },
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { redirectTo: to });
  },
  useRouter: () => ({ refresh: () => undefined, push: () => undefined }),
}));

const { db } = setUpTestDb();
const users = {} as Record<DemoAccount, SessionUser>;
const now = new Date();
const pad = (n: number) => String(n).padStart(2, "0");
const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
const lastMonth = `${last.getFullYear()}-${pad(last.getMonth() + 1)}`;
const thisMonth = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
});
beforeEach(() => {
  session.user = null;
});

async function render(who: DemoAccount, page: () => Promise<React.ReactElement>): Promise<string> {
  session.user = users[who];
  try {
    return renderToStaticMarkup(await page());
  } finally {
    session.user = null;
  }
}

const monthPage = (slug: string, month?: string) => () => MonthlyReturnPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(month ? { month } : {}) });
const saveButtons = (html: string) => html.match(/>Save<span class="sr-only">/g)?.length ?? 0;

// The demo's lines are in the current year: in January, the last completed month is in the year before.
const inPlanYear = last.getFullYear() === now.getFullYear();

describe("the monthly resource return page", () => {
  it.runIf(inPlanYear)("gives the M&D lead forms for M&D's rows only, and the SLT forms for every row", async () => {
    const lead = await render("leadMd", monthPage("coo", lastMonth));
    if (process.env.DUMP_HTML) console.info(lead);
    expect(lead).toContain("Monthly resource return");
    expect(lead).toContain("Service areas: net revenue expenditure");
    expect(lead).toContain("Government Plan growth");
    expect(lead).toContain("Capital programme");
    expect(lead).toContain("Efficiencies");
    expect(lead).toContain("Read only:");
    expect(lead).not.toContain("Edit the definition");
    const slt = await render("sltCoo", monthPage("coo", lastMonth));
    expect(slt).not.toContain("Read only:");
    expect(slt).toContain("Edit the definition");
    expect(saveButtons(slt)).toBeGreaterThan(saveButtons(lead));
    expect(saveButtons(lead)).toBeGreaterThan(0);
    // Demo: 4 service areas, 15 funding lines, 13 efficiencies.
    expect(saveButtons(slt)).toBe(4 + 15 + 13);
  });

  it("is read-only for a viewer, and not found for another department's SLT", async () => {
    const viewer = await render("viewer", monthPage("coo", lastMonth));
    expect(saveButtons(viewer)).toBe(0);
    await expect(render("sltCls", monthPage("coo", lastMonth))).rejects.toMatchObject({ notFound: true });
    await expect(render("admin", monthPage("nowhere", lastMonth))).rejects.toMatchObject({ notFound: true });
  });

  it("refuses a month not yet ended and shows the last completed month", async () => {
    const html = await render("sltCoo", monthPage("coo", thisMonth));
    expect(html).toContain("has not ended yet");
    expect(html).toContain(`value="${lastMonth}"`);
  });

  it("costs the same few queries whatever the department holds", async () => {
    session.user = users.sltCoo;
    const queries = await countQueries(monthPage("coo", lastMonth));
    session.user = null;
    expect(queries).toBeLessThanOrEqual(8);
  });
});

describe("the people month page", () => {
  it.runIf(inPlanYear)("gives the lead the form of their own unit", async () => {
    const html = await render("leadMd", () => WorkforceMonthPage({ params: Promise.resolve({ slug: "coo" }), searchParams: Promise.resolve({ month: lastMonth }) }));
    expect(html).toContain("People: monthly figures");
    // One form for M&D (other test files may add units below M&D while this runs, each with its own form).
    expect(saveButtons(html)).toBeGreaterThanOrEqual(1);
    expect(html).toContain("FTE establishment");
  });
});

describe("the definition pages", () => {
  it("are for the department's SLT: others and unknown ids are not found alike", async () => {
    const [line] = await db.select({ id: fundingProgrammes.id }).from(fundingProgrammes).limit(1);
    const edit = (slug: string, id: string) => () => EditFundingLinePage({ params: Promise.resolve({ slug, id }), searchParams: Promise.resolve({}) });
    const html = await render("sltCoo", edit("coo", String(line!.id)));
    if (process.env.DUMP_HTML) console.info(html);
    expect(html).toContain("Edit a funding line");
    expect(html).toContain("Initiatives it funds");
    await expect(render("leadMd", edit("coo", String(line!.id)))).rejects.toMatchObject({ notFound: true });
    await expect(render("sltCoo", edit("coo", "999999999"))).rejects.toMatchObject({ notFound: true });
    await expect(render("sltCoo", edit("coo", "abc"))).rejects.toMatchObject({ notFound: true });
    await expect(render("admin", edit("cls", String(line!.id)))).rejects.toMatchObject({ notFound: true });
    const add = await render("admin", () => NewEfficiencyPage({ params: Promise.resolve({ slug: "coo" }) }));
    expect(add).toContain("Add an efficiency");
  });
});
