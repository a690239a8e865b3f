import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFeedbackLink, setFeedbackLinkPaused } from "@/app/(app)/admin/feedback/actions";
import { updateFeedbackMinResponses } from "@/app/(app)/admin/settings/actions";
import { addTheme, recordPhoneResponse, tagComment } from "@/app/(app)/feedback/actions";
import { auditLog, feedbackLinks, feedbackResponses, feedbackResponseThemes, feedbackThemes, measures, measureValues, orgUnits } from "@/db/schema";
import { createDb } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { MASKS } from "@/lib/feedback/mask";
import { listMonthSummaries } from "@/lib/feedback/queries";
import { LinkPausedError, recalculateMonth, recordResponse, SURVEY_ACTOR, type NewResponse } from "@/lib/feedback/record";
import { summarise, surveyPeriod } from "@/lib/feedback/rules";
import { submitPublicResponse } from "@/lib/feedback/submit";
import { createFeedbackLimiters } from "@/lib/feedback/throttle";
import { demoUsers, form, session, setUpTestDb, testDatabaseUrl } from "../support/harness";

const request = vi.hoisted(() => ({ address: "203.0.113.9" }));
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers({ "x-baseline-client-address": request.address })) }));
vi.mock("next/navigation", () => ({
  redirect: vi.fn((url: string) => {
    throw new Error(`REDIRECT ${url}`);
  }),
}));

const { db } = setUpTestDb();
const now = new Date();
const period = surveyPeriod(now);
const users: Record<"sltCls" | "sltCoo" | "leadCls" | "leadMd" | "viewer" | "admin", SessionUser> = {} as never;

/** A service of our own below CLS Customer Services, with its three survey-fed measures and a link. */
interface Fixture {
  unitId: number;
  linkId: number;
  token: string;
  measure: Record<"csat" | "ces" | "csi", number>;
}

let clsId: number;
let customerServicesId: number;

async function makeFixture(name: string): Promise<Fixture> {
  const slug = `fb-${name}-${randomUUID().slice(0, 8)}`;
  const [unit] = await db
    .insert(orgUnits)
    .values({ slug, name: `Feedback test ${name}`, shortName: `FB ${name}`, kind: "service", parentId: customerServicesId })
    .returning({ id: orgUnits.id });
  const base = { unitId: unit!.id, category: "customer" as const, direction: "higher_better" as const, dataSource: "Customer survey", decimals: 1 };
  const rows = await db
    .insert(measures)
    .values([
      { ...base, code: `${slug}-CSAT`.toUpperCase(), name: "CSAT", valueType: "percent", quarterRule: "ratio", feedbackMetric: "csat" },
      { ...base, code: `${slug}-CES`.toUpperCase(), name: "CES", valueType: "score", scaleMin: "1", scaleMax: "7", quarterRule: "mean", feedbackMetric: "ces" },
      { ...base, code: `${slug}-CSI`.toUpperCase(), name: "CSI", valueType: "score", scaleMin: "-100", scaleMax: "100", quarterRule: "mean", feedbackMetric: "csi" },
    ])
    .returning({ id: measures.id, metric: measures.feedbackMetric });
  const token = `test_${randomUUID().replace(/-/g, "")}`;
  const [link] = await db.insert(feedbackLinks).values({ unitId: unit!.id, token }).returning({ id: feedbackLinks.id });
  const measure = Object.fromEntries(rows.map((r) => [r.metric!, r.id])) as Fixture["measure"];
  return { unitId: unit!.id, linkId: link!.id, token, measure };
}

function response(f: Fixture, a: { csat: number; ces: number; csi: number }, extra: Partial<NewResponse> = {}): NewResponse {
  return { unitId: f.unitId, linkId: f.linkId, source: "link", period, comment: null, channel: null, enteredById: null, submissionKey: randomUUID(), ...a, ...extra };
}

async function figure(measureId: number, p = period) {
  const [v] = await db
    .select({ value: measureValues.value, numerator: measureValues.numerator, denominator: measureValues.denominator, commentary: measureValues.commentary, status: measureValues.status, version: measureValues.version })
    .from(measureValues)
    .where(and(eq(measureValues.measureId, measureId), eq(measureValues.period, p)));
  return v ? { ...v, value: Number(v.value), numerator: v.numerator === null ? null : Number(v.numerator), denominator: v.denominator === null ? null : Number(v.denominator) } : null;
}

async function storedCount(unitId: number) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(feedbackResponses).where(eq(feedbackResponses.unitId, unitId));
  return r!.n;
}

const answers = { csat: "5", ces: "6", csi: "4" };

