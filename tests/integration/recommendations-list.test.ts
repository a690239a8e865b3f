import { format } from "date-fns";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits, recommendations } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { PAGE_SIZE } from "@/lib/paging/page";
import { listRecommendations, type RecommendationRow } from "@/lib/recommendations/queries";
import { addDays, isDueSoon, isOverdue, RECOMMENDATION_STATUSES } from "@/lib/recommendations/rules";
import { parseFilters, RECOMMENDATION_SORTS, RECOMMENDATION_VIEWS, type RecommendationFilters } from "@/lib/validation/recommendation";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

/*
 * The recommendations tracker pages on the server: 50 rows at most, the count of each view from one
 * aggregate, pages that join up into the unpaged order for every sort and view, search with literal
 * wildcards, scope, and one statement whatever the number of recommendations.
 */
const { db } = setUpTestDb();
const today = format(new Date(), "yyyy-MM-dd");
const users: Record<"sltCls" | "sltCoo" | "leadCls" | "viewer", SessionUser> = {} as never;
const PREFIX = "LISTREC-";
const STATUSES = ["open", "in_progress", "implemented", "closed", "open"] as const;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  const unitId = units.find((u) => u.slug === "cls-customer-services")!.id;
  // 120 of our own in CLS: overdue, due soon, later and undated ones, in every status, with ties.
  await db.insert(recommendations).values(
    Array.from({ length: 120 }, (_, i) => ({
      ref: `${PREFIX}${String(i).padStart(3, "0")}`,
      source: (["cag", "pac", "internal_audit"] as const)[i % 3]!,
      reportTitle: i === 5 ? "Report on 50%_savings" : "List test report",
      unitId,
      text: i === 6 ? "Cut costs by 50 per cent." : `Recommendation number ${i} of the list test.`,
      acceptance: "accepted" as const,
      response: "Agreed.",
      ownerName: "List owner",
      targetDate: i % 8 === 0 ? null : addDays(today, (i % 7) * 20 - 60),
      status: STATUSES[i % STATUSES.length]!,
    })),
  );
});

afterAll(async () => {
  await db.delete(recommendations).where(like(recommendations.ref, `${PREFIX}%`));
});

const ours = (over: Partial<RecommendationFilters> = {}): RecommendationFilters => ({ ...parseFilters({}), q: PREFIX, ...over });
const everything = (user: SessionUser, f: RecommendationFilters) => listRecommendations(user, f, today, 100_000);

async function allPages(user: SessionUser, f: RecommendationFilters): Promise<RecommendationRow[]> {
  const first = await listRecommendations(user, { ...f, page: 1 }, today);
  const out = [...first.rows];
  for (let page = 2; page <= first.window.pages; page++) out.push(...(await listRecommendations(user, { ...f, page }, today)).rows);
  return out;
}

