/**
 * /api/v1 (issue 17): every status code of the token routes (401 for a missing, unknown, expired or
 * revoked token; 403 out of scope, a read token writing, a creator without the right; 404; 409; 422
 * with field paths; 429), the idempotent PUT, the all-or-nothing batch, the audit (the token's
 * creator as actor, the token named), and the published figures (published reports only, as frozen).
 * Handlers are called as Next.js calls them, with a Request; the rate limiter is the Postgres one.
 */
import { randomUUID } from "node:crypto";
import { subDays } from "date-fns";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiTokens, auditLog, measures, measureTargets, measureValues, orgUnits, reportRevisions, reports, users } from "@/db/schema";
import { getDue } from "@/lib/api/due";
import { getFigure, listFigures, postFigures, putFigure } from "@/lib/api/figures";
import { getPublishedFigures, listPublishedReports } from "@/lib/api/published";
import { apiRoute, type ApiContext, type ApiHandler } from "@/lib/api/route";
import { createApiLimiter } from "@/lib/api/throttle";
import { insertApiToken } from "../support/api-token-rows";
import { setUpTestDb } from "../support/harness";

vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.spyOn(console, "log").mockImplementation(() => undefined);

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 6).toLowerCase();
const code = (s: string) => `API${run.toUpperCase()}-${s}`;
const slug = `api-${run}`;
const otherSlug = `api-other-${run}`;

// A limiter no test reaches, so that only the rate-limit test meets a limit.
const roomy = createApiLimiter({ points: 100_000, duration: 60 });
const context = (): ApiContext => ({ now: new Date(), limiter: roomy });
const route = <P>(handler: ApiHandler<P>, ctx: () => ApiContext = context) => apiRoute(handler, ctx);

const api = {
  due: route(getDue),
  list: route(listFigures),
  batch: route(postFigures),
  get: route(getFigure),
  put: route(putFigure),
  reports: route(listPublishedReports),
  published: route(getPublishedFigures),
};

function request(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${path}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body) });
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const figureAt = (measure: string, period: string, unit = slug) => ({ unit, measure, period });
const figurePath = (p: { unit: string; measure: string; period: string }) => `/api/v1/units/${p.unit}/figures/${p.measure}/${p.period}`;

const put = (token: string, p: { unit: string; measure: string; period: string }, body: unknown, headers?: Record<string, string>) =>
  api.put(request("PUT", figurePath(p), { token, body, headers }), params(p));
const get = (token: string | undefined, p: { unit: string; measure: string; period: string }) => api.get(request("GET", figurePath(p), { token }), params(p));
const due = (token: string | undefined, period = "2025-06", unit = slug) => api.due(request("GET", `/api/v1/units/${unit}/due?period=${period}`, { token }), params({ unit }));
const batch = (token: string, body: unknown, unit = slug) => api.batch(request("POST", `/api/v1/units/${unit}/figures`, { token, body }), params({ unit }));

type Problem = { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[]; [k: string]: unknown };
async function problemOf(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as Problem;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^\/api\/v1\/docs#problem-/), title: expect.any(String), detail: expect.any(String) });
  return body;
}

const ids = new Map<string, number>();
let unitId: number;
let otherUnitId: number;
let lead: { id: number; email: string };
let otherLead: { id: number; email: string };
let sltCls: { id: number };
const tokens: Record<string, { id: number; token: string }> = {};

async function storedFigure(measureKey: string, period: string) {
  return (await db.select().from(measureValues).where(and(eq(measureValues.measureId, ids.get(measureKey)!), eq(measureValues.period, period))))[0];
}
const auditRows = async () => db.select().from(auditLog).where(and(eq(auditLog.unitId, unitId), eq(auditLog.entityType, "measure_value")));
const storedCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(measureValues).where(inArray(measureValues.measureId, [...ids.values()])))[0]!.n;

