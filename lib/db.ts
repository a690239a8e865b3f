import "server-only";
import { createDb, type Database } from "@/db/client";
import { env } from "./env";

// One pool per process, kept on globalThis so that hot reload in development does not leak connections.
const globalForDb = globalThis as unknown as { baselineDb?: ReturnType<typeof createDb> };

function instance() {
  if (!globalForDb.baselineDb) globalForDb.baselineDb = createDb(env().DATABASE_URL);
  return globalForDb.baselineDb;
}

export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = instance().db;
    const value = Reflect.get(real, prop);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
export const pool = () => instance().pool;
