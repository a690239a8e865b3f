import fs from "node:fs";
import type { Socket } from "node:net";
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
  // One connection at a time. pglite-socket feeds the messages of all its connections to the one
  // PGlite session message by message, so two clients' Parse/Bind/Execute interleave and break each
  // other (unnamed statements and portals belong to the session): "bind message supplies 2
  // parameters, but prepared statement "" requires 1". The app's pools are one connection each on
  // this database (BASELINE_EMBEDDED_DB=1, db/client.ts), so requests queue in the pool; any other
  // connection waits, unread, until the open one closes (queueConnections). maxConnections only
  // bounds how many may wait: pglite-socket (and the net server under it) refuses beyond it.
  const server = new PGLiteSocketServer({ db: pg, host: "127.0.0.1", port, maxConnections: 100 });
  const queue = queueConnections(server);
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      queue.close();
      await server.stop();
      await pg.close();
    },
  };
}

/**
 * Serves one connection at a time: each accepted socket waits here, unread, until no connection is
 * open, then goes to pglite-socket's own handleConnection (a private method, replaced on this
 * instance; it is what the server calls for each accepted socket). pglite-socket frees a closed
 * connection's slot a tick after the client saw it close, hence the short poll rather than an event.
 */
function queueConnections(server: PGLiteSocketServer) {
  const target = server as unknown as { handleConnection(socket: Socket): Promise<void> };
  const attach = target.handleConnection.bind(server);
  const waiting: Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    timer = undefined;
    while (waiting.length > 0 && server.getStats().activeConnections === 0) {
      const socket = waiting.shift()!;
      if (!socket.destroyed) void attach(socket); // takes the slot synchronously
    }
    if (waiting.length > 0) timer = setTimeout(next, 5);
  };
  target.handleConnection = async (socket: Socket) => {
    socket.on("error", () => undefined); // a client that gives up while waiting must not crash the server
    waiting.push(socket);
    if (!timer) next();
  };
  return {
    close() {
      clearTimeout(timer);
      for (const socket of waiting.splice(0)) socket.destroy();
    },
  };
}