beforeAll(async () => {
  const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
  const [unit] = await db.insert(orgUnits).values({ slug, name: `API Test Unit ${run}`, shortName: "API", kind: "directorate", parentId: coo!.id }).returning({ id: orgUnits.id });
  const [other] = await db.insert(orgUnits).values({ slug: otherSlug, name: `API Other ${run}`, shortName: "APIO", kind: "directorate", parentId: coo!.id }).returning({ id: orgUnits.id });
  unitId = unit!.id;
  otherUnitId = other!.id;
  const defs = [
    { key: "PCT", valueType: "percent" as const, quarterRule: "mean" as const, frequency: "monthly" as const, target: "90", unit: unitId },
    { key: "RAT", valueType: "percent" as const, quarterRule: "ratio" as const, frequency: "monthly" as const, target: "95", unit: unitId },
    { key: "QTR", valueType: "count" as const, quarterRule: "last" as const, frequency: "quarterly" as const, target: null, unit: unitId },
    { key: "OTHER", valueType: "count" as const, quarterRule: "sum" as const, frequency: "monthly" as const, target: null, unit: otherUnitId },
  ];
  for (const d of defs) {
    const [m] = await db
      .insert(measures)
      .values({ code: code(d.key), name: `API ${d.key}`, unitId: d.unit, category: "service", valueType: d.valueType, direction: "higher_better", frequency: d.frequency, quarterRule: d.quarterRule, dataSource: "Test" })
      .returning({ id: measures.id });
    ids.set(d.key, m!.id);
    await db.insert(measureTargets).values({ measureId: m!.id, targetValue: d.target, effectiveFrom: "2020-01-01" });
  }
  const [l] = await db.insert(users).values({ email: `api-lead-${run}@test.test`, name: "API Lead", role: "LEAD", unitId }).returning({ id: users.id, email: users.email });
  const [o] = await db.insert(users).values({ email: `api-other-${run}@test.test`, name: "API Other Lead", role: "LEAD", unitId: otherUnitId }).returning({ id: users.id, email: users.email });
  const [inactive] = await db.insert(users).values({ email: `api-gone-${run}@test.test`, name: "API Gone", role: "LEAD", unitId, active: false }).returning({ id: users.id });
  sltCls = (await db.select({ id: users.id }).from(users).where(eq(users.email, "slt.cls@baseline.test")))[0]!;
  lead = l!;
  otherLead = o!;

  tokens.write = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], name: "Service desk" });
  tokens.read = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], access: "read" });
  tokens.otherScope = await insertApiToken(db, { createdById: lead.id, unitIds: [otherUnitId] });
  tokens.expired = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], expiresAt: subDays(new Date(), 1) });
  tokens.revoked = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], revokedAt: subDays(new Date(), 1) });
  tokens.inactiveCreator = await insertApiToken(db, { createdById: inactive!.id, unitIds: [unitId] });
  // Scope a token's creator has no right to: the lead of another unit of COO (sees the unit, may not enter its figures).
  tokens.creatorCannotEnter = await insertApiToken(db, { createdById: otherLead.id, unitIds: [unitId] });
  // CLS's SLT cannot even see a COO unit: for that creator the unit does not exist.
  tokens.creatorCannotSee = await insertApiToken(db, { createdById: sltCls.id, unitIds: [unitId] });
  // A token covering the department covers the unit below it.
  tokens.department = await insertApiToken(db, { createdById: lead.id, unitIds: [coo!.id] });
});

afterAll(async () => {
  // Leave no active measures behind for test files that list a department's measures.
  await db.update(measures).set({ active: false }).where(inArray(measures.id, [...ids.values()]));
});

describe("401: no valid token", () => {
  it("refuses a request without a token with a bare Bearer challenge", async () => {
    const res = await due(undefined);
    const body = await problemOf(res, 401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Baseline API"');
    expect(body.detail).toMatch(/Authorization: Bearer/);
  });

  it.each([
    ["an unknown token", () => "bl_notarealtokennotarealtokennotarealtoken0", /not recognised/],
    ["an expired token", () => tokens.expired!.token, /expired/],
    ["a revoked token", () => tokens.revoked!.token, /revoked/],
    ["a token whose creator is no longer active", () => tokens.inactiveCreator!.token, /no longer active/],
  ])("refuses %s, with error=\"invalid_token\", on reads and writes alike", async (_what, token, detail) => {
    for (const res of [await due(token()), await put(token(), figureAt(code("PCT"), "2025-01"), { value: 91 })]) {
      const body = await problemOf(res, 401);
      expect(body.detail).toMatch(detail);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="Baseline API", error="invalid_token"/);
    }
    expect(await storedCount()).toBe(0);
  });
});