beforeAll(async () => {
  const [cls] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "cls"));
  const [cs] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "cls-customer-services"));
  clsId = cls!.id;
  customerServicesId = cs!.id;
  Object.assign(users, await demoUsers());
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
});

describe("aggregation", () => {
  it("writes the month's CSAT (with its parts), CES and CSI as submitted figures, flagged low-sample, audited as the system", async () => {
    const f = await makeFixture("agg");
    const given = [
      { csat: 5, ces: 7, csi: 5 },
      { csat: 4, ces: 6, csi: 3 },
      { csat: 3, ces: 2, csi: 2 },
      { csat: 1, ces: 1, csi: 1 },
    ];
    for (const a of given) await recordResponse(db, response(f, a));
    const csat = await figure(f.measure.csat);
    expect(csat).toMatchObject({ value: 50, numerator: 2, denominator: 4, status: "submitted" });
    expect(csat!.commentary).toBe("Calculated from 4 customer survey responses. Low sample: fewer than 30 responses, so treat this figure with caution.");
    expect((await figure(f.measure.ces))!.value).toBe(4);
    expect((await figure(f.measure.csi))!.value).toBe(-25);
    expect((await figure(f.measure.csi))!.numerator).toBeNull();

    const audit = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId, actorEmail: auditLog.actorEmail, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.unitId, f.unitId), eq(auditLog.action, "figure.survey")))
      .orderBy(auditLog.id);
    expect(audit).toHaveLength(12); // three figures for each of the four responses
    expect(audit.every((a) => a.actorId === null && a.actorEmail === SURVEY_ACTOR)).toBe(true);
    expect(audit[0]!.before).toBeNull();
    expect(audit.at(-1)!.before).toMatchObject({ status: "submitted" });
    expect(audit.at(-1)!.after).toMatchObject({ responses: 4, period });
  });

  it("computes in SQL what the reference rules compute, for a random month", async () => {
    const f = await makeFixture("ref");
    let seed = 7;
    const rnd = (max: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), 1 + (seed % max));
    const given = Array.from({ length: 37 }, () => ({ csat: rnd(5), ces: rnd(7), csi: rnd(5) }));
    for (const a of given) await recordResponse(db, response(f, a));
    const expected = summarise(given);
    expect((await figure(f.measure.csat))!.value).toBeCloseTo(expected.csat!, 4);
    expect((await figure(f.measure.csat))!.numerator).toBe(expected.satisfied);
    expect((await figure(f.measure.ces))!.value).toBeCloseTo(expected.ces!, 4);
    expect((await figure(f.measure.csi))!.value).toBeCloseTo(expected.csi!, 4);
    expect((await figure(f.measure.csat))!.commentary).toBe("Calculated from 37 customer survey responses.");
  });

  it("writes nothing for an empty month, and lists it with no figures rather than hiding it", async () => {
    const f = await makeFixture("empty");
    const result = await recalculateMonth(db, f.unitId, "2020-01-01");
    expect(result).toMatchObject({ responses: 0, csat: null, ces: null, csi: null, measuresWritten: 0 });
    expect(await figure(f.measure.csat, "2020-01-01")).toBeNull();
    await recordResponse(db, response(f, { csat: 5, ces: 5, csi: 5 }));
    const months = await listMonthSummaries([f.unitId], "2020-01-01", period);
    expect(months[0]).toEqual({ unitId: f.unitId, period: "2020-01-01", responses: 0, csat: null, ces: null, csi: null });
    expect(months.at(-1)).toMatchObject({ period, responses: 1, csat: 100, ces: 5, csi: 100 });
  });

  it("follows the minimum-responses setting", async () => {
    const f = await makeFixture("min");
    await db.execute(sql`insert into app_settings (key, value) values ('feedback_min_responses', '2'::jsonb) on conflict (key) do update set value = excluded.value`);
    try {
      await recordResponse(db, response(f, { csat: 5, ces: 5, csi: 5 }));
      expect((await figure(f.measure.csat))!.commentary).toContain("Low sample: fewer than 2 responses");
      const r = await recordResponse(db, response(f, { csat: 2, ces: 5, csi: 5 }));
      expect(r.month).toMatchObject({ responses: 2, lowSample: false, minimum: 2 });
      expect((await figure(f.measure.csat))!.commentary).toBe("Calculated from 2 customer survey responses.");
    } finally {
      await db.execute(sql`delete from app_settings where key = 'feedback_min_responses'`);
    }
  });

  it("replaces a figure a lead typed in for a survey-fed measure on the next response", async () => {
    const f = await makeFixture("typed");
    await db.insert(measureValues).values({ measureId: f.measure.ces, period, value: "2.0", status: "submitted", commentary: "Typed in by hand" });
    await recordResponse(db, response(f, { csat: 5, ces: 7, csi: 5 }));
    expect(await figure(f.measure.ces)).toMatchObject({ value: 7, version: 2, commentary: expect.stringMatching(/^Calculated from 1 customer survey response/) });
  });

  it("loses no response when many arrive at once: the last writer's figures count them all", async () => {
    const f = await makeFixture("race");
    const many = createDb(testDatabaseUrl(), { max: 8 });
    try {
      const given = Array.from({ length: 40 }, (_, i) => ({ csat: (i % 5) + 1, ces: (i % 7) + 1, csi: (i % 5) + 1 }));
      await Promise.all(given.map((a) => recordResponse(many.db, response(f, a))));
      expect(await storedCount(f.unitId)).toBe(40);
      const expected = summarise(given);
      expect(await figure(f.measure.csat)).toMatchObject({ denominator: 40, numerator: expected.satisfied });
      expect((await figure(f.measure.ces))!.value).toBeCloseTo(expected.ces!, 4);
    } finally {
      await many.pool.end();
    }
  });
});

