import { randomUUID } from "node:crypto";
import { and, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, outbox, users } from "@/db/schema";
import { auditDiff } from "@/lib/audit/diff";
import { auditQuery, type AuditQuery } from "@/lib/audit/list-params";
import { AUDIT_COUNT_CAP, listAuditTrail } from "@/lib/audit/queries";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError, UnauthenticatedError } from "@/lib/auth/permissions";
import { db as appDb } from "@/lib/db";
import { ROLES, type Role } from "@/lib/enums";
import { listUnitsWithScope } from "@/lib/org/queries";
import { PAGE_SIZE } from "@/lib/paging/page";
import { DELIVERY_STATES, deliveryOf, deliverySql, type DeliveryState } from "@/lib/reminders/delivery";
import { listOutbox, outboxQuery } from "@/lib/reminders/outbox";
import { USER_SORTS, userListQuery, type UserListQuery, type UserSort } from "@/lib/users/list-params";
import { listUserDepartments, listUsers } from "@/lib/users/queries";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

/*
 * The admin lists at scale: /admin/users, /admin/outbox and /admin/audit filter, sort and page in
 * SQL. Each is checked against an unpaged reference computed here from the rows this file inserts
 * (all marked with RUN, so the demo data and other files' rows stay out of the comparison).
 */

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));

const { db } = setUpTestDb();
const RUN = `r${randomUUID().slice(0, 8)}`;
let who: Awaited<ReturnType<typeof demoUsers>>;

const ids = <T extends { id: number }>(rows: readonly T[]) => rows.map((r) => r.id);
const userQuery = (over: Partial<UserListQuery>): UserListQuery => ({ role: null, departmentId: null, status: null, q: RUN, sort: "name", page: 1, ...over });

// ---------------------------------------------------------------------------------------------
// Users

interface UserFixture {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  unitId: number | null;
  lastSignInAt: Date | null;
}
const fixtureUsers: UserFixture[] = [];
const departmentOf = new Map<number, number>();
let departments: number[] = [];

function userSort(sort: UserSort) {
  const byName = (a: UserFixture, b: UserFixture) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);
  const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a: UserFixture, b: UserFixture): number => {
    switch (sort) {
      case "name":
        return byName(a, b);
      case "email":
        return str(a.email, b.email) || a.id - b.id;
      case "role":
        return ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || byName(a, b);
      case "last-sign-in": {
        const t = (u: UserFixture) => u.lastSignInAt?.getTime() ?? -Infinity;
        return t(b) - t(a) || byName(a, b);
      }
    }
  };
}

function expectedUsers(q: UserListQuery): UserFixture[] {
  const needle = q.q.toLowerCase();
  return fixtureUsers
    .filter((u) => (!q.role || u.role === q.role) && (!q.status || u.active === (q.status === "active")))
    .filter((u) => !q.departmentId || (u.unitId !== null && departmentOf.get(u.unitId) === q.departmentId))
    .filter((u) => u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle))
    .sort(userSort(q.sort));
}

/** Every page of the list, in order, as the Next links would walk it. */
async function allUserPages(actor: SessionUser, q: UserListQuery) {
  const first = await listUsers(actor, q);
  const rows = [...first.rows];
  for (let page = 2; page <= first.window.pages; page++) rows.push(...(await listUsers(actor, { ...q, page })).rows);
  return { first, rows };
}

// ---------------------------------------------------------------------------------------------
// Outbox

interface OutboxFixture {
  id: number;
  toEmail: string;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
  attempts: number;
  gaveUpAt: Date | null;
}
const fixtureOutbox: OutboxFixture[] = [];
const newestFirst = (a: { id: number; createdAt: Date }, b: { id: number; createdAt: Date }) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;

// ---------------------------------------------------------------------------------------------
// Audit

interface AuditFixture {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  actorId: number | null;
  actorEmail: string | null;
}
const fixtureAudit: AuditFixture[] = [];
const BASE = Date.parse("2020-03-10T20:00:00Z"); // Jersey is on GMT then: its days are UTC days
const auditQ = (over: Partial<AuditQuery>): AuditQuery => ({
  entityType: null,
  action: RUN,
  actor: "",
  entityId: null,
  from: null,
  to: null,
  older: null,
  newer: null,
  ...over,
});