describe("403, 404: the token's scope and its creator's rights", () => {
  it("403 for a unit outside the token's scope", async () => {
    const body = await problemOf(await due(tokens.otherScope!.token), 403);
    expect(body.detail).toMatch(/scope does not include API Test Unit/);
  });

  it("403 for a read token writing, one figure or a batch; the read token still reads", async () => {
    expect((await due(tokens.read!.token)).status).toBe(200);
    expect((await problemOf(await put(tokens.read!.token, figureAt(code("PCT"), "2025-01"), { value: 91 }), 403)).detail).toMatch(/can only read/);
    await problemOf(await batch(tokens.read!.token, { figures: [{ measure: code("PCT"), period: "2025-01", value: 91 }] }), 403);
    expect(await storedCount()).toBe(0);
  });

  it("403 when the token's creator may not enter the unit's figures: a token never exceeds its creator", async () => {
    const body = await problemOf(await put(tokens.creatorCannotEnter!.token, figureAt(code("PCT"), "2025-01"), { value: 91 }), 403);
    expect(body.detail).toMatch(/creator may not enter figures/);
    await problemOf(await due(tokens.creatorCannotEnter!.token), 403);
    expect(await storedCount()).toBe(0);
  });

  it("404 for a unit the creator cannot see, exactly as for a unit that does not exist", async () => {
    const invisible = await problemOf(await due(tokens.creatorCannotSee!.token), 404);
    const unknown = await problemOf(await due(tokens.write!.token, "2025-06", `no-such-unit-${run}`), 404);
    expect(invisible.title).toBe(unknown.title);
    expect(invisible.detail).toBe(`There is no unit "${slug}".`);
  });

  it("404 for an unknown measure, another unit's measure, and a period that is not one of the measure's", async () => {
    const t = tokens.write!.token;
    expect((await problemOf(await get(t, figureAt("NO-SUCH-MEASURE", "2025-01")), 404)).detail).toMatch(/has no measure "NO-SUCH-MEASURE"/);
    await problemOf(await get(t, figureAt(code("OTHER"), "2025-01")), 404);
    expect((await problemOf(await put(t, figureAt(code("PCT"), "January"), { value: 91 }), 404)).detail).toMatch(/There is no period "January"/);
    expect((await problemOf(await put(t, figureAt(code("PCT"), "2025-Q1"), { value: 91 }), 404)).detail).toMatch(/is monthly/);
    expect((await problemOf(await put(t, figureAt(code("QTR"), "2025-03"), { value: 3 }), 404)).detail).toMatch(/is quarterly/);
    expect(await storedCount()).toBe(0);
  });

  it("a token naming the department covers the units below it", async () => {
    expect((await due(tokens.department!.token)).status).toBe(200);
  });
});

describe("GET the measures due", () => {
  it("lists each measure due in the month with how to send it, its target and where its submission stands", async () => {
    const res = await due(tokens.write!.token, "2025-06");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { unit: { slug: string }; period: string; open: boolean; dueDate: string; measures: { code: string; period: string; entry: string; target: number | null; submission: string; figure: unknown }[] };
    expect(body).toMatchObject({ unit: { slug }, period: "2025-06", open: true });
    expect(body.dueDate).toMatch(/^2025-07-\d\d$/);
    const byCode = Object.fromEntries(body.measures.map((m) => [m.code, m]));
    expect(Object.keys(byCode).sort()).toEqual([code("PCT"), code("QTR"), code("RAT")].sort());
    expect(byCode[code("RAT")]).toMatchObject({ entry: "ratio", period: "2025-06", target: 95, submission: "late", figure: null });
    expect(byCode[code("PCT")]).toMatchObject({ entry: "value", target: 90 });
    // A quarterly measure is due in its quarter's last month, and addressed by its quarter.
    expect(byCode[code("QTR")]).toMatchObject({ period: "2025-Q2", target: null });
    // Not the quarter's last month: the quarterly measure is not due.
    const may = (await (await due(tokens.write!.token, "2025-05")).json()) as { measures: { code: string }[] };
    expect(may.measures.map((m) => m.code)).not.toContain(code("QTR"));
  });

  it("422 names the parameter that is wrong", async () => {
    const body = await problemOf(await due(tokens.write!.token, "June"), 422);
    expect(body.errors).toEqual([{ path: "period", message: "Write the month as YYYY-MM, e.g. 2026-10" }]);
  });
});

