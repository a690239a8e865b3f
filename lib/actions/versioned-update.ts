import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { Tx } from "@/db/client";
import { writeAudit, type AuditInput } from "@/lib/audit";
import { ConflictError, RuleError } from "./result";

/**
 * Optimistic locking for every versioned row (risks, initiatives, milestones, measures, users …),
 * in two steps around the domain's own rules, both inside the caller's transaction:
 *
 *   const before = await lockVersioned(tx, risks, riskColumns, { id, version, missing, conflict });
 *   … rules that may refuse, or return early when nothing changed …
 *   await updateVersioned(tx, risks, { id, version, set, actor, audit: { action, entityType, … } });
 *
 * A save made from a stale copy is refused with what is stored now (ConflictError), never applied.
 */
type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };
type Columns = Record<string, PgColumn> & { version: PgColumn };

export interface LockOptions<Row> {
  id: number;
  /** The version the user's form was loaded at. */
  version: number;
  /** Refusal when the row is gone. */
  missing: string;
  /** Refusal when it changed since the form was loaded (the current values go with it). */
  conflict: string | ((row: Row) => string);
  /** Checked after the row is found and before its version is compared (a scope check on its unit). */
  authorize?: (row: Row) => Promise<unknown>;
  /** Also a conflict although the version matches (e.g. moved to another unit since a permission check). */
  stale?: (row: Row) => boolean;
  /** What the conflict shows (default: the locked row). */
  current?: (row: Row) => unknown;
}

/** Locks the row FOR UPDATE and compares its version with the one the user saw; returns the row. */
export async function lockVersioned<T extends VersionedTable, C extends Columns>(
  tx: Tx,
  table: T,
  columns: C,
  options: LockOptions<SelectResultFields<C>>,
): Promise<SelectResultFields<C>> {
  const rows = (await tx
    .select(columns as Columns)
    .from(table as PgTable)
    .where(eq(table.id, options.id))
    .for("update")) as unknown as SelectResultFields<C>[];
  const row = rows[0];
  if (!row) throw new RuleError(options.missing);
  if (options.authorize) await options.authorize(row);
  if ((row as { version: number }).version !== options.version || options.stale?.(row)) {
    const message = typeof options.conflict === "string" ? options.conflict : options.conflict(row);
    throw new ConflictError(message, options.current ? await options.current(row) : row);
  }
  return row;
}

export interface VersionedChange<T extends PgTable> {
  id: number;
  /** The version compared by lockVersioned. */
  version: number;
  set: PgUpdateSetSource<T>;
  actor: { id: number; email: string };
  /** The audit entry; its entity id defaults to `id`. */
  audit: Omit<AuditInput, "actorId" | "actorEmail" | "entityId"> & { entityId?: string | number };
}

/**
 * Writes a row locked by lockVersioned with version + 1 and its audit entry, in the caller's
 * transaction so that both commit or neither does. Returns the new version.
 */
export async function updateVersioned<T extends VersionedTable>(tx: Tx, table: T, change: VersionedChange<T>): Promise<number> {
  const [row] = (await tx
    .update(table as PgTable)
    .set({ ...change.set, version: sql`${table.version} + 1` } as PgUpdateSetSource<PgTable>)
    .where(and(eq(table.id, change.id), eq(table.version, change.version)))
    .returning({ version: table.version })) as { version: number }[];
  const { entityId, ...audit } = change.audit;
  await writeAudit({ actorId: change.actor.id, actorEmail: change.actor.email, entityId: entityId ?? change.id, ...audit }, tx);
  return row!.version;
}