async function walkAudit(actor: SessionUser, q: AuditQuery) {
  const pages: number[][] = [];
  let page = await listAuditTrail(actor, q);
  pages.push(ids(page.rows));
  const first = page;
  while (page.olderThan !== null) {
    page = await listAuditTrail(actor, { ...q, older: page.olderThan, newer: null });
    pages.push(ids(page.rows));
  }
  return { first, last: page, pages };
}

beforeAll(async () => {
  who = await demoUsers();
  const units = await listUnitsWithScope();
  for (const u of units) departmentOf.set(u.id, u.departmentId);
  departments = units.filter((u) => u.depth === 0).map((u) => u.id);
  const unitIds = units.map((u) => u.id);

  // 130 accounts: names out of id order, every role, both statuses, units of several departments,
  // some who never signed in, and equal names and sign-in times to exercise the tie-breaks.
  const values = Array.from({ length: 130 }, (_, i) => {
    const role = ROLES[(i * 7) % ROLES.length]!;
    // SLT and leads work in a unit (an SLT in a department); administrators and viewers in none.
    const unitId = role === "SLT" ? departments[i % departments.length]! : role === "LEAD" ? unitIds[i % unitIds.length]! : null;
    return {
      name: `List ${RUN} ${String((i * 37) % 61).padStart(2, "0")}`,
      email: `${RUN}.${String((i * 53) % 130).padStart(3, "0")}@lists.test`,
      role,
      active: i % 3 !== 0,
      unitId,
      lastSignInAt: i % 4 === 0 ? null : new Date(BASE + (i % 17) * 3_600_000),
    };
  });
  // Search text with LIKE's wildcards: "_" must match only itself.
  values.push({ ...values[0]!, name: `Wild ${RUN}_under`, email: `${RUN}.wild1@lists.test` });
  values.push({ ...values[0]!, name: `Wild ${RUN}Xunder`, email: `${RUN}.wild2@lists.test` });
  fixtureUsers.push(...(await db.insert(users).values(values).returning({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active, unitId: users.unitId, lastSignInAt: users.lastSignInAt })));

  // 120 messages: every combination of sent / given up / tried, and equal creation times.
  const combos = [null, new Date(BASE)].flatMap((sentAt) =>
    [null, new Date(BASE)].flatMap((gaveUpAt) => [0, 3].map((attempts) => ({ sentAt, gaveUpAt, attempts, error: attempts > 0 ? "550 mailbox unavailable" : null, transport: "smtp" }))),
  );
  fixtureOutbox.push(
    ...(await db
      .insert(outbox)
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          dedupeKey: `${RUN}-${i}`,
          toEmail: `${RUN}.to${i % 9}@lists.test`,
          subject: `Reminder ${i}`,
          body: "Body",
          createdAt: new Date(BASE + Math.floor(i / 3) * 60_000),
          ...combos[i % combos.length]!,
        })),
      )
      .returning({ id: outbox.id, toEmail: outbox.toEmail, createdAt: outbox.createdAt, sentAt: outbox.sentAt, error: outbox.error, attempts: outbox.attempts, gaveUpAt: outbox.gaveUpAt })),
  );

  // 130 audit entries over three Jersey days, three at each instant (the id breaks the tie),
  // by the administrator, by an unknown email, or by nobody.
  fixtureAudit.push(
    ...(await db
      .insert(auditLog)
      .values(
        Array.from({ length: 130 }, (_, i) => ({
          at: new Date(BASE + Math.floor(i / 3) * 3_600_000),
          action: `${RUN}.${["create", "update", "sign_in"][i % 3]}`,
          entityType: i % 2 === 0 ? "user" : "measure",
          entityId: `${RUN}-${i % 7}`,
          actorId: i % 3 === 0 ? who.admin.id : null,
          actorEmail: i % 3 === 0 ? who.admin.email : i % 3 === 1 ? `ghost.${RUN}@lists.test` : null,
          before: i % 3 === 1 ? { name: "Sam", role: "LEAD", unitId: 4 } : null,
          after: i % 3 === 1 ? { name: "Sam", role: "SLT", unitId: 4 } : { name: "Sam" },
          reason: i % 3 === 1 ? "Promoted" : null,
        })),
      )
      .returning({ id: auditLog.id, at: auditLog.at, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, actorId: auditLog.actorId, actorEmail: auditLog.actorEmail })),
  );
});

