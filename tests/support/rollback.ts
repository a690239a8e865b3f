import type { Database } from "../../db/client";

class Rollback extends Error {}

/**
 * Runs `f` in a transaction on `db` that is always rolled back, and returns what `f` returned:
 * for property tests that write generated rows and must leave the shared test database as it was.
 */
export async function inRollback<T>(db: Database, f: (tx: Database) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await db.transaction(async (tx) => {
      out = await f(tx as unknown as Database);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}