describe("the public survey", () => {
  const submit = (f: Fixture, fields: Record<string, string | undefined>, address = "198.51.100.1", limiters = createFeedbackLimiters()) =>
    submitPublicResponse(db, { raw: { token: f.token, key: randomUUID(), ...answers, ...fields }, address, now, limiters });

  it("masks personal data in the comment before storing it", async () => {
    const f = await makeFixture("mask");
    const r = await submit(f, { comment: "Reply to jo@example.je or 07797 123456, SSN JY 12 34 56 A", channel: "email" });
    expect(r.ok).toBe(true);
    const [row] = await db.select({ comment: feedbackResponses.comment, channel: feedbackResponses.channel, source: feedbackResponses.source }).from(feedbackResponses).where(eq(feedbackResponses.unitId, f.unitId));
    expect(row).toEqual({ comment: `Reply to ${MASKS.email} or ${MASKS.phone}, SSN ${MASKS.ssn}`, channel: "email", source: "link" });
  });

  it("counts a double click once: the same key stores one response and both get the thank-you", async () => {
    const f = await makeFixture("dup");
    const key = randomUUID();
    const [a, b] = await Promise.all([submit(f, { key }), submit(f, { key })]);
    expect(a.ok && b.ok).toBe(true);
    expect([a, b].map((r) => (r.ok ? r.duplicate : null)).sort()).toEqual([false, true]);
    expect(await storedCount(f.unitId)).toBe(1);
    expect((await figure(f.measure.csat))!.denominator).toBe(1);
  });

  it("refuses out-of-range and missing answers with a message per question, storing nothing", async () => {
    const f = await makeFixture("range");
    const r = await submit(f, { csat: "9", ces: "0", csi: undefined, channel: "carrier pigeon" });
    expect(r).toMatchObject({ ok: false, kind: "invalid" });
    if (r.ok) return;
    expect(r.fieldErrors).toEqual({
      csat: "Choose one of the five answers, from very dissatisfied to very satisfied",
      ces: "Choose one of the seven answers, from very difficult to very easy",
      csi: "Choose how dealing with us made you feel",
      channel: "Choose one of the ways of contacting us, or none",
    });
    expect(await storedCount(f.unitId)).toBe(0);
  });

  it("refuses a paused link, and an unknown one", async () => {
    const f = await makeFixture("paused");
    await db.update(feedbackLinks).set({ paused: true }).where(eq(feedbackLinks.id, f.linkId));
    expect(await submit(f, {})).toMatchObject({ ok: false, kind: "paused", message: expect.stringContaining("paused") });
    await expect(recordResponse(db, response(f, { csat: 5, ces: 5, csi: 5 }))).rejects.toBeInstanceOf(LinkPausedError);
    expect(await storedCount(f.unitId)).toBe(0);
    const unknown = await submitPublicResponse(db, { raw: { token: "no-such-link-0000000", key: randomUUID(), ...answers }, address: "x", now, limiters: createFeedbackLimiters() });
    expect(unknown).toMatchObject({ ok: false, kind: "not_found" });
  });

  it("rate-limits per address and per link, and stores exactly what it accepted", async () => {
    const f = await makeFixture("rate");
    const limiters = createFeedbackLimiters({ perAddress: { points: 3, duration: 60 }, perLink: { points: 5, duration: 60 } });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await submit(f, {}, "192.0.2.1", limiters));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ kind: "rate_limited", message: expect.stringMatching(/your connection.*Please try again in 1 minute\./) });
    // Other addresses until the link's own limit (5) is reached.
    for (let i = 0; i < 3; i++) results.push(await submit(f, {}, `192.0.2.${10 + i}`, limiters));
    expect(results.slice(4).map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[6]).toMatchObject({ kind: "rate_limited", message: expect.stringContaining("this survey link") });
    expect(await storedCount(f.unitId)).toBe(results.filter((r) => r.ok).length);
  });

  it("the form action redirects to the thank-you page, or answers with the message and the answers kept", async () => {
    const { sendSurvey } = await import("@/app/(public)/feedback/[token]/actions");
    const f = await makeFixture("action");
    const initial = { attempt: 0, kind: null, message: null, fieldErrors: {}, values: {} };
    await expect(sendSurvey(initial, form({ token: f.token, key: randomUUID(), ...answers }))).rejects.toThrow(`REDIRECT /feedback/${f.token}/thanks`);
    const refused = await sendSurvey(initial, form({ token: f.token, key: randomUUID(), csat: "5", ces: "12", csi: "4", comment: "Kept" }));
    expect(refused).toMatchObject({ attempt: 1, kind: "invalid", fieldErrors: { ces: expect.any(String) }, values: { csat: "5", ces: "12", csi: "4", comment: "Kept" } });
    expect(await storedCount(f.unitId)).toBe(1);
  });
});

