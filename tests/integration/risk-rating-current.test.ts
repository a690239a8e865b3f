import { format } from "date-fns";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createRisk, reviewRisk } from "@/app/(app)/risks/actions";
import { risks as demoRisks } from "@/db/seed/data/risks";
import type { SessionUser } from "@/lib/auth/current-user";
import { currentRiskRatingJoin, riskRatingAtJoin } from "@/lib/risks/rating-sql";
import { demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

/**
 * The register and heat map read today's rating from the risk's own columns (currentRiskRatingJoin)
 * rather than probing its history (riskRatingAtJoin), which the dashboard uses for any day. The two
 * must give the same rating for every risk today: on the demo data, and after a new risk and a review
 * written through the app's actions. (Only those risks: other test files write bare histories of
 * their own, which no action could produce.)
 */
const { db } = setUpTestDb();
let leadMd: SessionUser;
let mdUnit = 0;

beforeAll(async () => {
  leadMd = (await demoUsers()).leadMd;
  const { rows } = await db.execute<{ id: number }>(sql`select id from org_units where slug = 'md'`);
  mdUnit = rows[0]!.id;
});

/** Of the risks with these refs, those whose rating today differs between the two fragments (empty when they agree). */
async function disagreements(refs: string[]): Promise<{ id: number }[]> {
  const today = format(new Date(), "yyyy-MM-dd");
  const { rows } = await db.execute<{ id: number; n: number }>(sql`
    select r.id from risks r
    ${currentRiskRatingJoin("r", "now_rating")}
    ${riskRatingAtJoin(today, "r", "history_rating")}
    where (now_rating.likelihood, now_rating.impact, now_rating.score)
      is distinct from (history_rating.likelihood, history_rating.impact, history_rating.score)
      and r.ref in (${sql.join(refs.map((ref) => sql`${ref}`), sql`, `)})`);
  return rows.map((r) => ({ id: r.id }));
}

describe("today's risk rating: the risk's columns = its latest review", () => {
  it("agrees for every demo risk", async () => {
    const refs = demoRisks.map((r) => r.ref);
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from risks where ref in (${sql.join(refs.map((ref) => sql`${ref}`), sql`, `)})`);
    expect(rows[0]!.n).toBe(refs.length);
    expect(await disagreements(refs)).toEqual([]);
  });

  it("still agrees after a new risk and a re-rating through the app", async () => {
    session.user = leadMd;
    const created = await createRisk(
      undefined,
      form({
        unitId: mdUnit, title: "Rating twin check", cause: "Single supplier for the core network.", event: "The network is unavailable for a day.", impact: "Services offline for the public.", category: "Technology", ownerName: "Director of M&D",
        inherentLikelihood: 4, inherentImpact: 5, residualLikelihood: 3, residualImpact: 4, appetiteScore: 8,
      }),
    );
    expect(created).toMatchObject({ ok: true });
    const id = (created as { data: { id: number } }).data.id;
    expect(await reviewRisk(undefined, form({ id, version: 1, residualLikelihood: 2, residualImpact: 2, note: "Controls in place." }))).toMatchObject({ ok: true });
    const { rows } = await db.execute<{ l: number; i: number }>(sql`select residual_likelihood as l, residual_impact as i from risks where id = ${id}`);
    expect(rows[0]).toEqual({ l: 2, i: 2 });
    const { rows: made } = await db.execute<{ ref: string }>(sql`select ref from risks where id = ${id}`);
    expect(await disagreements([made[0]!.ref])).toEqual([]);
  });
});
