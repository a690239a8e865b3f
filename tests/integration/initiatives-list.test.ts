import { inArray, like } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import InitiativesPage from "@/app/(app)/initiatives/page";
import { initiatives, initiativeUpdates, milestones, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { INITIATIVE_TYPES, type Rag } from "@/lib/enums";
import { INITIATIVE_SORTS, initiativeListParams, SORT_DIRECTIONS, type InitiativeSort, type SortDirection } from "@/lib/initiatives/list-params";
import {
  listInitiativeFilterOptions,
  listInitiatives,
  type InitiativeFilters,
  type InitiativeListRow,
} from "@/lib/initiatives/queries";
import { PAGE_SIZE } from "@/lib/paging/page";
import { containsPattern, SEARCH_MAX } from "@/lib/paging/search";
import { countQueries, type DemoAccount, demoUsers, session, setUpTestDb } from "../support/harness";

// The page asks requireUser(): here it is the session's user, like getCurrentUser().
vi.mock("@/lib/auth/current-user", async () => {
  const mock = await import("../support/mocks/current-user");
  return { ...mock, requireUser: async () => (await mock.getCurrentUser())! };
});

/*
 * The /initiatives list pages in SQL: 120 initiatives of the COO (M&D and P&CS) and 3 of CLS, all
 * with the CSP reference prefix TAG, with every combination of RAG history, milestones and target
 * date that the filters and sorts read. Each test narrows the list to them with `q: TAG`.
 */
const { db } = setUpTestDb();
const TAG = "LISTTEST";
const now = new Date();
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = iso(now);
const year = now.getFullYear();
const thisMonth = `${today.slice(0, 7)}-01`;
const lastMonth = iso(new Date(year, now.getMonth() - 1, 1));
const nextMonth = iso(new Date(year, now.getMonth() + 1, 1));
const COO_ROWS = 120;

const users = {} as Record<DemoAccount, SessionUser>;
const unit: Record<string, number> = {};

const all = (u: SessionUser, f: InitiativeFilters, sort: InitiativeSort = "unit", dir: SortDirection = "asc") =>
  listInitiatives(u, f, { sort, dir, page: 1, size: 100_000 }, today);

/** Every page of the list, one after the other, as the Next links would walk it. */
async function walk(u: SessionUser, f: InitiativeFilters, sort: InitiativeSort, dir: SortDirection) {
  const first = await listInitiatives(u, f, { sort, dir, page: 1 }, today);
  const rows = [...first.rows];
  for (let page = 2; page <= first.window.pages; page++) rows.push(...(await listInitiatives(u, f, { sort, dir, page }, today)).rows);
  return { rows, total: first.window.total };
}

const RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
const KEY: Record<Exclude<InitiativeSort, "unit">, (r: InitiativeListRow) => string | number | null> = {
  ref: (r) => r.cspRef,
  title: (r) => r.title,
  rag: (r) => (r.rag ? RANK[r.rag] : null),
  next: (r) => r.nextMilestone?.expected ?? null,
  target: (r) => r.targetDate,
  updated: (r) => r.lastUpdate,
};

/** The list's order written out in TypeScript: the key (nulls last either way), then CSP reference and id. */
function reference(rows: InitiativeListRow[], sort: Exclude<InitiativeSort, "unit">, dir: SortDirection) {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => {
    const ka = KEY[sort](a);
    const kb = KEY[sort](b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return dir === "asc" ? cmp(ka, kb) : cmp(kb, ka);
    }
    return cmp(a.cspRef, b.cspRef) || a.id - b.id;
  });
}

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unit[u.slug] = u.id;
  await db.delete(initiatives).where(like(initiatives.cspRef, `${TAG}%`));

  // Three initiatives share each CSP reference, so that the tie-break on id is exercised.
  const titles = (n: number) => (n === 7 ? "Pay 50% of invoices on time" : n === 8 ? "Pay 50 invoices" : n === 9 ? "Rename under_score files" : `List item ${pad(n, 3)}`);
  const coo = await db
    .insert(initiatives)
    .values(
      Array.from({ length: COO_ROWS }, (_, n) => ({
        cspRef: `${TAG}-${pad(n % 40)}`,
        title: titles(n),
        leadUnitId: n % 2 ? unit.md! : unit.pcs!,
        type: INITIATIVE_TYPES[n % 3]!,
        targetDate: n % 7 === 0 ? null : `${year + 1}-${pad((n % 12) + 1)}-${pad((n % 27) + 1)}`,
      })),
    )
    .returning({ id: initiatives.id });
  const cls = await db
    .insert(initiatives)
    .values([0, 1, 2].map((n) => ({ cspRef: `${TAG}-CLS-${n}`, title: `CLS item ${n}`, leadUnitId: unit["cls-customer-services"]!, type: "project" as const })))
    .returning({ id: initiatives.id });

  // RAG as at today: none, green, amber or red this month (over amber last month); every tenth has a
  // red update for next month as well, which as at today does not count yet.
  const rags = [null, "green", "amber", "red"] as const;
  const updates: (typeof initiativeUpdates.$inferInsert)[] = [];
  coo.forEach(({ id }, n) => {
    const rag = rags[n % 4];
    if (!rag) return;
    updates.push({ initiativeId: id, period: lastMonth, rag: "amber", reason: "Earlier" });
    updates.push({ initiativeId: id, period: thisMonth, rag, reason: rag === "green" ? null : "Late supplier" });
    if (n % 10 === 5) updates.push({ initiativeId: id, period: nextMonth, rag: "red", reason: "Not yet" });
  });
  await db.insert(initiativeUpdates).values(updates);

  // Milestones: overdue ones (planned last year, no actual date), future ones, achieved and cancelled ones.
  const ms: (typeof milestones.$inferInsert)[] = [];
  [...coo, ...cls].forEach(({ id }, n) => {
    if (n % 3 === 0) ms.push({ initiativeId: id, title: `Overdue ${n}`, plannedDate: `${year - 1}-${pad((n % 12) + 1)}-10`, status: "planned" });
    if (n % 5 === 0) ms.push({ initiativeId: id, title: `Also overdue ${n}`, plannedDate: `${year - 1}-01-05`, status: "planned" });
    if (n % 3 === 1) ms.push({ initiativeId: id, title: `Future ${n}`, plannedDate: `${year + 1}-${pad((n % 12) + 1)}-${pad((n % 27) + 1)}`, status: "planned" });
    if (n % 4 === 2) {
      ms.push({ initiativeId: id, title: `Done ${n}`, plannedDate: `${year - 1}-03-01`, actualDate: `${year - 1}-03-02`, status: "achieved" });
      ms.push({ initiativeId: id, title: `Dropped ${n}`, plannedDate: `${year - 1}-04-01`, status: "cancelled" });
    }
  });
  await db.insert(milestones).values(ms);
});

