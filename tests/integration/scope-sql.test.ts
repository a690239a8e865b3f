import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/auth/permissions";
import { departmentScopeSql, seesDepartment } from "@/lib/org/scope-sql";
import { setUpTestDb } from "../support/harness";

/** Department scope: the SQL fragment every read filters with = its TypeScript twin. */
const { db } = setUpTestDb({ demoData: false });

describe("department scope: departmentScopeSql = seesDepartment", () => {
  it("for every role, scope and department", async () => {
    const department = fc.integer({ min: 1, max: 6 });
    const actor = fc.record({
      id: fc.integer({ min: 1, max: 99 }),
      role: fc.constantFrom<Role>("ADMIN", "SLT", "LEAD", "VIEWER"),
      unitId: fc.option(department, { nil: null }),
      departmentId: fc.option(department, { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(actor, department, async (user: Actor, departmentId) => {
        const { rows } = await db.execute<{ v: boolean }>(sql`select ${departmentScopeSql(user, sql`${departmentId}::int`)} as v`);
        expect(rows[0]!.v).toBe(seesDepartment(user, departmentId));
      }),
      { numRuns: 200 },
    );
  });
});
