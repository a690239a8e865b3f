import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay, type ScopedUnit } from "@/lib/org/queries";
import { unitTreeOfUnitsCte } from "@/lib/org/tree-sql";
import { pageSliceSql } from "@/lib/paging/page-sql";
import { pageWindow, type PageWindow } from "@/lib/paging/page";
import { tokenStatus, type TokenAccessChoice, type TokenStatus } from "./rules";
import { managesTokenSql } from "./scope-sql";

/** A unit a token names, as the list shows it. */
export interface TokenUnit {
  id: number;
  name: string;
  /** A department covers every unit below it. */
  kind: string;
}

/** One token as /admin/api-tokens lists it: never its hash. */
export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  access: TokenAccessChoice;
  units: TokenUnit[];
  creatorName: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedByName: string | null;
  lastUsedAt: Date | null;
  status: TokenStatus;
}

const intArray = (ids: readonly number[]) => sql`${`{${ids.join(",")}}`}::int[]`;
const toDate = (v: Date | string) => new Date(v);

/**
 * One page (PAGE_SIZE) of the tokens `user` manages (managesTokenSql: every token for an
 * administrator, its department's for an SLT), newest first, with the page window: one query.
 */
export async function listApiTokens(user: SessionUser, requestedPage: number, now: Date = new Date()): Promise<{ rows: ApiTokenRow[]; window: PageWindow }> {
  assertCan(user, "api-token:manage");
  const { rows } = await db.execute<{
    id: number;
    name: string;
    prefix: string;
    access: TokenAccessChoice;
    units: TokenUnit[];
    creator_name: string;
    creator_active: boolean;
    created_at: Date | string;
    expires_at: Date | string;
    revoked_at: Date | string | null;
    revoked_by_name: string | null;
    last_used_at: Date | string | null;
    total: number;
  }>(sql`
    with numbered as (
      select t.id, row_number() over (order by t.created_at desc, t.id desc) as rn, count(*) over () as total
      from api_tokens t
      where ${managesTokenSql(user, sql`t.id`)}
    ),
    page as (select * from numbered where ${pageSliceSql(sql`rn`, sql`total`, requestedPage)})
    select t.id, t.name, t.prefix, t.access, t.created_at, t.expires_at, t.revoked_at, t.last_used_at,
      c.name as creator_name, c.active as creator_active, r.name as revoked_by_name, p.total::int as total,
      (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'kind', u.kind) order by u.sort_order, u.name, u.id), '[]'::json)
        from api_token_units tu join org_units u on u.id = tu.unit_id where tu.token_id = t.id) as units
    from page p
    join api_tokens t on t.id = p.id
    join users c on c.id = t.created_by_id
    left join users r on r.id = t.revoked_by_id
    order by p.rn`);
  const window = pageWindow(rows[0]?.total ?? 0, requestedPage);
  return {
    window,
    rows: rows.map((r) => {
      const token = { revokedAt: r.revoked_at ? toDate(r.revoked_at) : null, expiresAt: toDate(r.expires_at), creatorActive: r.creator_active };
      return {
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        access: r.access,
        units: r.units,
        creatorName: r.creator_name,
        createdAt: toDate(r.created_at),
        expiresAt: token.expiresAt,
        revokedAt: token.revokedAt,
        revokedByName: r.revoked_by_name,
        lastUsedAt: r.last_used_at ? toDate(r.last_used_at) : null,
        status: tokenStatus(token, now),
      };
    }),
  };
}

/** The units `user` may give a token, in tree order (an SLT: its department's; an administrator: all). */
export async function listTokenUnits(user: SessionUser): Promise<ScopedUnit[]> {
  return listUnitsUserMay(user, "api-token:manage");
}

/** A unit with its scope and name, for the permission check and audit of a token's units. */
export type NamedUnitScope = UnitScope & { name: string; slug: string };

async function scopesWhere(units: SQL, executor: Pick<Database, "execute">): Promise<NamedUnitScope[]> {
  const { rows } = await executor.execute<{ id: number; department_id: number; ancestor_ids: number[]; name: string; slug: string }>(sql`
    with recursive ${unitTreeOfUnitsCte(units)}
    select ut.id, ut.department_id, ut.ancestor_ids, u.name, u.slug from unit_tree ut join org_units u on u.id = ut.id
    order by ut.sort_path`);
  return rows.map((r) => ({ unitId: r.id, departmentId: r.department_id, ancestorIds: r.ancestor_ids, name: r.name, slug: r.slug }));
}

/**
 * The units `unitIds` with their department, ancestors and name, in one query; an unknown id is
 * missing from the answer. Pass the transaction when checking inside one.
 */
export async function unitScopes(unitIds: readonly number[], executor: Pick<Database, "execute"> = db): Promise<NamedUnitScope[]> {
  if (unitIds.length === 0) return [];
  return scopesWhere(sql`id = any(${intArray(unitIds)})`, executor);
}

/** The units a token names, with their scopes (as unitScopes), in one query. */
export async function tokenUnitScopes(tokenId: number, executor: Pick<Database, "execute"> = db): Promise<NamedUnitScope[]> {
  return scopesWhere(sql`id in (select unit_id from api_token_units where token_id = ${tokenId})`, executor);
}