describe("permissions and the signed-in actions", () => {
  it("phone responses: the lead of the unit (or above it), SLT of the department; not another department or a viewer", async () => {
    const f = await makeFixture("phone");
    const send = (who: SessionUser, unitId = f.unitId) => {
      session.user = who;
      return recordPhoneResponse(null, form({ unitId, key: randomUUID(), ...answers, comment: "Call me on 01534 445566" }));
    };
    const ok = await send(users.leadCls);
    expect(ok).toMatchObject({ ok: true, data: { duplicate: false, responses: 1, masked: 1 } });
    expect(await send(users.sltCls)).toMatchObject({ ok: true });
    expect(await send(users.admin)).toMatchObject({ ok: true });
    expect(await send(users.leadMd)).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    expect(await send(users.sltCoo)).toMatchObject({ ok: false });
    expect(await send(users.viewer)).toMatchObject({ ok: false });
    const [local] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "cls-local-services"));
    expect(await send(users.leadCls, local!.id)).toMatchObject({ ok: false });
    const rows = await db.select({ source: feedbackResponses.source, channel: feedbackResponses.channel, by: feedbackResponses.enteredById, comment: feedbackResponses.comment }).from(feedbackResponses).where(eq(feedbackResponses.unitId, f.unitId));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ source: "phone", channel: "phone", by: users.leadCls.id, comment: `Call me on ${MASKS.phone}` });
  });

  it("pausing a link: SLT of the department and administrators, version-checked and audited", async () => {
    const f = await makeFixture("pause");
    const toggle = (who: SessionUser, version: number, paused: boolean) => {
      session.user = who;
      return setFeedbackLinkPaused(null, form({ linkId: f.linkId, version, paused: String(paused) }));
    };
    expect(await toggle(users.leadCls, 1, true)).toMatchObject({ ok: false });
    expect(await toggle(users.sltCoo, 1, true)).toMatchObject({ ok: false });
    expect(await toggle(users.sltCls, 1, true)).toMatchObject({ ok: true, data: { paused: true, version: 2 } });
    const stale = await toggle(users.admin, 1, false);
    expect(stale).toMatchObject({ ok: false, message: expect.stringContaining("it is now paused"), current: { paused: true, version: 2 } });
    expect(await toggle(users.admin, 2, false)).toMatchObject({ ok: true, data: { paused: false, version: 3 } });
    const audit = await db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.entityType, "feedback_link"), eq(auditLog.entityId, String(f.linkId)))).orderBy(auditLog.id);
    expect(audit).toEqual([
      { action: "feedback.link_pause", actorId: users.sltCls.id },
      { action: "feedback.link_resume", actorId: users.admin.id },
    ]);
  });

  it("creating a link: one per unit, with an unguessable token", async () => {
    const [unit] = await db.insert(orgUnits).values({ slug: `fb-new-${randomUUID().slice(0, 8)}`, name: "New", shortName: "New", kind: "service", parentId: clsId }).returning({ id: orgUnits.id });
    session.user = users.leadCls;
    expect(await createFeedbackLink(null, form({ unitId: unit!.id }))).toMatchObject({ ok: false });
    session.user = users.sltCls;
    expect(await createFeedbackLink(null, form({ unitId: unit!.id }))).toMatchObject({ ok: true });
    expect(await createFeedbackLink(null, form({ unitId: unit!.id }))).toMatchObject({ ok: false, message: "This service already has a survey link." });
    const [link] = await db.select({ token: feedbackLinks.token }).from(feedbackLinks).where(eq(feedbackLinks.unitId, unit!.id));
    expect(link!.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it("themes: SLT adds one for the department; the unit's lead and SLT tag comments; others cannot", async () => {
    const f = await makeFixture("tags");
    await recordResponse(db, response(f, { csat: 2, ces: 2, csi: 2 }, { comment: "Told different things by different people" }));
    const [resp] = await db.select({ id: feedbackResponses.id }).from(feedbackResponses).where(eq(feedbackResponses.unitId, f.unitId));
    const name = `Waiting times ${randomUUID().slice(0, 6)}`;
    session.user = users.leadCls;
    expect(await addTheme(null, form({ departmentId: clsId, name }))).toMatchObject({ ok: false });
    session.user = users.sltCls;
    const added = await addTheme(null, form({ departmentId: clsId, name }));
    expect(added).toMatchObject({ ok: true });
    expect(await addTheme(null, form({ departmentId: clsId, name: name.toUpperCase() }))).toMatchObject({ ok: false, fieldErrors: { name: ["There is already a theme with this name"] } });
    expect(await addTheme(null, form({ departmentId: clsId, name: "Quality of service" }))).toMatchObject({ ok: false });

    const [builtIn] = await db.select({ id: feedbackThemes.id }).from(feedbackThemes).where(eq(feedbackThemes.name, "Consistency of information"));
    const ownId = added.ok ? added.data.id : 0;
    const tag = (who: SessionUser, ids: number[]) => {
      session.user = who;
      return tagComment(null, form({ responseId: resp!.id, ...Object.fromEntries(ids.map((id) => [`theme_${id}`, "on"])) }));
    };
    expect(await tag(users.leadMd, [builtIn!.id])).toMatchObject({ ok: false });
    expect(await tag(users.viewer, [builtIn!.id])).toMatchObject({ ok: false });
    expect(await tag(users.leadCls, [builtIn!.id, ownId])).toMatchObject({ ok: true, data: { changed: true } });
    expect(await tag(users.sltCls, [builtIn!.id, ownId])).toMatchObject({ ok: true, data: { changed: false } });
    // A theme of another department cannot be used here.
    const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
    const [cooTheme] = await db.insert(feedbackThemes).values({ departmentId: coo!.id, name: `COO only ${randomUUID().slice(0, 6)}` }).returning({ id: feedbackThemes.id });
    expect(await tag(users.admin, [cooTheme!.id])).toMatchObject({ ok: false });
    const tags = await db.select({ themeId: feedbackResponseThemes.themeId }).from(feedbackResponseThemes).where(eq(feedbackResponseThemes.responseId, resp!.id));
    expect(tags.map((t) => t.themeId).sort((a, b) => a - b)).toEqual([builtIn!.id, ownId].sort((a, b) => a - b));
  });

  it("the low-sample minimum: administrators only, a whole number from 1 to 1,000, audited", async () => {
    try {
      session.user = users.sltCls;
      expect(await updateFeedbackMinResponses(null, form({ minResponses: 50 }))).toMatchObject({ ok: false });
      session.user = users.admin;
      expect(await updateFeedbackMinResponses(null, form({ minResponses: 0 }))).toMatchObject({ ok: false, fieldErrors: { minResponses: [expect.any(String)] } });
      expect(await updateFeedbackMinResponses(null, form({ minResponses: 50, reason: "Quarterly sample policy" }))).toMatchObject({ ok: true, data: { minResponses: 50, changed: true } });
      const f = await makeFixture("min50");
      const r = await recordResponse(db, response(f, { csat: 5, ces: 5, csi: 5 }));
      expect(r.month).toMatchObject({ minimum: 50, lowSample: true });
      // This test's own entry (another file may have saved the setting before, at its default of 30).
      const [entry] = await db
        .select({ before: auditLog.before, after: auditLog.after, reason: auditLog.reason })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "app_setting"), eq(auditLog.entityId, "feedback_min_responses"), eq(auditLog.reason, "Quarterly sample policy")));
      expect(entry).toMatchObject({ before: { minResponses: 30 }, after: { minResponses: 50 }, reason: "Quarterly sample policy" });
    } finally {
      await db.execute(sql`delete from app_settings where key = 'feedback_min_responses'`);
    }
  });
});
