import { randomUUID } from "node:crypto";
import { format, subMonths } from "date-fns";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, embeddedDatabase } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { feedbackLinks, feedbackResponses, measures, measureValues, orgUnits, users } from "@/db/schema";
import { seedDemo } from "@/db/seed/seed";
import type { SessionUser } from "@/lib/auth/current-user";
import { getScorecards } from "@/lib/dashboard/overview";
import { saveFigures } from "@/lib/entry/save-figures";
import { lastCompletedMonth, monthParam, toPeriod } from "@/lib/entry/periods";
import { submitSurvey } from "@/lib/feedback/submit";
import { getDepartmentDashboard } from "@/lib/measures/department";
import { listObligations } from "@/lib/obligations/queries";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { getRiskBands } from "@/lib/settings";
import { closeAppDb, sessionUserFor } from "../support/harness";

vi.mock("next/cache", () => import("../support/mocks/next-cache"));

/**
 * The database a newcomer gets from `npm start`: PGlite served over the wire protocol
 * (db/embedded.ts), the app's pool pointed at it with the settings scripts/launch.ts gives it
 * (BASELINE_EMBEDDED_DB=1). 100 concurrent mixed operations through the real lib functions —
 * survey posts, page reads, figure saves — must all succeed, with every acknowledged write
 * stored exactly once. Before the fix, the extended-protocol messages of several connections
 * interleaved on the one PGlite ("bind message supplies 2 parameters, but prepared statement ""
 * requires 1", "portal "" does not exist").
 */
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
const saved = { DATABASE_URL: process.env.DATABASE_URL, BASELINE_EMBEDDED_DB: process.env.BASELINE_EMBEDDED_DB };
const run = randomUUID().slice(0, 8);
let token: string;
let linkId: number;
let measureIds: number[] = [];
let lead: SessionUser;
let viewer: SessionUser;
let unitId: number;

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
  // As scripts/launch.ts does: the flag first, so that every pool on the embedded database is its one connection.
  process.env.BASELINE_EMBEDDED_DB = "1";
  const { db, pool } = createDb(server.url);
  let leadId: number;
  try {
    await runMigrations(db);
    await seedDemo(db);
    // A unit of this file's own with 30 measures and a lead, so that each save writes a figure of its own.
    const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
    const [unit] = await db
      .insert(orgUnits)
      .values({ slug: `embedded-${run}`, name: `Embedded ${run}`, shortName: `EMB ${run}`, kind: "directorate", parentId: coo!.id, sortOrder: 99 })
      .returning({ id: orgUnits.id });
    unitId = unit!.id;
    const rows = await db
      .insert(measures)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          unitId,
          category: "service" as const,
          dataSource: "Embedded test",
          decimals: 0,
          code: `EMB-${run.toUpperCase()}-${i}`,
          name: `Embedded count ${i}`,
          valueType: "count" as const,
          direction: "higher_better" as const,
          quarterRule: "sum" as const,
          sortOrder: i,
        })),
      )
      .returning({ id: measures.id });
    measureIds = rows.map((r) => r.id);
    const [leadRow] = await db.insert(users).values({ email: `lead-${run}@embedded.test`, name: `Lead ${run}`, role: "LEAD", unitId }).returning({ id: users.id });
    const [link] = await db.select({ id: feedbackLinks.id, token: feedbackLinks.token }).from(feedbackLinks).limit(1);
    token = link!.token;
    linkId = link!.id;
    leadId = leadRow!.id;
  } finally {
    // The embedded server takes one connection: this one ends before the app's pool opens its own.
    await pool.end();
  }
  // The app's pool (lib/db.ts) reads DATABASE_URL: point it at PGlite, as `npm start` does.
  await closeAppDb();
  process.env.DATABASE_URL = server.url;
  lead = await sessionUserFor({ id: leadId });
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
}, 120_000);

