import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, measures, measureValues, orgUnits, reportRevisions, reports, risks, users } from "@/db/schema";
import { inRolledBackTransaction, pgErrorOf, type Tx } from "../support/db-errors";
import { setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const CHECK_VIOLATION = "23514";
const UNIQUE_VIOLATION = "23505";
const INSUFFICIENT_PRIVILEGE = "42501";

let mdUnitId: number;
let cooUnitId: number;

beforeAll(async () => {
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  mdUnitId = units.find((u) => u.slug === "md")!.id;
  cooUnitId = units.find((u) => u.slug === "coo")!.id;
});

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A throwaway ratio measure, created inside the rolled-back transaction. */
async function scratchMeasure(tx: Tx): Promise<number> {
  const [row] = await tx
    .insert(measures)
    .values({
      code: unique("TEST-CONSTRAINTS"),
      name: "Scratch measure for constraint tests",
      unitId: mdUnitId,
      category: "service",
      valueType: "percent",
      direction: "higher_better",
      quarterRule: "ratio",
      dataSource: "Test",
    })
    .returning({ id: measures.id });
  return row!.id;
}

const validRisk = () => ({
  ref: unique("TEST-R"),
  unitId: mdUnitId,
  title: "Test risk",
  cause: "c",
  event: "e",
  impact: "i",
  category: "Operational",
  ownerName: "Owner",
  inherentLikelihood: 3,
  inherentImpact: 3,
  residualLikelihood: 2,
  residualImpact: 2,
  appetiteScore: 6,
});

describe("audit_log is append-only", () => {
  it("accepts an insert but refuses UPDATE, DELETE and TRUNCATE", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const [entry] = await tx
        .insert(auditLog)
        .values({ action: "test.append", entityType: "test", entityId: unique("e"), after: { ok: true } })
        .returning({ id: auditLog.id });
      expect(entry!.id).toBeGreaterThan(0);

      const update = await pgErrorOf(tx.transaction((sp) => sp.update(auditLog).set({ action: "test.tampered" }).where(eq(auditLog.id, entry!.id))));
      expect(update.code).toBe(INSUFFICIENT_PRIVILEGE);
      expect(update.message).toContain("append-only (UPDATE refused)");

      const del = await pgErrorOf(tx.transaction((sp) => sp.delete(auditLog).where(eq(auditLog.id, entry!.id))));
      expect(del.code).toBe(INSUFFICIENT_PRIVILEGE);
      expect(del.message).toContain("append-only (DELETE refused)");

      const truncate = await pgErrorOf(tx.transaction((sp) => sp.execute(sql`truncate audit_log`)));
      expect(truncate.code).toBe(INSUFFICIENT_PRIVILEGE);
      expect(truncate.message).toContain("append-only (TRUNCATE refused)");

      // The entry is untouched.
      const [still] = await tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.id, entry!.id));
      expect(still!.action).toBe("test.append");
    });
  });
});

describe("report_revisions are append-only", () => {
  it("accepts a new revision but refuses changing or removing a published one", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const [report] = await tx.insert(reports).values({ departmentId: cooUnitId, year: 1999, quarter: 4, status: "published" }).returning({ id: reports.id });
      const [rev] = await tx
        .insert(reportRevisions)
        .values({ reportId: report!.id, revision: 1, content: { figure: 91.2 } })
        .returning({ id: reportRevisions.id });

      const update = await pgErrorOf(tx.transaction((sp) => sp.update(reportRevisions).set({ content: { figure: 99 } }).where(eq(reportRevisions.id, rev!.id))));
      expect(update.code).toBe(INSUFFICIENT_PRIVILEGE);
      expect(update.message).toContain("append-only (UPDATE refused)");
      const del = await pgErrorOf(tx.transaction((sp) => sp.delete(reportRevisions).where(eq(reportRevisions.id, rev!.id))));
      expect(del.code).toBe(INSUFFICIENT_PRIVILEGE);
      const truncate = await pgErrorOf(tx.transaction((sp) => sp.execute(sql`truncate report_revisions cascade`)));
      expect(truncate.code).toBe(INSUFFICIENT_PRIVILEGE);

      // A correction is a new revision, and the first is unchanged.
      await tx.insert(reportRevisions).values({ reportId: report!.id, revision: 2, content: { figure: 92 }, correctionNote: "Corrected September figure." });
      const [first] = await tx.select({ content: reportRevisions.content }).from(reportRevisions).where(eq(reportRevisions.id, rev!.id));
      expect(first!.content).toEqual({ figure: 91.2 });
    });
  });
});

