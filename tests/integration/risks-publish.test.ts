import { and, asc, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createRisk, updateRisk } from "@/app/(app)/risks/actions";
import { auditLog, orgUnits, risks } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { buildReportContent } from "@/lib/reports/build";
import { getRisk } from "@/lib/risks/queries";
import { DEFAULT_RISK_BANDS } from "@/lib/risks/scoring";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

/* The register's "publishable" flag: only risks marked so appear in the published quarterly reports. */

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
let leadMd: SessionUser;
let viewer: SessionUser;
let mdId: number;
let cooId: number;
let auditMark = 0;

beforeAll(async () => {
  leadMd = await sessionUserFor({ email: "lead.md@baseline.test" });
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
  mdId = (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "md")))[0]!.id;
  cooId = (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo")))[0]!.id;
});
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(async () => {
  session.user = null;
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::integer` }).from(auditLog);
  auditMark = last!.id;
});
afterAll(async () => {
  logged.mockRestore();
});

const newAudit = () =>
  db.select().from(auditLog).where(and(gt(auditLog.id, auditMark), eq(auditLog.entityType, "risk"))).orderBy(asc(auditLog.id));
const stored = async (id: number) => (await db.select().from(risks).where(eq(risks.id, id)))[0]!;
const title = () => `Publishable test risk ${Math.random().toString(36).slice(2, 8)}`;
const definition = () => ({
  unitId: mdId,
  title: title(),
  cause: "Single supplier for the network.",
  event: "The network supplier fails.",
  impact: "Services offline for days.",
  category: "Technology",
  ownerName: "Director of M&D",
  inherentLikelihood: 3,
  inherentImpact: 5,
  appetiteScore: 8,
});
const refsInReport = async () => {
  const now = new Date();
  const content = await buildReportContent(db, cooId, { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 }, { introduction: "", highlights: "", concerns: "" });
  return content!.risks.map((r) => r.ref);
};

describe("publishable risks", () => {
  it("records a new risk as publishable when ticked (audited), and not when left unticked", async () => {
    session.user = leadMd;
    const ticked = await createRisk(undefined, form({ ...definition(), residualLikelihood: 2, residualImpact: 5, isPublic: true }));
    expect(ticked.ok).toBe(true);
    const id = (ticked as { data: { id: number } }).data.id;
    expect(await stored(id)).toMatchObject({ isPublic: true });
    const [entry] = await newAudit();
    expect(entry).toMatchObject({ action: "risk.create", entityId: String(id) });
    expect(entry!.after).toMatchObject({ isPublic: true });

    const plain = await createRisk(undefined, form({ ...definition(), residualLikelihood: 2, residualImpact: 5 }));
    const plainId = (plain as { data: { id: number } }).data.id;
    expect(await stored(plainId)).toMatchObject({ isPublic: false });

    // Only the publishable one goes into the department's quarterly report; the risk page says which.
    const refs = await refsInReport();
    expect(refs).toContain((await stored(id)).ref);
    expect(refs).not.toContain((await stored(plainId)).ref);
    expect((await getRisk(viewer, id, DEFAULT_RISK_BANDS))?.isPublic).toBe(true);
    expect((await getRisk(viewer, plainId, DEFAULT_RISK_BANDS))?.isPublic).toBe(false);
  });

  it("edits the flag with the other fields: version-checked, audited before and after", async () => {
    session.user = leadMd;
    const created = await createRisk(undefined, form({ ...definition(), residualLikelihood: 1, residualImpact: 5 }));
    const id = (created as { data: { id: number } }).data.id;
    const risk = await stored(id);
    const fields = { id, version: 1, ...definition(), title: risk.title, status: "open", reason: "Cleared for publication" };

    expect(await updateRisk(undefined, form({ ...fields, isPublic: true }))).toEqual({ ok: true, data: { id, changed: true } });
    expect(await stored(id)).toMatchObject({ isPublic: true, version: 2 });
    const edits = (await newAudit()).filter((e) => e.action === "risk.update");
    expect(edits.map((e) => [e.before, e.after, e.reason])).toEqual([[{ isPublic: false }, { isPublic: true }, "Cleared for publication"]]);
    expect(await refsInReport()).toContain(risk.ref);

    // Unticking it (the box is then not sent) takes it out of the reports.
    expect(await updateRisk(undefined, form({ ...fields, version: 2, reason: "Commercially sensitive" }))).toEqual({ ok: true, data: { id, changed: true } });
    expect(await stored(id)).toMatchObject({ isPublic: false, version: 3 });
    expect(await refsInReport()).not.toContain(risk.ref);
    // A stale form changes nothing.
    expect(await updateRisk(undefined, form({ ...fields, version: 2, isPublic: true }))).toMatchObject({ ok: false, current: { isPublic: false, version: 3 } });
    expect(await stored(id)).toMatchObject({ isPublic: false, version: 3 });
  });

  it("is refused to the viewer like any other edit", async () => {
    session.user = leadMd;
    const created = await createRisk(undefined, form({ ...definition(), residualLikelihood: 1, residualImpact: 5 }));
    const id = (created as { data: { id: number } }).data.id;
    session.user = viewer;
    const risk = await stored(id);
    expect(await updateRisk(undefined, form({ id, version: 1, ...definition(), title: risk.title, status: "open", isPublic: true }))).toEqual({
      ok: false,
      message: "You do not have permission to do that.",
    });
    expect(await stored(id)).toMatchObject({ isPublic: false, version: 1 });
  });
});