afterAll(async () => {
  logged.mockRestore();
  await closeAppDb();
  process.env.DATABASE_URL = saved.DATABASE_URL;
  if (saved.BASELINE_EMBEDDED_DB === undefined) delete process.env.BASELINE_EMBEDDED_DB;
  else process.env.BASELINE_EMBEDDED_DB = saved.BASELINE_EMBEDDED_DB;
  await server?.stop();
});

describe("the embedded database under concurrent requests", () => {
  it("is flagged as embedded, so the app's pool is its one connection", () => {
    expect(embeddedDatabase()).toBe(true);
  });

  it("100 concurrent survey posts, page reads and figure saves: no error, every acknowledged write stored once", async () => {
    const now = new Date();
    const month = toPeriod(subMonths(now, 1));
    const asAt = format(now, "yyyy-MM-dd");
    const saveMonth = monthParam(lastCompletedMonth(now));
    const { db } = await import("@/lib/db");
    const bands = await getRiskBands(db);
    const department = (await getReviewDepartment("coo"))!;

    const keys: string[] = [];
    const savedMeasures: number[] = [];
    const operations: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 100; i++) {
      switch (i % 10) {
        case 0:
        case 3:
        case 6: {
          // Survey posts: each from an address of its own (the limit is 10 per address).
          const key = randomUUID();
          keys.push(key);
          operations.push(async () => {
            const outcome = await submitSurvey({ raw: { token, key, csat: "5", ces: "6", csi: "4" }, address: `198.51.100.${i}`, now });
            if (!outcome.ok) throw new Error(`survey refused: ${outcome.message}`);
            if (outcome.duplicate) throw new Error("survey counted as a duplicate");
          });
          break;
        }
        case 1:
        case 4:
        case 8: {
          // Figure saves: a draft of one measure each, in one transaction.
          const measureId = measureIds[savedMeasures.length]!;
          savedMeasures.push(measureId);
          operations.push(() => saveFigures(lead, { unitId, month: saveMonth, intent: "draft", rows: [{ measureId, value: String(i), version: 0 }] }));
          break;
        }
        case 2:
          operations.push(() => getScorecards(viewer, { month, asAt, bands }));
          break;
        case 5:
          operations.push(() => getDepartmentDashboard(viewer, "coo", month, asAt));
          break;
        case 7:
          operations.push(() => getReviewPack(department, month, asAt));
          break;
        default:
          operations.push(() => listObligations(db, { people: [lead, viewer], now, workingDay: 5 }));
      }
    }

    const started = Date.now();
    // Interleaved statements can also leave a connection waiting for an answer that never comes.
    const inTime = (op: () => Promise<unknown>) =>
      Promise.race([op(), new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 30 s")), 30_000).unref())]);
    const results = await Promise.allSettled(operations.map(inTime));
    const failures = results.flatMap((r, i) => (r.status === "rejected" ? [`#${i}: ${r.reason instanceof Error ? `${r.reason.message} ${String(r.reason.cause ?? "")}` : String(r.reason)}`] : []));
    expect(failures.join("\n")).not.toMatch(/prepared statement|portal/);
    expect(failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);

    // Every acknowledged write is stored exactly once.
    const [responses] = await db.select({ n: count() }).from(feedbackResponses).where(and(eq(feedbackResponses.linkId, linkId), inArray(feedbackResponses.submissionKey, keys)));
    expect(responses!.n).toBe(keys.length);
    const figures = await db
      .select({ measureId: measureValues.measureId, n: count() })
      .from(measureValues)
      .where(inArray(measureValues.measureId, savedMeasures))
      .groupBy(measureValues.measureId);
    expect(figures.length).toBe(savedMeasures.length);
    expect(figures.every((f) => f.n === 1)).toBe(true);
  }, 60_000);

  it("the proxy's health probe asks through the app's pool, which holds the one connection", async () => {
    const { pool } = await import("@/lib/db");
    expect(pool().totalCount).toBe(1);
    const { probeDatabase } = await import("@/lib/db-health");
    const probe = probeDatabase(server.url);
    const burst = Promise.all(Array.from({ length: 20 }, () => pool().query("select pg_sleep(0.01)")));
    expect(await probe).toBe(true);
    await burst;
  });
});