describe("PUT one figure", () => {
  const at = () => figureAt(code("PCT"), "2025-01");

  it("201 on creating it, with where to see it; the audit names the creator and the token", async () => {
    const res = await put(tokens.write!.token, at(), { value: 92.5, commentary: "From the service desk" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { outcome: string; message: string; period: string; figure: { value: number; status: string; version: number; updatedBy: string }; links: Record<string, string> };
    expect(body).toMatchObject({ outcome: "created", period: "2025-01", figure: { value: 92.5, status: "draft", version: 1, updatedBy: "API Lead" } });
    expect(body.links.measurePage).toMatch(new RegExp(`/measures/${ids.get("PCT")}$`));
    expect(body.links.entryPage).toMatch(new RegExp(`/entry\\?unit=${unitId}&month=2025-01$`));
    expect(body.links.self).toMatch(new RegExp(`/api/v1/units/${slug}/figures/${code("PCT")}/2025-01$`));
    expect(body.message).toMatch(/draft/);
    expect(res.headers.get("location")).toBe(body.links.self);
    expect(res.headers.get("etag")).toBe('"1"');

    const stored = await storedFigure("PCT", "2025-01-01");
    expect(stored).toMatchObject({ value: "92.5000", status: "draft", version: 1, enteredById: lead.id });
    const audit = (await auditRows()).filter((a) => a.entityId === String(stored!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "figure.save_draft", actorId: lead.id, actorEmail: lead.email, apiTokenId: tokens.write!.id });
    // The token's last use is recorded.
    const [t] = await db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, tokens.write!.id));
    expect(t!.lastUsedAt).not.toBeNull();
  });

  it("is idempotent: the same body again is 200 unchanged, with no second write and no second audit row", async () => {
    const before = (await auditRows()).length;
    const res = await put(tokens.write!.token, at(), { value: 92.5, commentary: "From the service desk" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "unchanged", figure: { value: 92.5, version: 1 } });
    expect((await auditRows()).length).toBe(before);
    expect((await storedFigure("PCT", "2025-01-01"))!.version).toBe(1);
  });

  it("GET gives the figure with its version as the ETag", async () => {
    const res = await get(tokens.read!.token, at());
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await res.json()).toMatchObject({ measure: { code: code("PCT") }, figure: { value: 92.5, version: 1, status: "draft" } });
    // No figure yet: null, and version 0.
    const none = await get(tokens.read!.token, figureAt(code("PCT"), "2025-02"));
    expect(none.headers.get("etag")).toBe('"0"');
    expect(await none.json()).toMatchObject({ figure: null });
  });

  it("409 when the version sent (body or If-Match) is out of date, with the figure as stored now; nothing is saved", async () => {
    expect((await put(tokens.write!.token, at(), { value: 93, version: 1 })).status).toBe(200); // now version 2
    for (const res of [await put(tokens.write!.token, at(), { value: 94, version: 1 }), await put(tokens.write!.token, at(), { value: 94 }, { "If-Match": '"1"' })]) {
      const body = await problemOf(res, 409);
      expect(body.current).toEqual({ value: 93, status: "draft", version: 2, updatedBy: "API Lead" });
    }
    // Version 0 says "there was none": refused too, since there is one.
    await problemOf(await put(tokens.write!.token, at(), { value: 94, version: 0 }), 409);
    expect((await storedFigure("PCT", "2025-01-01"))!.value).toBe("93.0000");
    // The current version goes through; sending what is stored with a stale version is no conflict.
    expect((await put(tokens.write!.token, at(), { value: 94 }, { "If-Match": '"2"' })).status).toBe(200);
    expect(await (await put(tokens.write!.token, at(), { value: 94, version: 1 })).json()).toMatchObject({ outcome: "unchanged" });
  });

  it("422 with field paths, and nothing saved", async () => {
    const before = (await auditRows()).length;
    const t = tokens.write!.token;
    const cases: [unknown, { path: string; message: RegExp }][] = [
      [{ value: 101 }, { path: "/value", message: /between 0 and 100/ }],
      [{ value: "12,5" }, { path: "/value", message: /Enter a number/ }],
      [{ value: true }, { path: "/value", message: /Send a number/ }],
      [{ valeu: 91 }, { path: "/valeu", message: /Remove this field/ }],
      [{ value: 91, version: -1 }, { path: "/version", message: /start at 0/ }],
      [{ value: 91, intent: "publish" }, { path: "/intent", message: /"draft" or "submit"/ }],
      [{ value: 91, commentary: "a\u0000b" }, { path: "/commentary", message: /NUL/ }],
    ];
    for (const [body, expected] of cases) {
      const problem = await problemOf(await put(t, at(), body), 422);
      expect(problem.errors, JSON.stringify(body)).toEqual([{ path: expected.path, message: expect.stringMatching(expected.message) }]);
    }
    const ratio = await problemOf(await put(t, figureAt(code("RAT"), "2025-01"), { numerator: 7, denominator: 5 }), 422);
    expect(ratio.errors).toEqual([{ path: "/numerator", message: "The numerator cannot be larger than the denominator" }]);
    const future = await problemOf(await put(t, figureAt(code("PCT"), "2099-01"), { value: 91 }), 422);
    expect(future.errors).toEqual([{ path: "period", message: "2099-01 has not ended yet" }]);
    const header = await problemOf(await put(t, at(), { value: 91 }, { "If-Match": "yesterday" }), 422);
    expect(header.errors?.[0]?.path).toBe("If-Match");
    // A body that is not JSON is a 400, not a 422.
    await problemOf(await put(t, at(), "{value: 91"), 400);
    expect((await auditRows()).length).toBe(before);
    expect((await storedFigure("PCT", "2025-01-01"))!.value).toBe("94.0000");
  });

  it("submits by the entry page's rules: off target needs commentary; a submitted figure is corrected only with a reason", async () => {
    const t = tokens.write!.token;
    const ratio = figureAt(code("RAT"), "2025-02");
    const offTarget = await problemOf(await put(t, ratio, { numerator: 30, denominator: 40, intent: "submit" }), 422);
    expect(offTarget.errors).toEqual([{ path: "/commentary", message: expect.stringMatching(/off target/) }]);
    const submitted = await put(t, ratio, { numerator: 30, denominator: 40, commentary: "Two suppliers were late", intent: "submit" });
    expect(submitted.status).toBe(201);
    const body = (await submitted.json()) as { figure: { value: number; status: string }; message: string };
    expect(body.figure).toMatchObject({ value: 75, status: "submitted", numerator: 30, denominator: 40 });
    expect(body.message).toMatch(/measure page/);

    const noReason = await problemOf(await put(t, ratio, { numerator: 31, denominator: 40, commentary: "Two suppliers were late" }), 422);
    expect(noReason.errors).toEqual([{ path: "/reason", message: "Say why this submitted figure is being corrected" }]);
    const corrected = await put(t, ratio, { numerator: 31, denominator: 40, commentary: "Two suppliers were late", reason: "The supplier's report was revised" });
    expect(await corrected.json()).toMatchObject({ outcome: "updated", figure: { value: 77.5, status: "submitted", version: 2 } });
    const stored = await storedFigure("RAT", "2025-02-01");
    const audit = (await auditRows()).filter((a) => a.entityId === String(stored!.id)).map((a) => [a.action, a.reason, a.apiTokenId]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ["figure.submit", null, tokens.write!.id],
        ["figure.correct", "The supplier's report was revised", tokens.write!.id],
      ]),
    );
  });
});

