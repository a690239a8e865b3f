import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, apiTokenUnits } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, ForbiddenError, UNKNOWN_UNIT, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { CreateApiTokenInput, RevokeApiTokenInput } from "@/lib/validation/api-token";
import { tokenUnitScopes, unitScopes, type NamedUnitScope } from "./queries";
import { expiryDay, TOKEN_TIME_ZONE, type TokenAccessChoice } from "./rules";
import { managesToken } from "./scope-sql";
import { generateToken, hashToken, tokenPrefix } from "./tokens";

/** A token just made: the only time its secret leaves the server. */
export interface CreatedToken {
  id: number;
  /** The whole token, shown once; only its SHA-256 is stored. */
  token: string;
  name: string;
  prefix: string;
  access: TokenAccessChoice;
  /** The expiry date chosen (YYYY-MM-DD): it works until the end of that day, Jersey time. */
  expiresOn: string;
  units: { id: number; name: string; slug: string }[];
}

/**
 * The audit entry's unit: the token's one unit, else the department all its units share (so that
 * the department's own trail finds it), else none.
 */
function auditUnitId(units: readonly UnitScope[]): number | null {
  if (units.length === 1) return units[0]!.unitId;
  const departments = new Set(units.map((u) => u.departmentId));
  return departments.size === 1 ? [...departments][0]! : null;
}

/**
 * Creates a token for source systems: `user` must manage every unit it names (an administrator any
 * unit, a department's SLT only its own department's; refused otherwise, with nothing written).
 * It acts as `user` within those units and the units below them until the end of its expiry day.
 * Returns the token once; the database keeps its hash, and the audit its name, scope and prefix.
 */
export async function createApiToken(user: SessionUser, input: CreateApiTokenInput): Promise<CreatedToken> {
  const units = await unitScopes(input.unitIds);
  const known = new Set(units.map((u) => u.unitId));
  // Scope first: a unit of another department is a permission refusal, whatever else is wrong.
  if (!managesToken(user, units)) throw new ForbiddenError();
  if (input.unitIds.some((id) => !known.has(id))) {
    throw new RuleError("Please correct the highlighted fields.", { unitIds: ["One of the units chosen no longer exists: reload the page and choose again"] });
  }
  const token = generateToken();
  const prefix = tokenPrefix(token);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenHash: hashToken(token),
        prefix,
        access: input.access,
        createdById: user.id,
        // The end of the chosen day in Jersey: midnight at the start of the next.
        expiresAt: sql`((${input.expiresOn}::date + 1)::timestamp at time zone ${TOKEN_TIME_ZONE})`,
      })
      .returning({ id: apiTokens.id, expiresAt: apiTokens.expiresAt });
    const id = row!.id;
    await tx.insert(apiTokenUnits).values(units.map((u) => ({ tokenId: id, unitId: u.unitId })));
    const named = units.map((u) => ({ id: u.unitId, name: u.name }));
    await writeAudit(
      {
        actorId: user.id,
        actorEmail: user.email,
        action: "api_token.create",
        entityType: "api_token",
        entityId: id,
        unitId: auditUnitId(units),
        // Never the token nor its hash: the prefix is enough to tell it apart.
        after: { name: input.name, access: input.access, units: named, expiresAt: row!.expiresAt.toISOString(), prefix },
      },
      tx,
    );
    return { id, token, name: input.name, prefix, access: input.access, expiresOn: expiryDay(row!.expiresAt), units: units.map((u) => ({ id: u.unitId, name: u.name, slug: u.slug })) };
  });
}

/**
 * Revokes a token at once, with an optional reason; audited. `user` must manage every unit it names
 * (an SLT: a token lying wholly in its department). A token already revoked is refused, so that a
 * second revocation from a stale page neither overwrites the first nor is audited twice. An unknown
 * token is refused like one out of scope, except to an administrator.
 */
export async function revokeApiToken(user: SessionUser, input: RevokeApiTokenInput): Promise<{ id: number; name: string }> {
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.id, input.tokenId))
      .for("update");
    if (!token) {
      if (can(user, "api-token:manage", UNKNOWN_UNIT)) throw new RuleError("That token no longer exists. Nothing was changed.");
      throw new ForbiddenError();
    }
    const units: NamedUnitScope[] = await tokenUnitScopes(token.id, tx);
    if (!managesToken(user, units)) throw new ForbiddenError();
    if (token.revokedAt) {
      const on = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: TOKEN_TIME_ZONE }).format(token.revokedAt);
      throw new RuleError(`This token was already revoked on ${on}. Nothing was changed.`);
    }
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()`, revokedById: user.id })
      .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)))
      .returning({ revokedAt: apiTokens.revokedAt });
    await writeAudit(
      {
        actorId: user.id,
        actorEmail: user.email,
        action: "api_token.revoke",
        entityType: "api_token",
        entityId: token.id,
        unitId: auditUnitId(units),
        before: { name: token.name, prefix: token.prefix, revokedAt: null },
        after: { name: token.name, prefix: token.prefix, revokedAt: revoked!.revokedAt!.toISOString() },
        reason: input.reason ?? null,
      },
      tx,
    );
    return { id: token.id, name: token.name };
  });
}