describe("measure_values", () => {
  it("refuses a numerator larger than the denominator, and accepts one equal to it", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const measureId = await scratchMeasure(tx);
      const err = await pgErrorOf(
        tx.transaction((sp) => sp.insert(measureValues).values({ measureId, period: "2024-01-01", value: "110", numerator: "11", denominator: "10" })),
      );
      expect(err).toMatchObject({ code: CHECK_VIOLATION, constraint: "measure_values_ratio_parts" });

      const noNumerator = await pgErrorOf(
        tx.transaction((sp) => sp.insert(measureValues).values({ measureId, period: "2024-01-01", value: "50", numerator: null, denominator: "10" })),
      );
      expect(noNumerator).toMatchObject({ code: CHECK_VIOLATION, constraint: "measure_values_ratio_parts" });

      const [ok] = await tx.insert(measureValues).values({ measureId, period: "2024-01-01", value: "100", numerator: "10", denominator: "10" }).returning({ id: measureValues.id });
      expect(ok!.id).toBeGreaterThan(0);
    });
  });

  it("refuses a period that is not the first of a month", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const measureId = await scratchMeasure(tx);
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(measureValues).values({ measureId, period: "2024-01-15", value: "90" })));
      expect(err).toMatchObject({ code: CHECK_VIOLATION, constraint: "measure_values_period_month" });
    });
  });

  it("refuses a second figure for the same measure and period", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const measureId = await scratchMeasure(tx);
      await tx.insert(measureValues).values({ measureId, period: "2024-02-01", value: "90" });
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(measureValues).values({ measureId, period: "2024-02-01", value: "91", status: "submitted" })));
      expect(err).toMatchObject({ code: UNIQUE_VIOLATION, constraint: "measure_values_measureId_periodType_period_unique" });
      // A different month is fine.
      await tx.insert(measureValues).values({ measureId, period: "2024-03-01", value: "92" });
      const rows = await tx.select({ value: measureValues.value }).from(measureValues).where(eq(measureValues.measureId, measureId));
      expect(rows.map((r) => Number(r.value)).sort()).toEqual([90, 92]);
    });
  });
});

describe("users", () => {
  const user = (role: "ADMIN" | "SLT" | "LEAD" | "VIEWER", unitId: number | null) => ({ email: `${unique("constraint")}@test.invalid`, name: "Constraint test", role, unitId });

  it.each(["LEAD", "SLT"] as const)("refuses a %s without a unit", async (role) => {
    await inRolledBackTransaction(db, async (tx) => {
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(users).values(user(role, null))));
      expect(err).toMatchObject({ code: CHECK_VIOLATION, constraint: "users_scope_matches_role" });
    });
  });

  it.each(["ADMIN", "VIEWER"] as const)("refuses a %s with a unit", async (role) => {
    await inRolledBackTransaction(db, async (tx) => {
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(users).values(user(role, mdUnitId))));
      expect(err).toMatchObject({ code: CHECK_VIOLATION, constraint: "users_scope_matches_role" });
    });
  });

  it("accepts a LEAD with a unit and an SLT with a department", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const rows = await tx.insert(users).values([user("LEAD", mdUnitId), user("SLT", cooUnitId)]).returning({ id: users.id });
      expect(rows).toHaveLength(2);
    });
  });

  it("refuses an email that differs from an existing one only in case", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(users).values({ email: "Admin@Baseline.TEST", name: "Impostor", role: "VIEWER" })));
      expect(err).toMatchObject({ code: UNIQUE_VIOLATION, constraint: "users_email_lower_unique" });
    });
  });
});

describe("risks", () => {
  it.each([
    ["residualLikelihood", 6, "risks_residual_likelihood"],
    ["residualImpact", 6, "risks_residual_impact"],
    ["inherentLikelihood", 6, "risks_inherent_likelihood"],
    ["inherentImpact", 0, "risks_inherent_impact"],
    ["appetiteScore", 26, "risks_appetite"],
  ] as const)("refuses %s = %d", async (field, value, constraint) => {
    await inRolledBackTransaction(db, async (tx) => {
      const err = await pgErrorOf(tx.transaction((sp) => sp.insert(risks).values({ ...validRisk(), [field]: value })));
      expect(err).toMatchObject({ code: CHECK_VIOLATION, constraint });
    });
  });

  it("accepts ratings at the ends of the 1–5 scale", async () => {
    await inRolledBackTransaction(db, async (tx) => {
      const [row] = await tx
        .insert(risks)
        .values({ ...validRisk(), inherentLikelihood: 5, inherentImpact: 5, residualLikelihood: 1, residualImpact: 1, appetiteScore: 25 })
        .returning({ id: risks.id });
      expect(row!.id).toBeGreaterThan(0);
    });
  });
});

describe("rolled-back fixtures", () => {
  it("leave nothing behind", async () => {
    const { rows } = await db.execute<{ measures: number; risks: number; users: number; audit: number }>(sql`
      select (select count(*) from measures where code like 'TEST-CONSTRAINTS-%')::int as measures,
        (select count(*) from risks where ref like 'TEST-R-%')::int as risks,
        (select count(*) from users where email like 'constraint-%')::int as users,
        (select count(*) from audit_log where action = 'test.append')::int as audit`);
    expect(rows[0]).toEqual({ measures: 0, risks: 0, users: 0, audit: 0 });
  });
});
