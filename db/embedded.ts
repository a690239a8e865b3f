import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * Embedded Postgres for a newcomer without a server: PGlite keeps its data in `.data/pglite`
 * and is served over the Postgres wire protocol so that the app talks to it exactly as to a real server.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}) {
  const dataDir = options.dataDir ?? path.join(process.cwd(), ".data", "pglite");
  if (dataDir !== "memory://") fs.mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  const port = options.port ?? 0;
  // More than one connection so that a pg pool works; the server queues their queries.
  const server = new PGLiteSocketServer({ db: pg, host: "127.0.0.1", port, maxConnections: 20 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await pg.close();
    },
  };
}
