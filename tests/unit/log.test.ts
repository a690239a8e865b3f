import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { errorFields, log, resetLogger, withRequestContext } from "@/lib/log";

const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
const lines = (spy: typeof out) => spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

beforeEach(() => {
  out.mockClear();
  err.mockClear();
  resetLogger();
});
afterEach(() => {
  delete process.env.LOG_LEVEL;
  resetLogger();
});

describe("log", () => {
  it("writes one JSON line with level, ISO time, msg and the fields", () => {
    log("info", "figures saved", { unitId: 4, saved: 2 });
    expect(out).toHaveBeenCalledTimes(1);
    const [line] = lines(out);
    expect(line).toMatchObject({ level: "info", msg: "figures saved", unitId: 4, saved: 2 });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
    expect(String(out.mock.calls[0]![0])).not.toMatch(/\n/);
  });

  it("sends errors to stderr only, warnings and below to stdout", () => {
    log("warn", "refused");
    log("error", "failed");
    expect(lines(out).map((l) => l.level)).toEqual(["warn"]);
    expect(lines(err).map((l) => l.level)).toEqual(["error"]);
  });

  it("follows LOG_LEVEL", () => {
    process.env.LOG_LEVEL = "warn";
    resetLogger();
    log("info", "quiet");
    log("debug", "quieter");
    log("warn", "heard");
    expect(lines(out).map((l) => l.msg)).toEqual(["heard"]);
  });

  it("redacts credentials at the top level and nested, whatever the caller passes", () => {
    log("info", "careless", {
      password: "hunter2",
      token: "abc",
      user: { email: "a@b.test", password: "hunter3", passwordHash: "$argon2id$x" },
      req: { headers: { authorization: "Bearer xyz", cookie: "next-auth.session-token=s", "set-cookie": "t" } },
      config: { secret: "s3cret", clientSecret: "c" },
    });
    const raw = String(out.mock.calls[0]![0]);
    for (const secret of ["hunter2", "hunter3", "argon2id", "xyz", "session-token", "s3cret", '"abc"']) expect(raw).not.toContain(secret);
    const [line] = lines(out);
    expect(line).toMatchObject({
      password: "[redacted]",
      user: { email: "a@b.test", password: "[redacted]", passwordHash: "[redacted]" },
      req: { headers: { authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]" } },
      config: { secret: "[redacted]", clientSecret: "[redacted]" },
    });
  });

  it("adds the request context to every line written inside it, across awaits", async () => {
    await withRequestContext({ requestId: "0f3c9a7e-1111-2222-3333-444455556666", action: "saveFigures", userId: 7 }, async () => {
      log("info", "first");
      await new Promise((r) => setTimeout(r, 1));
      log("warn", "second");
    });
    log("info", "outside");
    const all = lines(out);
    expect(all.filter((l) => l.msg !== "outside")).toEqual([
      expect.objectContaining({ msg: "first", requestId: "0f3c9a7e-1111-2222-3333-444455556666", action: "saveFigures", userId: 7 }),
      expect.objectContaining({ msg: "second", requestId: "0f3c9a7e-1111-2222-3333-444455556666" }),
    ]);
    expect(all.find((l) => l.msg === "outside")).not.toHaveProperty("requestId");
  });

  it("logs an error's type, message, code and frames, without the query parameters Drizzle appends", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: "23505" });
    const wrapped = new Error('Failed query: update "users" set "password_hash" = $1\nparams: $argon2id$v=19$secret', { cause });
    log("error", "action failed", { err: wrapped });
    const raw = String(err.mock.calls[0]![0]);
    expect(raw).not.toContain("argon2id");
    expect(lines(err)[0]).toMatchObject({ err: { type: "Error", message: 'Failed query: update "users" set "password_hash" = $1', code: "23505" } });
    expect(errorFields("plain")).toEqual({ message: "plain" });
  });
});