afterAll(async () => {
  await db.delete(initiatives).where(like(initiatives.cspRef, `${TAG}%`));
});

describe("the initiatives list, paged in SQL", () => {
  it("shows at most a page of rows and counts the whole filtered set", async () => {
    const first = await listInitiatives(users.sltCoo, { q: TAG }, { sort: "ref", dir: "asc", page: 1 }, today);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.window).toMatchObject({ total: COO_ROWS, pages: 3, page: 1, from: 1, to: 50 });
    const last = await listInitiatives(users.sltCoo, { q: TAG }, { sort: "ref", dir: "asc", page: 3 }, today);
    expect(last.rows).toHaveLength(COO_ROWS - 2 * PAGE_SIZE);
    // A page past the end shows the last page.
    const past = await listInitiatives(users.sltCoo, { q: TAG }, { sort: "ref", dir: "asc", page: 99 }, today);
    expect(past.window.page).toBe(3);
    expect(past.rows.map((r) => r.id)).toEqual(last.rows.map((r) => r.id));
    // Nothing matches: one empty page.
    const none = await listInitiatives(users.sltCoo, { q: `${TAG}-none` }, { sort: "ref", dir: "asc", page: 2 }, today);
    expect(none.rows).toEqual([]);
    expect(none.window).toMatchObject({ total: 0, pages: 1, page: 1 });
  });

  it("computes the figures as at today: RAG from the latest update not after today, overdue milestones, next milestone", async () => {
    const { rows } = await all(users.sltCoo, { q: TAG }, "ref");
    const byTitle = new Map(rows.map((r) => [r.title, r]));
    const n5 = byTitle.get("List item 005")!; // green this month, red next month: green today
    expect(n5).toMatchObject({ rag: "green", lastUpdate: thisMonth });
    const n0 = byTitle.get("List item 000")!;
    expect(n0).toMatchObject({ rag: null, lastUpdate: null, overdueCount: 2 });
    expect(n0.nextMilestone).toMatchObject({ title: "Also overdue 0", overdue: true });
    const n15 = byTitle.get("List item 015")!;
    expect(n15).toMatchObject({ rag: "red", overdueCount: 2 });
    expect(byTitle.get("List item 004")).toMatchObject({ rag: null, overdueCount: 0, nextMilestone: { title: "Future 4", overdue: false } });
    expect(byTitle.get("List item 002")).toMatchObject({ rag: "amber", overdueCount: 0, nextMilestone: null });
    // A next-month red update does not make it red today.
    expect(rows.filter((r) => r.rag === "red")).toHaveLength(COO_ROWS / 4);
  });

  it("gives, for every sort, direction and filter, pages that add up to the unpaged list in the order written out in TypeScript", async () => {
    const everything = (await all(users.sltCoo, { q: TAG })).rows;
    expect(everything).toHaveLength(COO_ROWS);
    const filters: [InitiativeFilters, (r: InitiativeListRow) => boolean][] = [
      [{ q: TAG }, () => true],
      [{ q: TAG, rag: "red" }, (r) => r.rag === "red"],
      [{ q: TAG, overdue: true }, (r) => r.overdueCount > 0],
      [{ q: TAG, rag: "none", type: "project" }, (r) => r.rag === null && r.type === "project"],
      [{ q: TAG, unitId: unit.md, overdue: true, rag: "red" }, (r) => r.unitName === "Modernisation and Digital" && r.overdueCount > 0 && r.rag === "red"],
    ];
    for (const [f, keep] of filters) {
      const expected = everything.filter(keep);
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      for (const sort of INITIATIVE_SORTS) {
        for (const dir of SORT_DIRECTIONS) {
          const label = `${JSON.stringify(f)} ${sort} ${dir}`;
          const paged = await walk(users.sltCoo, f, sort, dir);
          const unpaged = (await all(users.sltCoo, f, sort, dir)).rows;
          expect(paged.total, label).toBe(expected.length);
          expect(paged.rows.map((r) => r.id), label).toEqual(unpaged.map((r) => r.id));
          expect(new Set(unpaged.map((r) => r.id)), label).toEqual(new Set(expected.map((r) => r.id)));
          if (sort !== "unit") expect(unpaged.map((r) => r.id), label).toEqual(reference(expected, sort, dir).map((r) => r.id));
        }
      }
    }
  });

  it("sorts by lead unit within the department: P&CS and M&D in the tree's order, CSP reference within each", async () => {
    const { rows } = await all(users.sltCoo, { q: TAG }, "unit");
    const [first] = (await db.select({ name: orgUnits.name, sortOrder: orgUnits.sortOrder }).from(orgUnits).where(inArray(orgUnits.slug, ["pcs", "md"]))).sort(
      (a, b) => a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : 1),
    );
    const firstUnit = first!.name;
    const switchAt = rows.findIndex((r) => r.unitName !== firstUnit);
    expect(switchAt).toBe(COO_ROWS / 2);
    expect(rows.slice(switchAt).every((r) => r.unitName !== firstUnit)).toBe(true);
  });

  it("searches the CSP reference and title as text: % and _ match only themselves", async () => {
    const titles = async (q: string) => (await all(users.sltCoo, { q: `${q}` })).rows.filter((r) => r.cspRef.startsWith(TAG)).map((r) => r.title);
    expect(await titles("50%")).toEqual(["Pay 50% of invoices on time"]);
    expect(await titles("pay 50")).toEqual(expect.arrayContaining(["Pay 50% of invoices on time", "Pay 50 invoices"]));
    expect(await titles("under_score")).toEqual(["Rename under_score files"]);
    expect(await titles("t_i")).toEqual([]); // unescaped, "_" would match the space of "List item"
    expect((await all(users.sltCoo, { q: `${TAG.toLowerCase()}-0` })).window.total).toBe(30);
    expect(containsPattern("a\\b%c_d")).toBe("%a\\\\b\\%c\\_d%");
  });

  it("keeps to the user's department: SLT and lead see their own, the viewer every one, whatever the filters ask", async () => {
    expect((await all(users.sltCoo, { q: TAG })).window.total).toBe(COO_ROWS);
    expect((await all(users.leadMd, { q: TAG })).window.total).toBe(COO_ROWS);
    expect((await all(users.sltCls, { q: TAG })).rows.map((r) => r.title).sort()).toEqual(["CLS item 0", "CLS item 1", "CLS item 2"]);
    expect((await all(users.viewer, { q: TAG })).window.total).toBe(COO_ROWS + 3);
    expect((await all(users.sltCoo, { q: TAG, department: "cls" })).window.total).toBe(0);
    expect((await all(users.sltCls, { q: TAG, unitId: unit.md })).window.total).toBe(0);
    expect((await all(users.viewer, { q: TAG, department: "cls" })).window.total).toBe(3);
  });

  it("sends the same number of queries whatever the number of initiatives, filters or sort", async () => {
    const ask = (f: InitiativeFilters, sort: InitiativeSort) => () => listInitiatives(users.sltCoo, f, { sort, dir: "desc", page: 1 }, today);
    const plain = await countQueries(ask({ q: TAG }, "unit"));
    const heavy = await countQueries(ask({ q: TAG, overdue: true, rag: "red" }, "next"));
    expect(plain).toBe(2);
    expect(heavy).toBe(plain);
    const extra = await db
      .insert(initiatives)
      .values(Array.from({ length: 60 }, (_, n) => ({ cspRef: `${TAG}-X${pad(n)}`, title: `Extra ${n}`, leadUnitId: unit.md!, type: "bau" as const })))
      .returning({ id: initiatives.id });
    await db.insert(milestones).values(extra.map((e) => ({ initiativeId: e.id, title: "Late", plannedDate: `${year - 1}-06-01`, status: "planned" as const })));
    expect(await countQueries(ask({ q: TAG }, "unit"))).toBe(plain);
    expect(await countQueries(ask({ q: TAG, overdue: true }, "rag"))).toBe(plain);
    expect((await all(users.sltCoo, { q: TAG })).window.total).toBe(COO_ROWS + 60);
    await db.delete(initiatives).where(inArray(initiatives.id, extra.map((e) => e.id)));
  });
});

