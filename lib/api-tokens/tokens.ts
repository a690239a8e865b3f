import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { db as defaultDb } from "@/lib/db";
import { loadUser, type SessionUser } from "@/lib/auth/user-record";
import type { UnitScope } from "@/lib/auth/permissions";

/**
 * API tokens (issue 17): the secret, its hash, and who a presented token acts as. Creating and
 * revoking tokens, with their permission checks and audit, live in ./manage.ts.
 */

export type TokenAccess = "read" | "write";

/** "bl_" and 43 base64url characters: 256 random bits, recognisable in logs and secret scanners. */
export function generateToken(): string {
  return `bl_${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What lists show of a token: enough to tell two apart, too little to use. */
export const tokenPrefix = (token: string) => token.slice(0, 9);

/** A token that authenticated: it acts as its creator, within the token's own scope and access. */
export interface ApiPrincipal {
  tokenId: number;
  tokenName: string;
  access: TokenAccess;
  /** The units the token names; each covers the units below it. */
  unitIds: readonly number[];
  /** The token's creator as they are now: a deactivated creator's tokens stop working. */
  creator: SessionUser;
}

export type TokenRefusal = "missing" | "unknown" | "expired" | "revoked" | "creator_inactive";

/** The bearer token of an Authorization header, or null. */
export function bearerToken(authorization: string | null): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return m ? m[1]! : null;
}

/**
 * Who a presented token acts as, or why it does not. A valid token's last use is recorded (at most
 * once a minute, so that a busy integration does not write on every request).
 */
export async function authenticateToken(
  token: string | null,
  now: Date = new Date(),
  executor: Pick<Database, "execute"> = defaultDb,
): Promise<{ ok: true; principal: ApiPrincipal } | { ok: false; reason: TokenRefusal }> {
  if (!token) return { ok: false, reason: "missing" };
  const { rows } = await executor.execute<{
    id: number;
    name: string;
    access: TokenAccess;
    created_by_id: number;
    expires_at: Date | string;
    revoked_at: Date | string | null;
    last_used_at: Date | string | null;
    unit_ids: number[] | null;
  }>(sql`
    select t.id, t.name, t.access, t.created_by_id, t.expires_at, t.revoked_at, t.last_used_at,
      (select array_agg(u.unit_id order by u.unit_id) from api_token_units u where u.token_id = t.id) as unit_ids
    from api_tokens t where t.token_hash = ${hashToken(token)}`);
  const row = rows[0];
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revoked_at) return { ok: false, reason: "revoked" };
  if (new Date(row.expires_at).getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  const creator = await loadUser({ id: row.created_by_id });
  if (!creator || !creator.active) return { ok: false, reason: "creator_inactive" };
  const { passwordHash: _omit, ...user } = creator;
  void _omit;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await executor.execute(sql`update api_tokens set last_used_at = ${now.toISOString()} where id = ${row.id}`);
  }
  return { ok: true, principal: { tokenId: row.id, tokenName: row.name, access: row.access, unitIds: row.unit_ids ?? [], creator: user } };
}

/** Whether the token's scope covers a unit: the unit is one it names or lies below one. */
export function tokenCovers(principal: Pick<ApiPrincipal, "unitIds">, scope: UnitScope): boolean {
  return principal.unitIds.includes(scope.unitId) || scope.ancestorIds.some((a) => principal.unitIds.includes(a));
}
