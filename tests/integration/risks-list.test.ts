import { inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits, riskReviews, risks } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { listViewableDepartments } from "@/lib/org/queries";
import { PAGE_SIZE } from "@/lib/paging/page";
import { DEFAULT_FILTERS, parseRiskFilters, RISK_SORTS, type RiskFilters } from "@/lib/risks/filters";
import { getRiskHeatMap, HEAT_MAP_RISKS_PER_CELL, listHeatMapRisks, listRisks, type RiskListRow } from "@/lib/risks/queries";
import { DEFAULT_RISK_BANDS } from "@/lib/risks/scoring";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

/*
 * The risk register pages on the server: 50 rows at most, the total of every matching risk, pages
 * that join up into the unpaged order for every sort, search with literal wildcards, scope, and one
 * statement whatever the number of risks.
 */
const { db } = setUpTestDb();
const bands = DEFAULT_RISK_BANDS;
const users: Record<"sltCls" | "leadMd" | "viewer" | "admin", SessionUser> = {} as never;
const unitIds: Record<string, number> = {};
const PREFIX = "LISTRISK-";

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds[u.slug] = u.id;
  // 130 risks of our own in M&D (COO): three pages and some, with ties in every sort key.
  const rows = await db
    .insert(risks)
    .values(
      Array.from({ length: 130 }, (_, i) => ({
        ref: `${PREFIX}${String(i).padStart(3, "0")}`,
        unitId: unitIds.md!,
        title: i === 7 ? "Budget 50%_cut" : i === 8 ? "Budget 50 cut" : `List risk ${["alpha", "beta", "gamma"][i % 3]}`,
        cause: "A cause",
        event: "An event",
        impact: "An impact",
        category: "Operational",
        ownerName: `Owner ${i % 4}`,
        inherentLikelihood: 5,
        inherentImpact: 5,
        residualLikelihood: 1 + (i % 5),
        residualImpact: 1 + (i % 3),
        appetiteScore: 6,
        status: i % 10 === 0 ? ("closed" as const) : ("open" as const),
        lastReviewedAt: i % 6 === 0 ? null : new Date(Date.UTC(2025, i % 12, 1 + (i % 5))),
      })),
    )
    .returning({ id: risks.id });
  // A review dated later than the risk's own stamp for some: "last reviewed" takes the later.
  await db.insert(riskReviews).values(rows.filter((_, i) => i % 9 === 1).map((r) => ({ riskId: r.id, reviewedOn: "2025-12-20", residualLikelihood: 2, residualImpact: 2 })));
});

afterAll(async () => {
  await db.delete(risks).where(like(risks.ref, `${PREFIX}%`));
});

const ours = (over: Partial<RiskFilters> = {}): RiskFilters => ({ ...DEFAULT_FILTERS, q: PREFIX, status: "all", ...over });
const everything = async (user: SessionUser, f: RiskFilters) => (await listRisks(user, f, bands, 100_000)).rows;

/** Every page of the list, one after the other. */
async function allPages(user: SessionUser, f: RiskFilters): Promise<RiskListRow[]> {
  const first = await listRisks(user, { ...f, page: 1 }, bands);
  const out = [...first.rows];
  for (let page = 2; page <= first.window.pages; page++) out.push(...(await listRisks(user, { ...f, page }, bands)).rows);
  return out;
}