describe("the list's URL state and filter options", () => {
  it("ignores malformed parameters instead of failing", () => {
    const defaults = { department: null, unitId: null, type: null, rag: null, overdue: false, q: "", sort: "unit", dir: "asc", page: 1 };
    expect(initiativeListParams({})).toEqual(defaults);
    expect(
      initiativeListParams({
        department: "../COO;drop",
        unit: "99999999999",
        type: "everything",
        rag: "purple",
        overdue: "yes",
        sort: "id; drop table initiatives",
        dir: "sideways",
        page: "-3",
      }),
    ).toEqual(defaults);
    expect(initiativeListParams({ unit: "0" }).unitId).toBeNull();
    expect(initiativeListParams({ unit: "12abc" }).unitId).toBeNull();
    expect(initiativeListParams({ q: `  50%   done ${"x".repeat(300)}` }).q).toHaveLength(SEARCH_MAX);
    expect(initiativeListParams({ q: ["  a  b ", "c"] }).q).toBe("a b");
    expect(
      initiativeListParams({ department: "coo", unit: "12", type: "bau", rag: "none", overdue: "1", q: "tom", sort: "next", dir: "desc", page: "4" }),
    ).toEqual({ department: "coo", unitId: 12, type: "bau", rag: "none", overdue: true, q: "tom", sort: "next", dir: "desc", page: 4 });
  });

  it("lists units for one department at a time: the one chosen, the chosen unit's, or the user's only one", async () => {
    const admin = await listInitiativeFilterOptions(users.admin, null, null);
    expect(admin.departments.map((d) => d.slug)).toEqual(expect.arrayContaining(["coo", "cls"]));
    expect(admin).toMatchObject({ department: null, units: [] });

    const coo = await listInitiativeFilterOptions(users.admin, "coo", null);
    expect(coo.department).toBe("coo");
    expect(coo.units.map((u) => u.id)).toEqual(expect.arrayContaining([unit.md, unit.pcs]));
    expect(coo.units.some((u) => u.id === unit.coo || u.id === unit["cls-customer-services"])).toBe(false);

    expect((await listInitiativeFilterOptions(users.admin, null, unit.md!)).department).toBe("coo");
    expect(await listInitiativeFilterOptions(users.admin, "no-such-department", null)).toMatchObject({ department: null, units: [] });

    const slt = await listInitiativeFilterOptions(users.sltCoo, null, null);
    expect(slt.departments.map((d) => d.slug)).toEqual(["coo"]);
    expect(slt.department).toBe("coo");
    expect(slt.units.length).toBeGreaterThan(0);
    // Another department's slug or unit gives nothing to a user scoped to one.
    expect(await listInitiativeFilterOptions(users.sltCoo, "cls", null)).toMatchObject({ department: null, units: [] });
    expect(await listInitiativeFilterOptions(users.sltCoo, null, unit["cls-customer-services"]!)).toMatchObject({ department: null, units: [] });
  });
});

