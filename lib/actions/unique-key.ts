import "server-only";
import { and, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";

/**
 * Whether another row already uses `value` (an upper-case code or reference) in `column`, ignoring
 * letter case; `exceptId` is the row being edited. Checked in the transaction for a field error;
 * the unique index still refuses a race (see isUniqueViolation in db/client.ts).
 */
export async function keyTaken(tx: Tx, column: PgColumn, idColumn: PgColumn, value: string, exceptId: number | null): Promise<boolean> {
  const [taken] = await tx
    .select({ id: idColumn })
    .from(column.table)
    .where(and(sql`upper(${column}) = ${value}`, exceptId === null ? undefined : sql`${idColumn} <> ${exceptId}`))
    .limit(1);
  return taken !== undefined;
}