// The accounts and messages leave with this file (no audit entry refers to them), so that later
// files see the demo's people; the audit log is append-only, and its entries are marked with RUN.
afterAll(async () => {
  await db.delete(outbox).where(like(outbox.dedupeKey, `${RUN}-%`));
  await db.delete(users).where(like(users.email, `${RUN}.%`));
});

describe("/admin/users", () => {
  it("shows at most 50 accounts a page, with the total of all that match", async () => {
    const { rows, window } = await listUsers(who.admin, userQuery({}));
    expect(rows).toHaveLength(PAGE_SIZE);
    expect(window.total).toBe(fixtureUsers.length);
    expect(window.pages).toBe(Math.ceil(fixtureUsers.length / PAGE_SIZE));
    const last = await listUsers(who.admin, userQuery({ page: window.pages }));
    expect(last.rows).toHaveLength(fixtureUsers.length - (window.pages - 1) * PAGE_SIZE);
    // A page past the end shows the last page.
    expect(ids((await listUsers(who.admin, userQuery({ page: 999 }))).rows)).toEqual(ids(last.rows));
  });

  it("filters, sorts and pages as the unpaged reference does", async () => {
    const cases: Partial<UserListQuery>[] = [
      ...USER_SORTS.map((sort) => ({ sort })),
      { role: "LEAD" },
      { role: "VIEWER", status: "disabled", sort: "last-sign-in" },
      { status: "active", sort: "role" },
      ...departments.slice(0, 3).map((departmentId) => ({ departmentId, sort: "email" as const })),
      { q: `${RUN}.0` },
    ];
    for (const c of cases) {
      const q = userQuery(c);
      const { first, rows } = await allUserPages(who.admin, q);
      const expected = expectedUsers(q);
      expect(expected.length, JSON.stringify(c)).toBeGreaterThan(0);
      expect(first.window.total, JSON.stringify(c)).toBe(expected.length);
      expect(ids(rows), JSON.stringify(c)).toEqual(ids(expected));
    }
  });

  it("searches names and emails case-insensitively, with LIKE's wildcards matched literally", async () => {
    expect((await listUsers(who.admin, userQuery({ q: `${RUN}_UNDER` }))).rows.map((u) => u.name)).toEqual([`Wild ${RUN}_under`]);
    expect((await listUsers(who.admin, userQuery({ q: `${RUN}%` }))).window.total).toBe(0);
  });

  it("reads one page in two queries, whatever the number of accounts", async () => {
    const n = await countQueries(() => listUsers(who.admin, userQuery({ page: 2 })));
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(2);
  });

  it("ignores malformed parameters", () => {
    const q = userListQuery({ role: "ROOT", status: "maybe", sort: "password_hash", page: "-1", department: "99999999", q: ["  ada  ", "x"], saved: "1" }, departments);
    expect(q).toEqual({ role: null, departmentId: null, status: null, q: "ada", sort: "name", page: 1 });
    expect(userListQuery({ department: String(departments[0]), page: "2", sort: "role" }, departments)).toMatchObject({ departmentId: departments[0], page: 2, sort: "role" });
    expect(userListQuery({ q: "x".repeat(500) }, departments).q).toHaveLength(100);
  });

  it("is refused to every role but the administrator", async () => {
    for (const actor of [who.viewer, who.sltCoo, who.leadMd]) {
      await expect(listUsers(actor, userQuery({}))).rejects.toThrow(ForbiddenError);
      await expect(listUserDepartments(actor)).rejects.toThrow(ForbiddenError);
    }
    expect(ids(await listUserDepartments(who.admin)).sort()).toEqual([...departments].sort());
  });
});

