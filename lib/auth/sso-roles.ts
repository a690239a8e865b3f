import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { orgUnits, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { getSsoRoleMapping } from "@/lib/settings";
import { userChangeProblems } from "@/lib/users/rules";
import { ROLE_LABELS } from "./permissions";
import { groupClaim, matchingRule, type SsoProfile } from "./sso-claims";
import { endSessionsOfUser } from "./sessions";

/** Who the audit log names for a change made by the group → role setting. */
export const SSO_ACTOR = "single sign-on";

export type RoleMappingOutcome = "off" | "no_groups" | "no_match" | "unchanged" | "changed" | "refused";

/**
 * Applies the group → role setting (/admin/settings) to an existing, active account signing in
 * with single sign-on: the first rule whose group is among the person's groups sets the account's
 * role and scope. Accounts are never created; an account in no rule's group keeps its role; a
 * provider that sent no groups (or Entra ID's "overage" reference instead of them) changes nothing.
 * It never takes the administrator role from the last active administrator, and never gives a rule's
 * scope when its unit no longer suits the role. A change is audited as made by "single sign-on",
 * bumps the account's version (so an administrator's open form of it is refused as stale, not
 * applied over it) and ends the account's other sessions, as any role change does.
 */
export async function applySsoRoleMapping(userId: number, profile: SsoProfile, provider: string): Promise<RoleMappingOutcome> {
  const mapping = await getSsoRoleMapping(db);
  if (mapping.rules.length === 0) return "off";
  const groups = groupClaim(mapping.claim, profile.idToken, profile.userinfo);
  if (!groups.values) {
    log("warn", "sso groups not sent", { userId, provider, claim: mapping.claim, overage: groups.overage });
    return "no_groups";
  }
  const rule = matchingRule(mapping.rules, groups.values);
  if (!rule) return "no_match";

  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role, unitId: users.unitId, active: users.active })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!before?.active) return "refused";
    if (before.role === rule.role && before.unitId === rule.unitId) return "unchanged";

    const [unit] = rule.unitId === null ? [] : await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, rule.unitId));
    const unitProblem = rule.unitId !== null && (!unit || userChangeProblems({ actorId: 0, targetId: null, role: rule.role, active: true, unitKind: unit.kind }).unitId);
    if (unitProblem) {
      log("warn", "sso role rule not applied: its unit does not suit the role", { userId, provider, group: rule.group, role: rule.role, unitId: rule.unitId });
      return "refused";
    }
    if (before.role === "ADMIN" && rule.role !== "ADMIN") {
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.role, "ADMIN"), eq(users.active, true), ne(users.id, userId)));
      if (!others?.n) {
        log("warn", "sso role rule not applied: the last administrator keeps the role", { userId, provider, group: rule.group, role: rule.role });
        return "refused";
      }
    }

    const after = { role: rule.role, unitId: rule.unitId };
    await tx
      .update(users)
      .set({ ...after, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await writeAudit(
      {
        actorEmail: SSO_ACTOR,
        action: "user.update",
        entityType: "user",
        entityId: userId,
        before: { role: before.role, unitId: before.unitId },
        after,
        reason: `Member of group ${rule.group}, which the single sign-on setting maps to ${ROLE_LABELS[rule.role]} (signed in with ${provider})`,
      },
      tx,
    );
    await endSessionsOfUser(userId, "account_changed", tx);
    log("info", "sso role rule applied", { userId, provider, group: rule.group, role: rule.role, unitId: rule.unitId });
    return "changed";
  });
}
