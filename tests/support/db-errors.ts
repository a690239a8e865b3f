import { TransactionRollbackError } from "drizzle-orm";
import type { Database } from "../../db/client";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface PgErrorInfo {
  /** SQLSTATE, e.g. 23514 check_violation, 23505 unique_violation, 42501 insufficient_privilege */
  code: string | undefined;
  constraint: string | undefined;
  message: string;
}

/** Awaits a query expected to fail and returns the Postgres error under Drizzle's wrapper. */
export async function pgErrorOf(query: PromiseLike<unknown>): Promise<PgErrorInfo> {
  try {
    await query;
  } catch (err) {
    const pg = (err instanceof Error && err.cause instanceof Error ? err.cause : err) as Error & { code?: string; constraint?: string };
    return { code: pg.code, constraint: pg.constraint, message: pg.message };
  }
  throw new Error("expected the database to refuse the query, but it succeeded");
}

/**
 * Runs `fn` in a transaction that is always rolled back, so fixtures never reach other test files.
 * Each refused statement must run inside `tx.transaction(...)` (a savepoint), because one error
 * aborts the rest of a Postgres transaction.
 */
export async function inRolledBackTransaction(db: Database, fn: (tx: Tx) => Promise<void>): Promise<void> {
  let finished = false;
  try {
    await db.transaction(async (tx) => {
      await fn(tx);
      finished = true;
      tx.rollback();
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
  }
  if (!finished) throw new Error("the transaction body did not finish");
}
