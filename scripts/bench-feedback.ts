/**
 * npm run bench:feedback — submits 1,000 customer survey responses concurrently to the public
 * survey page of the production build, as browsers without JavaScript would (a plain form post to
 * the page's server action), and reports latency and whether any response was lost.
 *
 *   npm run bench:feedback                      a fresh database on the Postgres server at DATABASE_URL
 *                                               (default 127.0.0.1:5432), migrated and seeded, dropped at the end
 *   --n=<responses>  (default 1000)   --concurrency=<in flight> (default 50)   --port=<port> (default 3901)
 *   --results=<file.json>   also writes the figures for `npm run bench`
 *
 * Every response goes to the same link (CLS Customer Services), the worst case: each one is screened
 * by the hold rule and recalculates the unit's month under the unit's lock, so they queue. The
 * per-address limit stays on and is measured with the rest (a Postgres upsert each,
 * lib/rate-limit.ts): each post comes from an address of its own (X-Forwarded-For, which the server believes from loopback here: BASELINE_TRUSTED_PROXIES), so the 10 per address never bites. There is no per-link limit
 * (issue 15): a run this fast is a burst on the link, so beyond its first responses it is held for
 * moderation (lib/feedback/rules.ts), every sender still thanked.
 *
 * Checks: every response answered 303 (to the thank-you page); the stored count equals the accepted
 * count; the burst is held, not counted; the month's CLS-CSAT denominator equals the unit's counted
 * responses in the month (no lost update); posting 50 of the same forms again stores nothing more;
 * the per-address limit still refuses an 11th response from one address. Exit code 1 when a check fails.
 */
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed/seed";
import { createTestDatabase } from "../tests/support/test-database";
import { argNumber, atMost, info, percentile, startServer, stopServer, waitForServer, writeResults } from "./lib/bench";

const TOKEN = "demo-customer-services";
const WARM_UP = 5;
const REPOSTS = 50;
/** The survey's allowance per address (lib/feedback/throttle.ts): the benchmark checks it is in force. */
const PER_ADDRESS = 10;

/** The k-th post's source address, one each (10.0.0.0/8 holds 16 million). */
const clientAddress = (k: number) => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;

const log = (msg: string) => console.log(`[bench:feedback] ${msg}`);

/** The hidden fields of the survey form as the server rendered it (React's action reference among them). */
function hiddenFields(html: string): [string, string][] {
  const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? "";
    if (name) fields.push([name, value.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">")]);
  }
  return fields;
}

