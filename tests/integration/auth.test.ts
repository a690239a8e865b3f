import { beforeAll, describe, expect, it } from "vitest";
import { orgUnits } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { startSession } from "@/lib/auth/sessions";
import { loadSessionUser, loadUser } from "@/lib/auth/user-record";
import { countQueries, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const unitIds = new Map<string, number>();

beforeAll(async () => {
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
});

const unit = (slug: string) => {
  const id = unitIds.get(slug);
  if (id === undefined) throw new Error(`unit ${slug} missing`);
  return id;
};

describe("loadUser", () => {
  it("gives a LEAD of a directorate that directorate's department", async () => {
    const user = await loadUser({ email: "lead.md@baseline.test" });
    expect(user).toMatchObject({ role: "LEAD", unitId: unit("md"), unitName: "Modernisation and Digital", departmentId: unit("coo") });
  });

  it("gives a LEAD of a service that service's department", async () => {
    const user = await loadUser({ email: "lead.cls@baseline.test" });
    expect(user).toMatchObject({ role: "LEAD", unitId: unit("cls-customer-services"), departmentId: unit("cls") });
  });

  it("gives an SLT member their department as both unit and department", async () => {
    const coo = await loadUser({ email: "slt.coo@baseline.test" });
    expect(coo).toMatchObject({ role: "SLT", unitId: unit("coo"), departmentId: unit("coo"), unitName: "Chief Operating Office" });
    const cls = await loadUser({ email: "slt.cls@baseline.test" });
    expect(cls).toMatchObject({ role: "SLT", unitId: unit("cls"), departmentId: unit("cls") });
  });

  it.each(["admin@baseline.test", "viewer@baseline.test"])("gives %s no unit and no department", async (email) => {
    const user = await loadUser({ email });
    expect(user).not.toBeNull();
    expect(user!.unitId).toBeNull();
    expect(user!.unitName).toBeNull();
    expect(user!.departmentId).toBeNull();
  });

  it("finds a user by email whatever its case, and by id, with the same record", async () => {
    const byEmail = await loadUser({ email: "LEAD.MD@Baseline.Test" });
    expect(byEmail).not.toBeNull();
    const byId = await loadUser({ id: byEmail!.id });
    expect(byId).toEqual(byEmail);
    expect(byId).toMatchObject({ email: "lead.md@baseline.test", name: "Morgan Falle", active: true });
  });

  it("loadSessionUser reads the session with the same user record (no password hash) in one query", async () => {
    for (const email of ["lead.md@baseline.test", "lead.cls@baseline.test", "admin@baseline.test"]) {
      const { passwordHash, ...user } = (await loadUser({ email }))!;
      expect(passwordHash).toMatch(/^\$argon2id\$/);
      const now = new Date();
      const sid = await startSession(user.id, { userAgent: null, address: null }, now);
      let found: Awaited<ReturnType<typeof loadSessionUser>> = null;
      expect(await countQueries(async () => (found = await loadSessionUser(sid)))).toBe(1);
      expect(found).toEqual({ user, session: { createdAt: now, lastSeenAt: now, endedAt: null } });
    }
    expect(await loadSessionUser("no-such-session")).toBeNull();
  });

  it("returns null for an unknown email or id", async () => {
    expect(await loadUser({ email: "nobody@baseline.test" })).toBeNull();
    expect(await loadUser({ id: 2_000_000_000 })).toBeNull();
  });

  it("returns the stored Argon2id hash for the sign-in check", async () => {
    const user = await loadUser({ email: "viewer@baseline.test" });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe("verifyPassword", () => {
  it("accepts the demo password against a seeded hash", async () => {
    const user = await loadUser({ email: "slt.cls@baseline.test" });
    expect(await verifyPassword(user!.passwordHash, "baseline-demo")).toBe(true);
  });

  it("refuses a wrong password, including a near miss", async () => {
    const user = await loadUser({ email: "slt.cls@baseline.test" });
    expect(await verifyPassword(user!.passwordHash, "baseline-demo!")).toBe(false);
    expect(await verifyPassword(user!.passwordHash, "Baseline-demo")).toBe(false);
    expect(await verifyPassword(user!.passwordHash, "")).toBe(false);
  });

  it("refuses any password for an account without a hash (OIDC only or unknown)", async () => {
    expect(await verifyPassword(null, "baseline-demo")).toBe(false);
    expect(await verifyPassword(null, "")).toBe(false);
  });

  it("refuses rather than throws on a malformed stored hash", async () => {
    expect(await verifyPassword("not-a-hash", "baseline-demo")).toBe(false);
  });

  it("hashes with Argon2id and a fresh salt each time", async () => {
    const [a, b] = await Promise.all([hashPassword("a long enough password"), hashPassword("a long enough password")]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "a long enough password")).toBe(true);
    expect(await verifyPassword(b, "a long enough password")).toBe(true);
  });
});