describe("recommendations tracker paging", () => {
  it("shows at most 50 rows; the view counts come from every matching recommendation, not the page", async () => {
    const all = await everything(users.viewer, ours());
    expect(all.rows).toHaveLength(120);
    const page = await listRecommendations(users.viewer, ours(), today);
    expect(page.rows).toHaveLength(PAGE_SIZE);
    expect(page.window).toMatchObject({ total: 120, pages: 3, from: 1, to: 50 });
    expect(page.counts).toEqual({
      total: 120,
      active: all.rows.filter((r) => r.status === "open" || r.status === "in_progress").length,
      overdue: all.rows.filter((r) => isOverdue(r, today)).length,
      dueSoon: all.rows.filter((r) => isDueSoon(r, today)).length,
    });
    expect(page.counts.overdue).toBeGreaterThan(0);
    // Each view pages its own rows; the counts stay those of every view.
    const overdue = await listRecommendations(users.viewer, ours({ view: "overdue" }), today);
    expect(overdue.window.total).toBe(page.counts.overdue);
    expect(overdue.counts).toEqual(page.counts);
    expect(overdue.rows.every((r) => isOverdue(r, today))).toBe(true);
    // A page past the end shows the last page; nothing matching gives the counts of nothing.
    const past = await listRecommendations(users.viewer, ours({ page: 42 }), today);
    expect(past.window).toMatchObject({ page: 3, from: 101, to: 120 });
    expect(past.rows).toHaveLength(20);
    const none = await listRecommendations(users.viewer, ours({ q: "nothing is called this" }), today);
    expect(none).toEqual({ rows: [], counts: { total: 0, active: 0, overdue: 0, dueSoon: 0 }, window: expect.objectContaining({ total: 0, page: 1 }) });
  });

  it("joins its pages up into the unpaged order for every sort, direction and view", async () => {
    for (const view of RECOMMENDATION_VIEWS) {
      for (const sort of RECOMMENDATION_SORTS) {
        for (const dir of ["asc", "desc"] as const) {
          const f = ours({ view, sort, dir });
          const paged = (await allPages(users.viewer, f)).map((r) => r.id);
          const unpaged = (await everything(users.viewer, f)).rows.map((r) => r.id);
          expect(paged, `${view} ${sort} ${dir}`).toEqual(unpaged);
          expect(new Set(paged).size).toBe(paged.length);
        }
      }
    }
  });

  it("sorts as asked", async () => {
    const refs = (await everything(users.viewer, ours({ sort: "ref", dir: "desc" }))).rows.map((r) => r.ref);
    expect(refs).toEqual([...refs].sort().reverse());
    // Target date: earliest first, no date last either way.
    for (const dir of ["asc", "desc"] as const) {
      const dates = (await everything(users.viewer, ours({ sort: "target", dir }))).rows.map((r) => r.targetDate);
      const dated = dates.filter((d): d is string => d !== null);
      expect(dates.slice(dated.length).every((d) => d === null)).toBe(true);
      expect(dated).toEqual(dir === "asc" ? [...dated].sort() : [...dated].sort().reverse());
    }
    // Status: in the order of the lifecycle.
    const statuses = (await everything(users.viewer, ours({ sort: "status" }))).rows.map((r) => RECOMMENDATION_STATUSES.indexOf(r.status));
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    // The default: overdue first.
    const rows = (await everything(users.viewer, ours())).rows;
    const n = rows.filter((r) => isOverdue(r, today)).length;
    expect(rows.slice(0, n).every((r) => isOverdue(r, today))).toBe(true);
  });

  it("searches the reference, the text and the report's title, with % and _ taken literally", async () => {
    const refs = async (q: string) => (await everything(users.viewer, { ...parseFilters({}), q })).rows.map((r) => r.ref).sort();
    expect(await refs("50%_")).toEqual([`${PREFIX}005`]);
    expect(await refs("by 50 per")).toEqual([`${PREFIX}006`]);
    expect(await refs("listrec-11")).toEqual([110, 111, 112, 113, 114, 115, 116, 117, 118, 119].map((i) => `${PREFIX}${i}`));
    // It combines with the other filters and the view.
    const pac = await everything(users.viewer, ours({ source: "pac", view: "active" }));
    expect(pac.rows.length).toBeGreaterThan(0);
    expect(pac.rows.every((r) => r.source === "pac" && (r.status === "open" || r.status === "in_progress"))).toBe(true);
    expect(pac.counts.total).toBe(40);
  });

  it("scopes: SLT of another department sees none of them, whatever it asks", async () => {
    expect((await everything(users.sltCls, ours())).counts.total).toBe(120);
    expect((await everything(users.leadCls, ours())).counts.total).toBe(120);
    expect((await everything(users.sltCoo, ours())).counts.total).toBe(0);
    expect((await everything(users.sltCoo, ours({ department: "cls" }))).counts.total).toBe(0);
    const coo = await everything(users.sltCoo, parseFilters({}));
    expect(coo.rows.every((r) => r.departmentSlug === "coo")).toBe(true);
  });

  it("reads a page in one statement, whatever the number of recommendations or the page", async () => {
    const one = await countQueries(() => listRecommendations(users.viewer, ours(), today));
    expect(one).toBe(1);
    expect(await countQueries(() => listRecommendations(users.viewer, ours({ page: 3, sort: "target", view: "active" }), today))).toBe(one);
    expect(await countQueries(() => listRecommendations(users.viewer, ours({ page: 77 }), today))).toBe(one);
    expect(await countQueries(() => listRecommendations(users.viewer, parseFilters({}), today))).toBe(one);
  });

  it("ignores malformed URL state instead of failing", async () => {
    const f = parseFilters({ page: "two", sort: "id desc", dir: "sideways", view: "everything", q: ["LISTREC-01", "x"], source: "press" });
    expect(f).toEqual({ ...parseFilters({}), q: "LISTREC-01" });
    const page = await listRecommendations(users.viewer, f, today);
    expect(page.window.total).toBe(10);
  });
});