describe("the /initiatives page", () => {
  const render = async (who: DemoAccount, params: Record<string, string>) => {
    session.user = users[who];
    return renderToStaticMarkup(await InitiativesPage({ searchParams: Promise.resolve(params) }));
  };
  const links = (html: string) => new Set([...html.matchAll(/href="\/initiatives\/(\d+)"/g)].map((m) => m[1]));

  it("shows one page with its summary, sort headers and pagination that keep the filters", async () => {
    const html = await render("sltCoo", { q: TAG, sort: "target", dir: "desc", page: "2" });
    expect(links(html).size).toBe(PAGE_SIZE);
    expect(html).toContain(`${COO_ROWS} initiatives match the filters: showing 51–100.`);
    // The sorted column says so; its link sorts the other way (ascending is the default, left out).
    expect(html).toMatch(/<th [^>]*aria-sort="descending"><a [^>]*href="\/initiatives\?q=LISTTEST&amp;sort=target"/);
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Initiatives pages"');
    expect(html).toContain('href="/initiatives?q=LISTTEST&amp;sort=target&amp;dir=desc&amp;page=3"');
    expect(html).toContain('href="/initiatives?q=LISTTEST&amp;sort=target&amp;dir=desc"');
    // One department: its units are offered without choosing it.
    expect(html).not.toContain("Choose a department first");
  });

  it("asks a user who sees several departments to choose one before listing units, and ignores a bad page", async () => {
    const html = await render("viewer", { q: TAG, page: "abc", sort: "nonsense" });
    expect(html).toContain("Choose a department first");
    expect(html).toMatch(/<select[^>]*name="unit"[^>]*disabled/);
    expect(links(html).size).toBe(PAGE_SIZE);
    const coo = await render("viewer", { q: TAG, department: "coo", unit: String(unit.md) });
    expect(coo).toContain(`<option value="${unit.md}" selected="">`);
    expect(coo).toContain(`${COO_ROWS / 2} initiatives match the filters: showing 1–50.`);
  });
});
