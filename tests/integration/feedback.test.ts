import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFeedbackLink, issueInteractionLinks, moderateResponses, setFeedbackLinkPaused } from "@/app/(app)/admin/feedback/actions";
import { updateFeedbackMinResponses } from "@/app/(app)/admin/settings/actions";
import { addTheme, recordPhoneResponse, tagComment } from "@/app/(app)/feedback/actions";
import { auditLog, feedbackInteractionUses, feedbackLinks, feedbackResponses, feedbackResponseThemes, feedbackThemes, measures, measureValues, orgUnits } from "@/db/schema";
import { createDb } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { issueInteractionLinks as issueLinks, USED_MESSAGE } from "@/lib/feedback/interaction-links";
import { MASKS } from "@/lib/feedback/mask";
import { listMonthSummaries } from "@/lib/feedback/queries";
import { InteractionUsedError, LinkPausedError, recalculateMonth, recordResponse, SURVEY_ACTOR, type NewResponse } from "@/lib/feedback/record";
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

let addresses = 0;
/** A source address no other test uses (the hold rule counts per address across links). */
const newAddress = () => `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses++ & 255}`;

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
    expect(csat!.commentary).toBe("Calculated from 4 customer survey responses, 0 verified. Low sample: fewer than 30 responses, so treat this figure with caution.");
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
    expect((await figure(f.measure.csat))!.commentary).toBe("Calculated from 37 customer survey responses, 0 verified.");
  });

  it("writes nothing for an empty month, and lists it with no figures rather than hiding it", async () => {
    const f = await makeFixture("empty");
    const result = await recalculateMonth(db, f.unitId, "2020-01-01");
    expect(result).toMatchObject({ responses: 0, csat: null, ces: null, csi: null, measuresWritten: 0 });
    expect(await figure(f.measure.csat, "2020-01-01")).toBeNull();
    await recordResponse(db, response(f, { csat: 5, ces: 5, csi: 5 }));
    const months = await listMonthSummaries([f.unitId], "2020-01-01", period);
    expect(months[0]).toEqual({ unitId: f.unitId, period: "2020-01-01", responses: 0, verified: 0, held: 0, csat: null, ces: null, csi: null });
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
      expect((await figure(f.measure.csat))!.commentary).toBe("Calculated from 2 customer survey responses, 0 verified.");
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
  const submit = (f: Fixture, fields: Record<string, string | undefined>, address = newAddress(), limiters = createFeedbackLimiters()) =>
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

  it("refuses beyond the per-address hard limit only: many addresses on one link are never refused", async () => {
    const f = await makeFixture("rate");
    const limiters = createFeedbackLimiters({ perAddress: { points: 3, duration: 60 } });
    const one = newAddress();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await submit(f, {}, one, limiters));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ kind: "rate_limited", message: expect.stringMatching(/your connection.*Please try again in 1 minute\./) });
    // Other addresses, past what the per-link limit used to allow: every one is taken.
    for (let i = 0; i < 8; i++) results.push(await submit(f, {}, newAddress(), limiters));
    expect(results.slice(4).every((r) => r.ok)).toBe(true);
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

describe("survey flooding (issue 15)", () => {
  const limiters = createFeedbackLimiters();
  const post = (f: Fixture, fields: Record<string, string | undefined> = {}, address = newAddress(), at = now, database = db) =>
    submitPublicResponse(database, { raw: { token: f.token, key: randomUUID(), ...answers, ...fields }, address, now: at, limiters });

  /** Single-use links for `references`, issued through the admin action as `who`; their signed tokens. */
  async function issue(who: SessionUser, f: Fixture, references: string[]): Promise<string[]> {
    session.user = who;
    const r = await issueInteractionLinks(null, form({ linkId: f.linkId, references: references.join("\n"), days: "30" }));
    if (!r.ok) throw new Error(r.message);
    return r.data.links.map((l) => {
      const url = new URL(l.url);
      expect(url.pathname).toBe(`/feedback/${f.token}`);
      return url.searchParams.get("i")!;
    });
  }

  async function states(unitId: number) {
    const rows = await db
      .select({ state: feedbackResponses.state, verified: feedbackResponses.verified, n: count() })
      .from(feedbackResponses)
      .where(eq(feedbackResponses.unitId, unitId))
      .groupBy(feedbackResponses.state, feedbackResponses.verified);
    return Object.fromEntries(rows.map((r) => [`${r.state}${r.verified ? "+verified" : ""}`, r.n]));
  }

  async function heldIds(unitId: number) {
    const rows = await db.select({ id: feedbackResponses.id }).from(feedbackResponses).where(and(eq(feedbackResponses.unitId, unitId), eq(feedbackResponses.state, "held"))).orderBy(feedbackResponses.id);
    return rows.map((r) => r.id);
  }

  /** Ten genuine responses three hours ago (nine satisfied): this month's CSAT is 90%. */
  async function genuineMonth(f: Fixture) {
    const earlier = new Date(now.getTime() - 3 * 3600_000);
    for (let i = 0; i < 10; i++) await recordResponse(db, response(f, { csat: i === 0 ? 2 : 5, ces: 6, csi: 4 }, { submittedAt: earlier }));
    expect(await figure(f.measure.csat)).toMatchObject({ value: 90, denominator: 10 });
  }

  const decide = (decision: "accept" | "reject", ids: number[], who: SessionUser = users.admin) => {
    session.user = who;
    return moderateResponses(null, form({ decision, ...Object.fromEntries(ids.map((id) => [`response_${id}`, "on"])) }));
  };

  it("a single-use link takes one response, verified; the second is refused kindly, also through a link issued again", async () => {
    const f = await makeFixture("single");
    const [token] = await issue(users.sltCls, f, ["CASE-2026-0001"]);
    const first = await post(f, { interaction: token });
    expect(first).toMatchObject({ ok: true, duplicate: false, outcome: { state: "counted" } });
    expect(await post(f, { interaction: token })).toEqual({ ok: false, kind: "used", message: USED_MESSAGE });
    expect(USED_MESSAGE).toMatch(/^This link has already been used — thank you/);
    // Issuing another link for the same interaction does not open a second response.
    const reissued = await issueLinks(users.admin, { linkId: f.linkId, references: ["CASE-2026-0001"], days: 7 });
    const again = new URL(`http://x${reissued.links[0]!.path}`).searchParams.get("i")!;
    expect(again).not.toBe(token);
    expect(await post(f, { interaction: again })).toMatchObject({ ok: false, kind: "used" });
    expect(await states(f.unitId)).toEqual({ "counted+verified": 1 });
    expect((await figure(f.measure.csat))!.commentary).toBe("Calculated from 1 customer survey response, 1 verified. Low sample: fewer than 30 responses, so treat this figure with caution.");
    const uses = await db.select({ key: feedbackInteractionUses.interactionKey }).from(feedbackInteractionUses).where(eq(feedbackInteractionUses.linkId, f.linkId));
    expect(uses).toHaveLength(1);
    expect(uses[0]!.key).not.toContain("CASE");
  });

  it("two posts through one single-use link at the same moment, on separate connections: one is stored", async () => {
    const f = await makeFixture("single-race");
    const tokens = await issue(users.sltCls, f, ["CALL-1", "CALL-2", "CALL-3"]);
    const many = createDb(testDatabaseUrl(), { max: 6 });
    try {
      for (const token of tokens) {
        const both = await Promise.all([0, 1].map(() => post(f, { interaction: token }, newAddress(), now, many.db)));
        expect(both.filter((r) => r.ok)).toHaveLength(1);
        expect(both.find((r) => !r.ok)).toMatchObject({ kind: "used" });
      }
    } finally {
      await many.pool.end();
    }
    expect(await states(f.unitId)).toEqual({ "counted+verified": 3 });
    // And at the lowest level, the use's primary key refuses a second response and rolls it back.
    const [stored] = await db.select({ key: feedbackInteractionUses.interactionKey }).from(feedbackInteractionUses).where(eq(feedbackInteractionUses.linkId, f.linkId)).limit(1);
    await expect(recordResponse(db, response(f, { csat: 1, ces: 1, csi: 1 }, { verified: true, interactionKey: stored!.key }))).rejects.toBeInstanceOf(InteractionUsedError);
    expect(await storedCount(f.unitId)).toBe(3);
  });

  it("refuses a changed, expired or another service's single-use link, storing nothing", async () => {
    const f = await makeFixture("tamper");
    const other = await makeFixture("tamper-other");
    const [token] = await issue(users.sltCls, f, ["CASE-9"]);
    const [payload, signature] = token!.split(".") as [string, string];
    const changed = `${payload.slice(0, 4)}${payload[4] === "A" ? "B" : "A"}${payload.slice(5)}.${signature}`;
    expect(await post(f, { interaction: changed })).toMatchObject({ ok: false, kind: "invalid_link", message: expect.stringContaining("not valid") });
    // Another reference in the payload, the original signature.
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), r: "CASE-10" })).toString("base64url");
    expect(await post(f, { interaction: `${forged}.${signature}` })).toMatchObject({ ok: false, kind: "invalid_link" });
    expect(await post(f, { interaction: "not-a-token" })).toMatchObject({ ok: false, kind: "invalid_link" });
    // Signed for this service's survey, sent to another's.
    expect(await post(other, { interaction: token })).toMatchObject({ ok: false, kind: "invalid_link" });
    const old = await issueLinks(users.sltCls, { linkId: f.linkId, references: ["CASE-OLD"], days: 1 }, new Date(now.getTime() - 2 * 86_400_000));
    const expired = new URL(`http://x${old.links[0]!.path}`).searchParams.get("i")!;
    expect(await post(f, { interaction: expired })).toMatchObject({ ok: false, kind: "expired", message: expect.stringContaining("expired") });
    expect(await storedCount(f.unitId)).toBe(0);
    expect(await storedCount(other.unitId)).toBe(0);
    // The untouched link still works.
    expect(await post(f, { interaction: token })).toMatchObject({ ok: true });
  });

  it("a burst on an open link is thanked, held, and does not move the figures, its first responses included", async () => {
    const f = await makeFixture("burst");
    await genuineMonth(f);
    const flood = [];
    for (let i = 0; i < 30; i++) flood.push(await post(f, { csat: "1", ces: "1", csi: "1" }));
    // Every sender gets the thank-you, none is told to wait or that they were held.
    expect(flood.every((r) => r.ok && !r.duplicate)).toBe(true);
    expect(flood.slice(20).every((r) => r.ok && r.outcome.state === "held")).toBe(true);
    expect(await figure(f.measure.csat)).toMatchObject({ value: 90, denominator: 10 });
    expect(await states(f.unitId)).toEqual({ counted: 10, held: 30 });
    const [summary] = (await listMonthSummaries([f.unitId], period, period)).slice(-1);
    expect(summary).toMatchObject({ responses: 10, verified: 0, held: 30, csat: 90 });
    const holds = await db.select({ after: auditLog.after }).from(auditLog).where(and(eq(auditLog.unitId, f.unitId), eq(auditLog.action, "feedback.responses_hold")));
    expect(holds).toHaveLength(1);
    expect(holds[0]!.after).toMatchObject({ state: "held", reason: "link_burst", responseIds: expect.any(Array) });
    expect((holds[0]!.after as { responseIds: number[] }).responseIds).toHaveLength(20);
  });

  it("bulk reject leaves the figures alone and keeps the responses; bulk accept counts them; both audited", async () => {
    const f = await makeFixture("moderate");
    await genuineMonth(f);
    for (let i = 0; i < 25; i++) await post(f, { csat: "1", ces: "1", csi: "1" });
    const held = await heldIds(f.unitId);
    expect(held).toHaveLength(25);

    expect(await decide("reject", held.slice(0, 20))).toMatchObject({ ok: true, data: { decided: 20, skipped: 0, decision: "reject" } });
    expect(await figure(f.measure.csat)).toMatchObject({ value: 90, denominator: 10 });
    expect(await decide("accept", held.slice(20))).toMatchObject({ ok: true, data: { decided: 5, skipped: 0 } });
    expect(await figure(f.measure.csat)).toMatchObject({ value: 60, numerator: 9, denominator: 15 });
    expect(await states(f.unitId)).toEqual({ counted: 10, rejected: 20, accepted: 5 });
    // A decided response is not decided again (someone else got there first).
    expect(await decide("reject", held.slice(18, 22))).toMatchObject({ ok: true, data: { decided: 0, skipped: 4 } });
    expect(await figure(f.measure.csat)).toMatchObject({ denominator: 15 });

    const reviewed = await db.select({ by: feedbackResponses.reviewedById }).from(feedbackResponses).where(inArray(feedbackResponses.id, held));
    expect(reviewed.every((r) => r.by === users.admin.id)).toBe(true);
    const audit = await db
      .select({ action: auditLog.action, n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.unitId, f.unitId), eq(auditLog.actorId, users.admin.id), eq(auditLog.entityType, "feedback_response")))
      .groupBy(auditLog.action);
    expect(Object.fromEntries(audit.map((a) => [a.action, a.n]))).toEqual({ "feedback.response_reject": 20, "feedback.response_accept": 5 });
  });

  it("a genuine respondent after a flood is never told to wait: a single-use link counts at once, the open link is thanked and counts once the burst has passed", async () => {
    const f = await makeFixture("after");
    const [token] = await issue(users.sltCls, f, ["EMAIL-77"]);
    for (let i = 0; i < 25; i++) expect(await post(f, { csat: "1", ces: "1", csi: "1" })).toMatchObject({ ok: true });
    expect(await figure(f.measure.csat)).toBeNull(); // the whole burst is held

    const verified = await post(f, { interaction: token }, newAddress());
    expect(verified).toMatchObject({ ok: true, outcome: { state: "counted" } });
    expect(await figure(f.measure.csat)).toMatchObject({ value: 100, denominator: 1 });

    const during = await post(f, {}, newAddress());
    expect(during).toMatchObject({ ok: true, outcome: { state: "held" } });
    const later = await post(f, {}, newAddress(), new Date(now.getTime() + 61 * 60_000));
    expect(later).toMatchObject({ ok: true, outcome: { state: "counted" } });
  });

  it("more than three from one address in an hour are held, the earlier ones with them; the hard limit refuses only that address", async () => {
    const f = await makeFixture("address");
    const one = newAddress();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await post(f, {}, one));
    expect(results.map((r) => r.ok && r.outcome.state)).toEqual(["counted", "counted", "counted", "held"]);
    expect(await states(f.unitId)).toEqual({ held: 4 });
    expect(await figure(f.measure.csat)).toBeNull();
    for (let i = 0; i < 6; i++) await post(f, {}, one);
    expect(await post(f, {}, one)).toMatchObject({ ok: false, kind: "rate_limited" });
    expect(await post(f, {}, newAddress())).toMatchObject({ ok: true, outcome: { state: "counted" } });
  });

  it("issuing links: whoever manages the service's survey link (its department's SLT, administrators); audited; not for a paused survey", async () => {
    const f = await makeFixture("issue-perm");
    const attempt = (who: SessionUser) => {
      session.user = who;
      return issueInteractionLinks(null, form({ linkId: f.linkId, references: "CASE-P1", days: "30" }));
    };
    expect(await attempt(users.leadCls)).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    expect(await attempt(users.viewer)).toMatchObject({ ok: false });
    expect(await attempt(users.sltCoo)).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    expect(await attempt(users.sltCls)).toMatchObject({ ok: true, data: { links: [{ reference: "CASE-P1" }], csv: expect.stringMatching(/^reference,link,expires\r\nCASE-P1,/) } });
    const [entry] = await db.select({ actorId: auditLog.actorId, after: auditLog.after }).from(auditLog).where(and(eq(auditLog.action, "feedback.links_issue"), eq(auditLog.entityId, String(f.linkId))));
    expect(entry).toMatchObject({ actorId: users.sltCls.id, after: { count: 1, references: ["CASE-P1"] } });
    await db.update(feedbackLinks).set({ paused: true }).where(eq(feedbackLinks.id, f.linkId));
    expect(await attempt(users.admin)).toMatchObject({ ok: false, message: expect.stringContaining("paused") });
  });

  it("moderating: administrators only; anyone else changes nothing", async () => {
    const f = await makeFixture("moderate-perm");
    for (let i = 0; i < 4; i++) await post(f, {}, "192.0.2.200");
    const held = await heldIds(f.unitId);
    expect(held).toHaveLength(4);
    for (const who of [users.sltCls, users.leadCls, users.viewer, users.sltCoo]) {
      expect(await decide("accept", held, who)).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    }
    session.user = null;
    expect(await moderateResponses(null, form({ decision: "accept", [`response_${held[0]}`]: "on" }))).toMatchObject({ ok: false });
    expect(await states(f.unitId)).toEqual({ held: 4 });
    expect(await decide("accept", held)).toMatchObject({ ok: true, data: { decided: 4 } });
    expect(await figure(f.measure.csat)).toMatchObject({ denominator: 4 });
  });

  it("the form action: a single-use link goes to the thank-you page once, then says it was used", async () => {
    const { sendSurvey } = await import("@/app/(public)/feedback/[token]/actions");
    const f = await makeFixture("form-single");
    const [token] = await issue(users.sltCls, f, ["CASE-F1"]);
    const initial = { attempt: 0, kind: null, message: null, fieldErrors: {}, values: {} };
    request.address = newAddress();
    await expect(sendSurvey(initial, form({ token: f.token, interaction: token!, key: randomUUID(), ...answers }))).rejects.toThrow(`REDIRECT /feedback/${f.token}/thanks`);
    expect(await sendSurvey(initial, form({ token: f.token, interaction: token!, key: randomUUID(), ...answers }))).toMatchObject({ kind: "used", message: USED_MESSAGE });
  });
});
