import fs from "node:fs";
import type { Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * Embedded Postgres for a newcomer without a server: PGlite keeps its data in `.data/pglite`
 * and is served over the Postgres wire protocol so that the app talks to it exactly as to a real server.
 *
 * It cannot ask for a password: PGlite answers every start-up message "authentication OK" itself
 * and pglite-socket has no option for it (0.2.17), so any password, or none, is accepted
 * (tests/integration/embedded-listen.test.ts holds that, so that an upgrade that adds it is seen).
 * Who can connect is therefore decided by where it listens:
 * - `socketDir`: a Unix socket, `<socketDir>/.s.PGSQL.5432`, in a directory only this user can
 *   open (0700): no other local user, and nothing on the network, can reach it. What `npm start` uses.
 * - otherwise TCP on 127.0.0.1 only (never another interface), on `port` (0: a free one, chosen
 *   afresh each start). Any local user could connect to it while it runs.
 */
export interface EmbeddedOptions {
  dataDir?: string;
  port?: number;
  socketDir?: string;
}

/** The longest Unix socket path Linux and macOS accept (sun_path), less a margin. */
const MAX_SOCKET_PATH = 100;

/** Where a Unix socket in `dir` would be, or null where one cannot be used (Windows, too long a path). */
export function unixSocketPath(dir: string): string | null {
  const file = path.join(path.resolve(dir), ".s.PGSQL.5432");
  return process.platform === "win32" || Buffer.byteLength(file) > MAX_SOCKET_PATH ? null : file;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}) {
  const dataDir = options.dataDir ?? path.join(process.cwd(), ".data", "pglite");
  if (dataDir !== "memory://") fs.mkdirSync(dataDir, { recursive: true });
  const socketPath = options.socketDir ? unixSocketPath(options.socketDir) : null;
  if (socketPath) {
    const dir = path.dirname(socketPath);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700); // also when it was made before, or by a looser umask
    fs.rmSync(socketPath, { force: true }); // left by a run that was killed
  }
  const pg = await PGlite.create(dataDir);
  const port = options.port ?? 0;
  // One connection at a time. pglite-socket feeds the messages of all its connections to the one
  // PGlite session message by message, so two clients' Parse/Bind/Execute interleave and break each
  // other (unnamed statements and portals belong to the session): "bind message supplies 2
  // parameters, but prepared statement "" requires 1". The app's pools are one connection each on
  // this database (BASELINE_EMBEDDED_DB=1, db/client.ts), so requests queue in the pool; any other
  // connection waits, unread, until the open one closes (queueConnections). maxConnections only
  // bounds how many may wait: pglite-socket (and the net server under it) refuses beyond it.
  const server = new PGLiteSocketServer({ db: pg, ...(socketPath ? { path: socketPath } : { host: "127.0.0.1", port }), maxConnections: 100 });
  const queue = queueConnections(server);
  await server.start();
  return {
    // A Unix socket: node-postgres and psql take the socket's directory as `host` ("localhost" keeps it a valid URL).
    url: socketPath
      ? `postgres://postgres@localhost/postgres?host=${encodeURIComponent(path.dirname(socketPath))}`
      : `postgres://postgres@${server.getServerConn()}/postgres`,
    /** The socket file, or host:port. */
    listening: server.getServerConn(),
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