describe("POST a batch", () => {
  it("is all or nothing: one bad figure saves none, and each problem is named by its place in the body", async () => {
    const before = await storedCount();
    const res = await batch(tokens.write!.token, {
      figures: [
        { measure: code("PCT"), period: "2025-03", value: 91 },
        { measure: code("QTR"), period: "2025-Q1", value: 4 },
        { measure: code("RAT"), period: "2025-03", numerator: 5, denominator: 0 },
        { measure: code("PCT"), period: "2025-03", value: 92 },
        { measure: code("OTHER"), period: "2025-03", value: 1 },
      ],
    });
    const body = await problemOf(res, 422);
    expect(body.errors).toEqual([
      { path: "/figures/2/denominator", message: "The denominator must be more than 0" },
      { path: "/figures/3/period", message: expect.stringMatching(/appears twice/) },
      { path: "/figures/4/measure", message: expect.stringMatching(/is not a measure of API Test Unit/) },
    ]);
    expect(await storedCount()).toBe(before);
  });

  it("422 on the body's shape, with zod's paths", async () => {
    const body = await problemOf(await batch(tokens.write!.token, { figures: [{ measure: code("PCT"), value: 91 }, { measure: "", period: "2025-03" }], extra: 1 }), 422);
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["/extra", "/figures/0/period", "/figures/1/measure"]);
  });

  it("saves them all at once; the same batch again changes nothing", async () => {
    const figures = [
      { measure: code("PCT"), period: "2025-03", value: 91, commentary: "On target" },
      { measure: code("QTR"), period: "2025-Q1", value: 4 },
      { measure: code("RAT"), period: "2025-03", numerator: 39, denominator: 40 },
    ];
    const res = await batch(tokens.write!.token, { intent: "submit", figures });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { saved: number; submitted: number; unchanged: number; links: { entryPages: string[] } };
    expect(body).toMatchObject({ saved: 3, submitted: 3, unchanged: 0, figures: 3, months: 1 });
    expect(body.links.entryPages).toEqual([expect.stringMatching(new RegExp(`/entry\\?unit=${unitId}&month=2025-03$`))]);
    expect(await storedFigure("QTR", "2025-01-01")).toMatchObject({ value: "4.0000", status: "submitted" });
    const audits = (await auditRows()).length;
    const again = await batch(tokens.write!.token, { intent: "submit", figures });
    expect(await again.json()).toMatchObject({ saved: 0, submitted: 0, unchanged: 3 });
    expect((await auditRows()).length).toBe(audits);
  });

  it("409 when a figure's version is out of date, naming it, and saves none of the batch", async () => {
    const pct = await storedFigure("PCT", "2025-03-01");
    const res = await batch(tokens.write!.token, {
      figures: [
        { measure: code("PCT"), period: "2025-03", value: 95, commentary: "Revised", reason: "Late tickets", version: pct!.version + 5 },
        { measure: code("PCT"), period: "2025-04", value: 93 },
      ],
    });
    const body = await problemOf(res, 409);
    expect(body.conflicts).toEqual([{ path: "/figures/0/version", measure: code("PCT"), period: "2025-03", current: { value: 91, status: "submitted", version: pct!.version, updatedBy: "API Lead" } }]);
    expect(await storedFigure("PCT", "2025-04-01")).toBeUndefined();
  });

  it("lists the unit's stored figures over months", async () => {
    const res = await api.list(request("GET", `/api/v1/units/${slug}/figures?from=2025-01&to=2025-03`, { token: tokens.read!.token }), params({ unit: slug }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { figures: { measure: { code: string }; period: string; figure: { status: string } }[] };
    expect(body.figures.map((f) => `${f.measure.code} ${f.period} ${f.figure.status}`).sort()).toEqual(
      [`${code("PCT")} 2025-01 draft`, `${code("PCT")} 2025-03 submitted`, `${code("QTR")} 2025-Q1 submitted`, `${code("RAT")} 2025-02 submitted`, `${code("RAT")} 2025-03 submitted`].sort(),
    );
    const tooLong = await problemOf(await api.list(request("GET", `/api/v1/units/${slug}/figures?from=2020-01&to=2025-03`, { token: tokens.read!.token }), params({ unit: slug })), 422);
    expect(tooLong.errors?.[0]?.path).toBe("to");
  });
});

describe("429: the rate limit, per token", () => {
  it("refuses a token over its limit with Retry-After, and leaves other tokens alone", async () => {
    // Fresh tokens: the allowance is kept in Postgres by token, whichever limiter counts it.
    const busy = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], access: "read" });
    const quiet = await insertApiToken(db, { createdById: lead.id, unitIds: [unitId], access: "read" });
    const tight = createApiLimiter({ points: 2, duration: 60 });
    const limited = route(getDue, () => ({ now: new Date(), limiter: tight }));
    const call = (token: string) => limited(request("GET", `/api/v1/units/${slug}/due?period=2025-06`, { token }), params({ unit: slug }));
    expect((await call(busy.token)).status).toBe(200);
    expect((await call(busy.token)).status).toBe(200);
    const refused = await call(busy.token);
    await problemOf(refused, 429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await call(quiet.token)).status).toBe(200);
    // A request without a valid token is refused before it counts against anything.
    expect((await call("bl_unknown")).status).toBe(401);
  });
});

