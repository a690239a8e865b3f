/**
 * The app's HTTP server: Next.js (the production build, or `dev` with hot reload) behind the edge
 * rules of server/edge.ts, on HOSTNAME:PORT (127.0.0.1:3000 unless set). Started by scripts/launch.ts
 * (`npm start`, `npm run dev`) and by the end-to-end servers, so that every way of running the app
 * goes through the same rules. Run as `tsx server/main.ts start|dev` with the environment ready.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createEdgeServer, edgeSettings, listenAddress } from "./edge";
import { sendWithoutScripts, servesScriptFree } from "./script-free";

const dev = process.argv[2] === "dev";

async function main() {
  // As `next start` / `next dev` do; set before Next (and React) are loaded, which read it once.
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
  const settings = edgeSettings(process.env);
  const { hostname, port } = listenAddress(process.env);

  // Next needs the server (for its hot-reload websocket) before it gives its handler: filled in below, before listening.
  const next: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  // Public documents go to visitors who are not signed in without Next's scripts (server/script-free.ts).
  const server = createEdgeServer(settings, (req, res) =>
    !dev && servesScriptFree(req) ? sendWithoutScripts(req, res, next.handle!) : next.handle!(req, res),
  );
  const { default: createNext } = await import("next");
  const app = createNext({ dev, dir: process.cwd(), hostname, port, httpServer: server });
  next.handle = app.getRequestHandler();
  await app.prepare();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  const proxies = process.env.BASELINE_TRUSTED_PROXIES?.trim() || "none";
  console.log(`[baseline] listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port} (${dev ? "development" : "production"}; trusted proxies: ${proxies})`);

  const stop = () => {
    // In-flight requests get a few seconds to finish; idle keep-alive connections are closed now.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(`[baseline] the server did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