describe("risk register paging", () => {
  it("shows at most 50 rows with the total of every matching risk, and the above-appetite count of them all", async () => {
    const unpaged = await everything(users.viewer, ours());
    expect(unpaged).toHaveLength(130);
    const page = await listRisks(users.viewer, ours(), bands);
    expect(page.rows).toHaveLength(PAGE_SIZE);
    expect(page.window).toMatchObject({ total: 130, pages: 3, page: 1, from: 1, to: 50 });
    expect(page.aboveNotEscalated).toBe(unpaged.filter((r) => r.aboveAppetite && !r.escalated).length);
    const last = await listRisks(users.viewer, ours({ page: 3 }), bands);
    expect(last.rows).toHaveLength(30);
    expect(last.window).toMatchObject({ page: 3, from: 101, to: 130 });
    // A page past the end shows the last page.
    const past = await listRisks(users.viewer, ours({ page: 99 }), bands);
    expect(past.window.page).toBe(3);
    expect(past.rows.map((r) => r.id)).toEqual(last.rows.map((r) => r.id));
    // Nothing matching: no rows, a total of 0, page 1.
    const none = await listRisks(users.viewer, ours({ q: "no risk is called this" }), bands);
    expect(none).toMatchObject({ rows: [], aboveNotEscalated: 0, window: { total: 0, page: 1, pages: 1 } });
  });

  it("joins its pages up into the unpaged order, for every sort and direction, with no row twice", async () => {
    for (const sort of RISK_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const f = ours({ sort, dir });
        const paged = (await allPages(users.viewer, f)).map((r) => r.id);
        const unpaged = (await everything(users.viewer, f)).map((r) => r.id);
        expect(paged, `${sort} ${dir}`).toEqual(unpaged);
        expect(new Set(paged).size).toBe(130);
      }
    }
  });

  it("sorts as asked", async () => {
    const refs = (await everything(users.viewer, ours({ sort: "ref", dir: "desc" }))).map((r) => r.ref);
    expect(refs).toEqual([...refs].sort().reverse());
    // By rating: open first, then above appetite, then the residual score, highest first.
    const rated = await everything(users.viewer, ours());
    const key = (r: RiskListRow) => [r.status === "open" ? 1 : 0, r.aboveAppetite ? 1 : 0, r.residual.score];
    for (let i = 1; i < rated.length; i++) {
      const [a, b] = [key(rated[i - 1]!), key(rated[i]!)];
      const cmp = a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
      expect(cmp, `${rated[i - 1]!.ref} before ${rated[i]!.ref}`).toBeGreaterThanOrEqual(0);
    }
    // By last review, oldest first: never reviewed first, then by date.
    const reviewed = await everything(users.viewer, ours({ sort: "reviewed", dir: "asc" }));
    const never = reviewed.filter((r) => r.lastReviewedAt === null).length;
    expect(never).toBeGreaterThan(0);
    expect(reviewed.slice(0, never).every((r) => r.lastReviewedAt === null)).toBe(true);
    const times = reviewed.slice(never).map((r) => r.lastReviewedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The review dated after the risk's own stamp counts.
    expect(times.at(-1)).toBe(new Date("2025-12-20T00:00:00Z").getTime());
    const owners = (await everything(users.viewer, ours({ sort: "owner", dir: "asc" }))).map((r) => r.ownerName);
    expect(owners).toEqual([...owners].sort());
  });

  it("searches the reference and title, case aside, with % and _ taken literally", async () => {
    const titles = async (q: string) => (await everything(users.viewer, ours({ q }))).map((r) => r.title);
    expect(await titles("budget 50%_")).toEqual(["Budget 50%_cut"]);
    expect(await titles("50%")).toEqual(["Budget 50%_cut"]);
    expect((await titles("get 50")).sort()).toEqual(["Budget 50 cut", "Budget 50%_cut"]);
    // "50" is also in the reference LISTRISK-050.
    // Other test files add risks concurrently (their random references may contain "50"): every
    // match must contain it, and ours are exactly these three.
    const fifty = await everything(users.viewer, ours({ q: "50" }));
    expect(fifty.every((r) => `${r.ref} ${r.title}`.includes("50"))).toBe(true);
    expect(fifty.map((r) => r.ref).filter((ref) => ref.startsWith(PREFIX)).sort()).toEqual([`${PREFIX}007`, `${PREFIX}008`, `${PREFIX}050`]);
    expect(await everything(users.viewer, ours({ q: "listrisk-007" }))).toHaveLength(1);
    // Other filters combine with the search; status open leaves out the closed tenth.
    expect(await everything(users.viewer, ours({ status: "open" }))).toHaveLength(117);
    const gamma = await everything(users.viewer, { ...DEFAULT_FILTERS, q: "list risk gamma", status: "all", unit: unitIds.md! });
    expect(gamma.length).toBeGreaterThan(0);
    expect(gamma.every((r) => r.title === "List risk gamma" && r.unitId === unitIds.md)).toBe(true);
  });

  it("agrees with the heat map under a search (a cell's link carries the search)", async () => {
    const f = ours({ status: "open" });
    const cells = await getRiskHeatMap(users.viewer, f, bands);
    expect(cells.reduce((n, c) => n + c.count, 0)).toBe(117);
    for (const c of cells) {
      expect((await listRisks(users.viewer, { ...f, likelihood: c.likelihood, impact: c.impact }, bands)).window.total).toBe(c.count);
    }
  });

  it("lists each heat map cell's first risks under it, with the cell's count, in one statement (issue 19)", async () => {
    for (const rating of ["residual", "inherent"] as const) {
      const f = ours({ status: "open", rating });
      const counts = await getRiskHeatMap(users.viewer, f, bands);
      const cells = await listHeatMapRisks(users.viewer, f, bands);
      // The same cells with the same counts as the map, highest score first.
      expect(cells.map((c) => [c.likelihood, c.impact, c.count]).sort()).toEqual(counts.map((c) => [c.likelihood, c.impact, c.count]).sort());
      const scores = cells.map((c) => c.likelihood * c.impact);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const c of cells) {
        // At most five a cell: the first by the list's order within a cell (above appetite first, then the reference).
        const inCell = await everything(users.viewer, { ...f, likelihood: c.likelihood, impact: c.impact, sort: "ref", dir: "asc" });
        const expected = [...inCell.filter((r) => r.aboveAppetite), ...inCell.filter((r) => !r.aboveAppetite)].slice(0, HEAT_MAP_RISKS_PER_CELL);
        expect(c.risks.map((r) => r.ref), `${rating} L${c.likelihood} I${c.impact}`).toEqual(expected.map((r) => r.ref));
        expect(c.risks[0]).toMatchObject({ unitName: "Modernisation and Digital", departmentShortName: expected[0]!.departmentShortName, ownerName: expected[0]!.ownerName });
      }
    }
    // 117 open risks of ours over 15 residual cells: most cells are cut to five.
    const cut = await listHeatMapRisks(users.viewer, ours({ status: "open" }), bands);
    expect(cut.reduce((n, c) => n + c.count, 0)).toBe(117);
    expect(cut.every((c) => c.risks.length === Math.min(c.count, HEAT_MAP_RISKS_PER_CELL))).toBe(true);
    expect(cut.filter((c) => c.count > HEAT_MAP_RISKS_PER_CELL).length).toBeGreaterThan(0);
    expect(await countQueries(() => listHeatMapRisks(users.viewer, ours(), bands))).toBe(1);
    // Scoped as the map: the SLT of CLS sees none of our COO risks.
    expect(await listHeatMapRisks(users.sltCls, ours(), bands)).toEqual([]);
  });

  it("scopes: SLT and leads see only their department, whatever the filters ask", async () => {
    const cls = await everything(users.sltCls, { ...DEFAULT_FILTERS, status: "all" });
    expect(cls.length).toBeGreaterThan(0);
    expect(cls.every((r) => r.departmentSlug === "cls")).toBe(true);
    expect(cls.map((r) => r.id)).toEqual((await everything(users.viewer, { ...DEFAULT_FILTERS, status: "all", department: "cls" })).map((r) => r.id));
    // Our COO risks are invisible to CLS, even searched for or asked for by department.
    expect((await listRisks(users.sltCls, ours(), bands)).window.total).toBe(0);
    expect((await listRisks(users.sltCls, ours({ department: "coo" }), bands)).window.total).toBe(0);
    expect((await listRisks(users.leadMd, ours(), bands)).window.total).toBe(130);
    expect((await listViewableDepartments(users.sltCls)).map((d) => d.slug)).toEqual(["cls"]);
    expect((await listViewableDepartments(users.admin)).map((d) => d.slug).sort()).toEqual(["cls", "coo"]);
  });

  it("reads a page in one statement, whatever the number of risks or the page", async () => {
    const one = await countQueries(() => listRisks(users.viewer, ours(), bands));
    expect(one).toBe(1);
    expect(await countQueries(() => listRisks(users.viewer, ours({ page: 3, sort: "reviewed" }), bands))).toBe(one);
    expect(await countQueries(() => listRisks(users.viewer, ours({ page: 99 }), bands))).toBe(one);
    expect(await countQueries(() => listRisks(users.viewer, ours({ q: "nothing like this" }), bands))).toBe(one);
    expect(await countQueries(() => listRisks(users.viewer, DEFAULT_FILTERS, bands))).toBe(one);
  });

  it("ignores malformed URL state instead of failing", async () => {
    const f = parseRiskFilters({ page: "abc", sort: "score; drop table risks", dir: "up", q: ["LISTRISK-00", "x"], department: "../coo", band: "huge" });
    expect(f).toEqual({ ...DEFAULT_FILTERS, q: "LISTRISK-00" });
    const page = await listRisks(users.viewer, { ...f, status: "all" }, bands);
    expect(page.window.total).toBe(10);
    const ids = (await db.select({ id: risks.id }).from(risks).where(like(risks.ref, `${PREFIX}00%`))).map((r) => r.id);
    expect(page.rows.map((r) => r.id).sort()).toEqual(ids.sort());
    expect(await db.select({ id: risks.id }).from(risks).where(inArray(risks.id, ids))).toHaveLength(10);
  });
});
