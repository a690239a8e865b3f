import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { databaseUnavailable, noteDatabaseFailure, probeDatabase, resetDatabaseHealth } from "@/lib/db-health";
import { unavailablePage } from "@/lib/security/unavailable-page";

const URL = "postgres://postgres@127.0.0.1:5432/postgres";

afterEach(() => resetDatabaseHealth());

describe("databaseUnavailable", () => {
  it("checks nothing until a failure is noted", async () => {
    const probe = vi.fn(async () => false);
    expect(await databaseUnavailable(URL, probe, 10_000)).toBe(false);
    expect(probe).not.toHaveBeenCalled();
  });

  it("after a failure, is true while the probe cannot reach Postgres, and clears itself once it can", async () => {
    noteDatabaseFailure(10_000);
    let up = false;
    const probe = vi.fn(async () => up);
    expect(await databaseUnavailable(URL, probe, 10_000)).toBe(true);
    // Within the second, the last probe's answer stands: no second probe.
    expect(await databaseUnavailable(URL, probe, 10_500)).toBe(true);
    expect(probe).toHaveBeenCalledTimes(1);
    up = true;
    expect(await databaseUnavailable(URL, probe, 11_000)).toBe(false);
    expect(probe).toHaveBeenCalledTimes(2);
    // Recovered: no more probes until the next failure.
    expect(await databaseUnavailable(URL, probe, 13_000)).toBe(false);
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it("a pool that is only busy (the probe reaches Postgres) is not reported down", async () => {
    noteDatabaseFailure(10_000);
    expect(await databaseUnavailable(URL, async () => true, 10_000)).toBe(false);
  });

  it("runs one probe at a time however many requests arrive together", async () => {
    noteDatabaseFailure(10_000);
    let release: (up: boolean) => void = () => undefined;
    const probe = vi.fn(() => new Promise<boolean>((r) => (release = r)));
    const answers = Array.from({ length: 20 }, () => databaseUnavailable(URL, probe, 10_000));
    release(false);
    expect(await Promise.all(answers)).toEqual(Array(20).fill(true));
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it("without a database address there is nothing to check", async () => {
    noteDatabaseFailure(10_000);
    expect(await databaseUnavailable(undefined, async () => false, 10_000)).toBe(false);
  });
});

describe("probeDatabase", () => {
  it("is true for the test Postgres", async () => {
    expect(await probeDatabase(process.env.DATABASE_URL ?? URL)).toBe(true);
  });

  it("is false when nothing listens on the port", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    expect(await probeDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`)).toBe(false);
  });

  it("gives up after its timeout when the server accepts but never answers", async () => {
    const server = net.createServer(() => undefined); // accepts, says nothing
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    const started = Date.now();
    expect(await probeDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    server.close();
  });
});

describe("unavailablePage", () => {
  it("says what happened and links back to the same page", () => {
    const html = unavailablePage("/dashboard?month=2026-10", "abc");
    expect(html).toContain("Sorry, Baseline is unavailable just now");
    expect(html).toContain('href="/dashboard?month=2026-10"');
    expect(html).toContain('<style nonce="abc">');
    expect(html).not.toContain("<script");
  });

  it("never links off the site or lets the path break out of the attribute", () => {
    expect(unavailablePage("//evil.example/x", "n")).toContain('href="/"');
    const html = unavailablePage('/x"><script>alert(1)</script>', "n");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#34;&#62;&#60;script&#62;");
  });
});