describe("/admin/outbox", () => {
  // Whether a mail server is configured is part of the rule: both ways.
  const configurations = [true, false] as const;

  it("classifies delivery the same way in SQL as on the page", async () => {
    for (const smtp of configurations) {
      const seen = new Set<DeliveryState>();
      for (const state of DELIVERY_STATES) {
        const inSql = await db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(like(outbox.dedupeKey, `${RUN}-%`), deliverySql(state, smtp)));
        const inTs = fixtureOutbox.filter((r) => deliveryOf(r, smtp) === state);
        if (inTs.length) seen.add(state);
        expect(ids(inSql).sort((a, b) => a - b), `${state}, SMTP ${smtp}`).toEqual(ids(inTs).sort((a, b) => a - b));
      }
      expect([...seen].sort()).toEqual(smtp ? ["gave-up", "retrying", "sent", "waiting"] : ["gave-up", "sent", "unconfigured"]);
    }
  });

  it("pages, filters by delivery and searches recipients as the unpaged reference does", async () => {
    for (const smtp of configurations) {
      const cases: { delivery: DeliveryState | null; q: string }[] = [{ delivery: null, q: RUN }, ...DELIVERY_STATES.map((delivery) => ({ delivery, q: RUN })), { delivery: "gave-up", q: `${RUN}.to3@` }];
      for (const c of cases) {
        const first = await listOutbox(db, who.admin, { ...c, page: 1 }, smtp);
        const rows = [...first.rows];
        for (let page = 2; page <= first.window.pages; page++) rows.push(...(await listOutbox(db, who.admin, { ...c, page }, smtp)).rows);
        const expected = fixtureOutbox.filter((r) => (!c.delivery || deliveryOf(r, smtp) === c.delivery) && r.toEmail.includes(c.q)).sort(newestFirst);
        expect(first.rows.length, JSON.stringify(c)).toBeLessThanOrEqual(PAGE_SIZE);
        expect(first.window.total, JSON.stringify(c)).toBe(expected.length);
        expect(ids(rows), JSON.stringify(c)).toEqual(ids(expected));
      }
    }
    const all = await listOutbox(db, who.admin, { delivery: null, q: RUN, page: 1 }, true);
    expect(all.rows).toHaveLength(PAGE_SIZE);
    expect(all.window.total).toBe(120);
    // Through the app's pool, which countQueries watches (the page passes it).
    const n = await countQueries(() => listOutbox(appDb, who.admin, { delivery: "retrying", q: RUN, page: 1 }, true));
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(2);
  });

  it("ignores malformed parameters", () => {
    expect(outboxQuery({ delivery: "bounced", q: "", page: "1e9" })).toEqual({ delivery: null, q: "", page: 1 });
    expect(outboxQuery({ delivery: "gave-up", q: " a@b ", page: "3" })).toEqual({ delivery: "gave-up", q: "a@b", page: 3 });
  });

  it("is refused to every role but the administrator", async () => {
    for (const actor of [who.viewer, who.sltCoo, who.sltCls, who.leadMd]) await expect(listOutbox(db, actor, outboxQuery({}), true)).rejects.toThrow(ForbiddenError);
    await expect(listOutbox(db, null, outboxQuery({}), true)).rejects.toThrow(UnauthenticatedError);
  });
});

