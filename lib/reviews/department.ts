import "server-only";
import { and, eq } from "drizzle-orm";
import { orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { departmentScope } from "./pack";

/**
 * The department a review form names, checked against the user's scope ("review:manage"); refuses
 * anything else. Unknown and out-of-scope departments get the same answer, so ids cannot be probed.
 */
export async function managedDepartment(actor: SessionUser, departmentId: number): Promise<{ id: number; slug: string }> {
  const [dept] = await db
    .select({ id: orgUnits.id, slug: orgUnits.slug })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, departmentId), eq(orgUnits.kind, "department")));
  assertCan(actor, "review:manage", dept ? departmentScope(dept) : { unitId: -1, departmentId: -1, ancestorIds: [] });
  return dept!;
}