async function main() {
  const n = argNumber("n", 1000);
  const concurrency = argNumber("concurrency", 50);
  const port = argNumber("port", 3901);
  const base = `http://localhost:${port}`;
  const database = await createTestDatabase("baseline_bench_feedback");
  let server: ChildProcess | undefined;
  let failed = false;
  try {
    const { db, pool } = createDb(database.url, { max: 2 });
    await runMigrations(db);
    await seedDemo(db);
    await pool.end();
    log("starting the production server (building first if sources changed)…");
    server = startServer({ databaseUrl: database.url, port, countQueries: false, stdout: "ignore", env: { BASELINE_TRUSTED_PROXIES: "loopback" } });
    await waitForServer(server, `${base}/api/health`);

    const page = await fetch(`${base}/feedback/${TOKEN}`);
    const fields = hiddenFields(await page.text()).filter(([name]) => name !== "key");
    if (!fields.some(([name]) => name.startsWith("$ACTION"))) throw new Error("the survey page has no server-action form");
    // Warm up (compile paths, fill the pool) with a few responses that count like the rest.
    let posts = 0;
    const post = async (key: string, i: number, address = clientAddress(posts++)) => {
      const body = new FormData();
      for (const [name, value] of fields) body.append(name, value);
      body.append("key", key);
      body.append("csat", String((i % 5) + 1));
      body.append("ces", String((i % 7) + 1));
      body.append("csi", String(((i * 3) % 5) + 1));
      if (i % 3 === 0) body.append("comment", `Benchmark comment ${i}: call me on 07797 ${String(100000 + i)}`);
      const started = performance.now();
      const res = await fetch(`${base}/feedback/${TOKEN}`, { method: "POST", body, redirect: "manual", headers: { Origin: base, "X-Forwarded-For": address } });
      await res.arrayBuffer();
      return { ms: performance.now() - started, ok: res.status === 303 && (res.headers.get("location") ?? "").endsWith(`/feedback/${TOKEN}/thanks`), status: res.status };
    };
    const keys = Array.from({ length: n }, (_, i) => `bench-${i}-${crypto.randomUUID()}`);
    for (let i = 0; i < WARM_UP; i++) await post(`bench-warm-${i}-${crypto.randomUUID()}`, i);

    log(`${n} responses, ${concurrency} in flight, all to /feedback/${TOKEN}…`);
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let accepted = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const i = next++;
          const r = await post(keys[i]!, i);
          times.push(r.ms);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.ok) accepted += 1;
        }
      }),
    );
    const elapsed = performance.now() - started;
    times.sort((a, b) => a - b);

    // The same 50 forms again (a double click, late): nothing more is stored.
    const again = await Promise.all(keys.slice(0, REPOSTS).map((k, i) => post(k, i)));

    // The limit is in force: one address gets its 10 responses, and the 11th is refused (the form again, not a redirect).
    const fromOne: Awaited<ReturnType<typeof post>>[] = [];
    for (let i = 0; i <= PER_ADDRESS; i++) fromOne.push(await post(`limit-${i}-${crypto.randomUUID()}`, i, "192.0.2.250"));

    const c = new Client({ connectionString: database.url });
    await c.connect();
    const { rows } = await c.query<{ stored: number; held: number; month_total: number; denominator: string | null; commentary: string | null; masked: number }>(`
      select (select count(*)::int from feedback_responses where submission_key like 'bench-%' and submission_key not like 'bench-warm-%') as stored,
        (select count(*)::int from feedback_responses where submission_key like 'bench-%' and submission_key not like 'bench-warm-%' and state = 'held') as held,
        (select count(*)::int from feedback_responses r join feedback_links l on l.unit_id = r.unit_id where l.token = '${TOKEN}'
          and r.period = (select max(period) from feedback_responses) and r.state in ('counted', 'accepted')) as month_total,
        (select v.denominator::text from measure_values v join measures m on m.id = v.measure_id
          where m.code = 'CLS-CSAT' and v.period = (select max(period) from feedback_responses)) as denominator,
        (select v.commentary from measure_values v join measures m on m.id = v.measure_id
          where m.code = 'CLS-CSAT' and v.period = (select max(period) from feedback_responses)) as commentary,
        (select count(*)::int from feedback_responses where submission_key like 'bench-%' and submission_key not like 'bench-warm-%' and comment like '%[phone number removed]%') as masked`);
    await c.end();
    const r = rows[0]!;

    const checks = [
      { name: "every response accepted (303 to the thank-you page)", ok: accepted === n, detail: `${accepted} of ${n}; statuses ${[...statuses].map(([s, k]) => `${s}×${k}`).join(", ")}` },
      { name: "stored count equals accepted count", ok: r.stored === accepted, detail: `${r.stored} stored, ${accepted} accepted` },
      // The hold rule lets at most max(20, 5 × the link's usual hour) through in an hour; the demo link's usual hour is well under 20.
      { name: "the burst is held for moderation, not counted", ok: r.held >= n - 20, detail: `${r.held} of ${n} held` },
      { name: "CLS-CSAT denominator equals the month's counted responses (no lost update)", ok: Number(r.denominator) === r.month_total, detail: `${Number(r.denominator)} vs ${r.month_total}: "${r.commentary}"` },
      { name: `re-posting ${REPOSTS} forms stores nothing more`, ok: again.every((a) => a.ok) && r.stored === accepted, detail: `${again.filter((a) => a.ok).length} thank-you pages` },
      {
        name: `rate limit in force: ${PER_ADDRESS} responses from one address, the next refused`,
        ok: fromOne.slice(0, PER_ADDRESS).every((a) => a.ok) && !fromOne[PER_ADDRESS]!.ok && fromOne[PER_ADDRESS]!.status === 200,
        detail: fromOne.map((a) => a.status).join(" "),
      },
      { name: "phone numbers in comments masked", ok: r.masked === Math.ceil(n / 3), detail: `${r.masked} of ${Math.ceil(n / 3)}` },
    ];
    console.log("");
    console.table([
      {
        responses: n,
        concurrency,
        "total (s)": (elapsed / 1000).toFixed(1),
        "throughput (/s)": ((n / elapsed) * 1000).toFixed(0),
        "p50 (ms)": percentile(times, 50).toFixed(0),
        "p95 (ms)": percentile(times, 95).toFixed(0),
        "max (ms)": times[times.length - 1]!.toFixed(0),
      },
    ]);
    for (const check of checks) console.log(`${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
    failed = checks.some((ch) => !ch.ok);
    writeResults([
      info("feedback", `${n} concurrent responses (${concurrency} in flight) p95`, percentile(times, 95), "ms"),
      info("feedback", "throughput", (n / elapsed) * 1000, "responses/s"),
      atMost("feedback", "responses lost (accepted but not stored)", Math.max(0, accepted - r.stored), "", 0),
      atMost("feedback", "responses refused", n - accepted, "", 0),
      atMost("feedback", "failed checks (count, held burst, denominator, re-post, rate limit, masking)", checks.filter((ch) => !ch.ok).length, "", 0),
    ]);
  } finally {
    if (server) await stopServer(server);
    await database.drop().catch(() => undefined);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
