import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { saveFigures } from "@/app/(app)/entry/actions";
import { createDb } from "@/db/client";
import { action } from "@/lib/actions/action";
import type { SessionUser } from "@/lib/auth/current-user";
import { log } from "@/lib/log";
import { closeAppDb, form, session, sessionUserFor, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

setUpTestDb();

// lib/log.ts writes JSON lines through console.log (info) and console.error (warn, error).
const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
const lines = () => [...out.mock.calls, ...err.mock.calls].map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

let admin: SessionUser;
beforeAll(async () => {
  admin = await sessionUserFor({ email: "admin@baseline.test" });
});
beforeEach(() => {
  session.user = admin;
  out.mockClear();
  err.mockClear();
});
afterAll(async () => {
  out.mockRestore();
  err.mockRestore();
});

const echo = action({ name: "testEcho", schema: z.object({ note: z.string().min(1), password: z.string().max(3) }), permission: "unit:view" }, async (input) => {
  log("info", "handler step", { length: input.note.length });
  await new Promise((r) => setTimeout(r, 1));
  if (input.note === "fail") throw new Error('Failed query: insert into "things"\nparams: 42,private-value');
  return input.note;
});

/** Calls the action as a form would, with the fields as FormData. */
function callEcho(fields: Record<string, string>) {
  return echo(undefined, form(fields));
}

const referenceIn = (message: string) => /reference ([0-9a-f]{8})\)/.exec(message)?.[1];

describe("server action logs", () => {
  it("carry one request id on every line of an action, a new one per call", async () => {
    expect(await callEcho({ note: "hello", password: "abc" })).toEqual({ ok: true, data: "hello" });
    expect(await callEcho({ note: "again", password: "abc" })).toMatchObject({ ok: true });
    const all = lines();
    expect(all.map((l) => l.msg)).toEqual(["handler step", "action", "handler step", "action"]);
    for (const l of all) {
      expect(l).toMatchObject({ level: "info", action: "testEcho", userId: admin.id });
      expect(l.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof l.time).toBe("string");
    }
    expect(all[0]!.requestId).toBe(all[1]!.requestId);
    expect(all[2]!.requestId).toBe(all[3]!.requestId);
    expect(all[0]!.requestId).not.toBe(all[2]!.requestId);
    expect(all[1]).toMatchObject({ outcome: "ok", durationMs: expect.any(Number) });
  });

  it("log an error with the request id whose short form the user is shown, and no query parameters", async () => {
    const result = await callEcho({ note: "fail", password: "abc" });
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : result.message;
    expect(message).toMatch(/^Something went wrong and nothing was saved\. Please try again \(reference [0-9a-f]{8}\)\.$/);
    expect(message).not.toMatch(/Failed query|insert/);
    const all = lines();
    const failure = all.find((l) => l.msg === "action failed")!;
    expect(failure).toMatchObject({ level: "error", action: "testEcho", err: { type: "Error", message: 'Failed query: insert into "things"' } });
    expect(String(failure.requestId).slice(0, 8)).toBe(referenceIn(message));
    expect(all.find((l) => l.msg === "handler step")!.requestId).toBe(failure.requestId);
    expect(JSON.stringify(all)).not.toContain("private-value");
  });

  it("log which fields were invalid, never what was typed", async () => {
    const result = await callEcho({ note: "", password: "too-long-secret" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { note: expect.any(Array), password: expect.any(Array) } });
    const [line] = lines();
    expect(line).toMatchObject({ msg: "action input invalid", fields: ["note", "password"], requestId: expect.any(String) });
    expect(JSON.stringify(lines())).not.toContain("too-long-secret");
  });

  it("say the database is unavailable (with the reference) when Postgres cannot be reached, and log it", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await closeAppDb();
    (globalThis as unknown as { baselineDb?: ReturnType<typeof createDb> }).baselineDb = createDb(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1 });
    try {
      const result = await saveFigures(null, form({ unitId: "1", month: "2020-01", intent: "draft" }));
      expect(result.ok).toBe(false);
      const message = result.ok ? "" : result.message;
      expect(message).toMatch(/^The database is busy or not answering just now, so nothing was saved\. Please try again in a minute \(reference [0-9a-f]{8}\)\.$/);
      const failure = lines().find((l) => l.msg === "action failed: database unavailable")!;
      expect(failure).toMatchObject({ level: "error", action: "saveFigures", userId: admin.id, err: { code: "ECONNREFUSED" } });
      expect(String(failure.requestId).slice(0, 8)).toBe(referenceIn(message));
    } finally {
      await closeAppDb();
    }
  });
});
