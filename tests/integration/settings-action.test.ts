import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { updateFiguresDueDay } from "@/app/(app)/admin/settings/actions";
import { appSettings, auditLog, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getFiguresDueWorkingDay, SETTING_KEYS } from "@/lib/settings";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

// The session is what the test says it is; next/cache needs a Next request context, so it is a no-op here.
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const KEY = SETTING_KEYS.figuresDueWorkingDay;
let admin: SessionUser;
/** The last audit entry id before each test: entries after it are the test's own. */
let auditMark = 0;

beforeAll(async () => {
  const [row] = await db
    .insert(users)
    .values({ email: `admin-${randomUUID().slice(0, 8)}@settings.test`, name: "Settings Test Admin", role: "ADMIN" })
    .returning({ id: users.id });
  admin = await sessionUserFor({ id: row!.id });
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

beforeEach(async () => {
  session.user = null;
  vi.mocked(revalidatePath).mockClear();
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::integer` }).from(auditLog);
  auditMark = last!.id;
});

afterAll(async () => {
  // Leave the default in force for the other test files.
  await db.delete(appSettings).where(eq(appSettings.key, KEY));
  logged.mockRestore();
});

const dueDayForm = (workingDay: string, reason = "") => form({ workingDay, reason });

const stored = async () => (await db.select().from(appSettings).where(eq(appSettings.key, KEY)))[0];
const newAudit = () => db.select().from(auditLog).where(and(gt(auditLog.id, auditMark), eq(auditLog.entityType, "app_setting"))).orderBy(asc(auditLog.id));

describe("updateFiguresDueDay", () => {
  it("lets an administrator set the working day, audited with before and after", async () => {
    session.user = admin;
    await db.delete(appSettings).where(eq(appSettings.key, KEY));
    expect(await getFiguresDueWorkingDay(db)).toBe(10);

    const result = await updateFiguresDueDay(undefined, dueDayForm(" 8 ", "Finance asked for figures earlier"));
    expect(result).toEqual({ ok: true, data: { workingDay: 8, changed: true } });
    expect(await stored()).toMatchObject({ value: 8, updatedById: admin.id });
    expect(await getFiguresDueWorkingDay(db)).toBe(8);
    expect(revalidatePath).toHaveBeenCalledWith("/admin/settings");
    expect(revalidatePath).toHaveBeenCalledWith("/entry/status");

    const [entry, ...more] = await newAudit();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: "setting.update",
      entityId: KEY,
      actorId: admin.id,
      before: { workingDay: 10, default: true },
      after: { workingDay: 8 },
      reason: "Finance asked for figures earlier",
    });

    // A second change records the stored value as "before".
    expect(await updateFiguresDueDay(undefined, dueDayForm("12"))).toMatchObject({ ok: true, data: { workingDay: 12 } });
    const entries = await newAudit();
    expect(entries.at(-1)).toMatchObject({ before: { workingDay: 8 }, after: { workingDay: 12 }, reason: null });
  });

  it("saves nothing and audits nothing when the value is unchanged", async () => {
    session.user = admin;
    const current = await getFiguresDueWorkingDay(db);
    const before = await stored();
    expect(await updateFiguresDueDay(undefined, dueDayForm(String(current)))).toEqual({ ok: true, data: { workingDay: current, changed: false } });
    expect(await stored()).toEqual(before);
    expect(await newAudit()).toEqual([]);
  });

  it.each(["0", "21", "-3", "7.5", "", "ten", "1e1"])("refuses %j with a field error and changes nothing", async (value) => {
    session.user = admin;
    const before = await stored();
    const result = await updateFiguresDueDay(undefined, dueDayForm(value));
    expect(result).toMatchObject({ ok: false, fieldErrors: { workingDay: ["Enter a whole number from 1 to 20"] } });
    expect(await stored()).toEqual(before);
    expect(await newAudit()).toEqual([]);
  });

  it.each(["slt.coo", "lead.md", "viewer"])("refuses %s and changes nothing", async (who) => {
    session.user = await sessionUserFor({ email: `${who}@baseline.test` });
    const before = await stored();
    const result = await updateFiguresDueDay(undefined, dueDayForm("5"));
    expect(result).toEqual({ ok: false, message: "You do not have permission to do that." });
    expect(await stored()).toEqual(before);
    expect(await newAudit()).toEqual([]);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("refuses a signed-out caller", async () => {
    session.user = null;
    expect(await updateFiguresDueDay(undefined, dueDayForm("5"))).toEqual({ ok: false, message: "Your session has ended. Please sign in again." });
  });

  it("ignores a stored value out of range (the pages fall back to 10)", async () => {
    await db
      .insert(appSettings)
      .values({ key: KEY, value: 99 })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: 99 } });
    expect(await getFiguresDueWorkingDay(db)).toBe(10);
    await db.delete(appSettings).where(eq(appSettings.key, KEY));
  });
});