describe("the route files", () => {
  it("serve the handlers: a request without a token gets 401, the OpenAPI document 200", async () => {
    const { GET } = await import("@/app/api/v1/units/[unit]/due/route");
    expect((await GET(request("GET", `/api/v1/units/${slug}/due`), params({ unit: slug }))).status).toBe(401);
    const { PUT } = await import("@/app/api/v1/units/[unit]/figures/[measure]/[period]/route");
    const p = figureAt(code("PCT"), "2025-05");
    expect((await PUT(request("PUT", figurePath(p), { body: { value: 90 } }), params(p))).status).toBe(401);
    const openapi = await import("@/app/api/v1/openapi.json/route");
    const res = await openapi.GET(request("GET", "/api/v1/openapi.json"), params({}));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe("3.1.0");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("published figures: no token, published reports only, as frozen", () => {
  it("lists exactly the department reports that have been published", async () => {
    const res = await api.reports(request("GET", "/api/v1/published/reports"), params({}));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; reports: { department: { slug: string }; quarter: string; revision: number }[] };
    const [published] = await db
      .select({ n: sql<number>`count(distinct ${reports.id})::int` })
      .from(reports)
      .innerJoin(reportRevisions, eq(reportRevisions.reportId, reports.id))
      .where(isNotNull(reports.departmentId));
    expect(body.total).toBe(published!.n);
    expect(body.total).toBeGreaterThan(0);
    const filtered = (await (await api.reports(request("GET", "/api/v1/published/reports?department=coo"), params({}))).json()) as typeof body;
    expect(filtered.reports.every((r) => r.department.slug === "coo")).toBe(true);
    await problemOf(await api.reports(request("GET", "/api/v1/published/reports?quarter=third"), params({})), 422);
  });

  it("gives a published report's figures as frozen in its revision, with an ETag", async () => {
    const [latest] = await db
      .select({ id: reportRevisions.id, year: reports.year, quarter: reports.quarter, content: reportRevisions.content })
      .from(reportRevisions)
      .innerJoin(reports, eq(reports.id, reportRevisions.reportId))
      .innerJoin(orgUnits, eq(orgUnits.id, reports.departmentId))
      .where(eq(orgUnits.slug, "coo"))
      .orderBy(sql`${reports.year} desc, ${reports.quarter} desc, ${reportRevisions.revision} desc`)
      .limit(1);
    const quarter = `${latest!.year}-q${latest!.quarter}`;
    const url = `/api/v1/published/figures?department=coo&quarter=${quarter}`;
    const res = await api.published(request("GET", url), params({}));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { department: { slug: string }; quarter: string; measures: { code: string; value: number | null }[] };
    const frozen = (latest!.content as { measures: { code: string; value: number | null }[] }).measures;
    expect(body).toMatchObject({ department: { slug: "coo" }, quarter });
    expect(body.measures.map((m) => [m.code, m.value])).toEqual(frozen.map((m) => [m.code, m.value]));
    const etag = res.headers.get("etag")!;
    expect((await api.published(request("GET", url, { headers: { "If-None-Match": etag } }), params({}))).status).toBe(304);
  });

  it("never shows a report that has not been published: the current quarter's draft is not found", async () => {
    const now = new Date();
    const current = `${now.getFullYear()}-q${Math.floor(now.getMonth() / 3) + 1}`;
    const [draft] = await db
      .select({ id: reports.id })
      .from(reports)
      .innerJoin(orgUnits, eq(orgUnits.id, reports.departmentId))
      .where(and(eq(orgUnits.slug, "coo"), eq(reports.year, now.getFullYear()), eq(reports.quarter, Math.floor(now.getMonth() / 3) + 1)));
    expect(draft).toBeDefined();
    await problemOf(await api.published(request("GET", `/api/v1/published/figures?department=coo&quarter=${current}`), params({})), 404);
    const missing = await problemOf(await api.published(request("GET", "/api/v1/published/figures?department=coo"), params({})), 422);
    expect(missing.errors?.map((e) => e.path)).toEqual(["quarter"]);
  });
});