describe("/admin/audit", () => {
  const reference = (keep: (r: AuditFixture) => boolean) => fixtureAudit.filter(keep).sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
  const jerseyDay = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Jersey" }).format(d);

  it("walks every entry newest first in pages of 50 with Older links, and back with Newer links", async () => {
    const q = auditQ({});
    const expected = ids(reference(() => true));
    const { first, last, pages } = await walkAudit(who.admin, q);
    expect(first.total).toBe(130);
    expect(first.capped).toBe(false);
    expect(first.newerThan).toBeNull();
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    expect(pages.flat()).toEqual(expected);
    expect(last.olderThan).toBeNull();

    // Back from the oldest page: the same pages, newest first within each.
    let page = last;
    const back: number[][] = [];
    while (page.newerThan !== null) {
      page = await listAuditTrail(who.admin, { ...q, newer: page.newerThan });
      back.push(ids(page.rows));
    }
    expect(back).toEqual([pages[1], pages[0]]);
    expect(page.newerThan).toBeNull();
  });

  it("filters by kind, record, action, who and Jersey days as the reference does", async () => {
    const day = jerseyDay(new Date(BASE + 30 * 3_600_000));
    const cases: [Partial<AuditQuery>, (r: AuditFixture) => boolean][] = [
      [{ entityType: "measure" }, (r) => r.entityType === "measure"],
      [{ entityId: `${RUN}-3` }, (r) => r.entityId === `${RUN}-3`],
      [{ entityType: "user", entityId: `${RUN}-2` }, (r) => r.entityType === "user" && r.entityId === `${RUN}-2`],
      [{ action: `${RUN}.update` }, (r) => r.action === `${RUN}.update`],
      [{ actor: `GHOST.${RUN}` }, (r) => r.actorEmail === `ghost.${RUN}@lists.test`],
      [{ actor: who.admin.name }, (r) => r.actorId === who.admin.id],
      [{ from: day, to: day }, (r) => jerseyDay(r.at) === day],
      [{ from: day }, (r) => jerseyDay(r.at) >= day],
      [{ to: day, entityType: "user" }, (r) => jerseyDay(r.at) <= day && r.entityType === "user"],
    ];
    for (const [over, keep] of cases) {
      const expected = ids(reference(keep));
      expect(expected.length, JSON.stringify(over)).toBeGreaterThan(0);
      const { first, pages } = await walkAudit(who.admin, auditQ(over));
      expect(first.total, JSON.stringify(over)).toBe(expected.length);
      expect(pages.flat(), JSON.stringify(over)).toEqual(expected);
      expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(PAGE_SIZE);
    }
  });

  it("shows who acted and the fields a change altered", async () => {
    const { rows } = await listAuditTrail(who.admin, auditQ({ action: `${RUN}.update` }));
    const row = rows[0]!;
    expect(row.actorName).toBeNull();
    expect(row.actorEmail).toBe(`ghost.${RUN}@lists.test`);
    expect(row.reason).toBe("Promoted");
    expect(auditDiff(row.before, row.after)).toEqual([{ field: "role", before: "LEAD", after: "SLT" }]);

    const [byAdmin] = (await listAuditTrail(who.admin, auditQ({ action: `${RUN}.create` }))).rows;
    expect(byAdmin).toMatchObject({ actorId: who.admin.id, actorName: who.admin.name, actorEmail: who.admin.email });
    // A creation: every field is new.
    expect(auditDiff(byAdmin!.before, byAdmin!.after)).toEqual([{ field: "name", before: null, after: "Sam" }]);
  });

  it("caps the count instead of counting a huge trail, in three queries a page", async () => {
    const bulk = `${RUN}b`;
    await db.execute(sql`insert into audit_log (action, entity_type, entity_id) select ${`${bulk}.bulk`}, 'user', ${bulk} || '-' || g from generate_series(1, ${AUDIT_COUNT_CAP + 5}) g`);
    const q = auditQ({ action: bulk });
    expect(await countQueries(() => listAuditTrail(who.admin, q))).toBeLessThanOrEqual(3);
    const page = await listAuditTrail(who.admin, q);
    expect(page).toMatchObject({ total: AUDIT_COUNT_CAP, capped: true });
    expect(page.rows).toHaveLength(PAGE_SIZE);
    expect(page.rows[0]!.actorEmail).toBeNull(); // no user and no email: shown as "System"
  });

  it("ignores malformed parameters", () => {
    expect(
      auditQuery({ type: "password", action: "DROP TABLE users", actor: "", entity: "' or 1=1 --", from: "2020-02-30", to: "yesterday", older: "0", newer: "abc" }),
    ).toEqual(auditQ({ action: null }));
    expect(auditQuery({ type: "risk", action: "auth", entity: "42", from: "2026-01-31", to: "2026-02-28", older: "17", newer: "18" })).toEqual(
      auditQ({ entityType: "risk", action: "auth", entityId: "42", from: "2026-01-31", to: "2026-02-28", older: 17 }),
    );
  });

  it("is refused to every role but the administrator, SLT's department-scoped audit:view included", async () => {
    for (const actor of [who.viewer, who.sltCoo, who.sltCls, who.leadMd, who.leadPcs]) await expect(listAuditTrail(actor, auditQ({}))).rejects.toThrow(ForbiddenError);
    await expect(listAuditTrail(null, auditQ({}))).rejects.toThrow(UnauthenticatedError);
  });
});
