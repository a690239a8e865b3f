import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDatabase, importDatabase, type Manifest } from "@/db/backup";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/db/seed/seed";
import { createTestDatabase } from "../support/test-database";

/**
 * npm run db:export / db:import round-trip the demo data exactly. Uses databases of its own (the
 * demo seed, then blank ones to restore into), not the shared test database.
 */
type Db = Awaited<ReturnType<typeof createTestDatabase>>;
const created: Db[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-backup-"));
let source: Db;
let manifest: Manifest;

async function fresh(prefix: string): Promise<Db> {
  const db = await createTestDatabase(prefix);
  created.push(db);
  return db;
}

async function query<T extends Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("set time zone 'UTC'");
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Every table's rows as JSON, ordered by primary key. */
async function snapshot(url: string, tables: Manifest["tables"]) {
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    const order = t.primaryKey.map((k) => `"${k}"`).join(", ");
    const [row] = await query<{ rows: unknown }>(url, `select coalesce(json_agg(t order by ${order}), '[]') as rows from "${t.name}" t`);
    out[t.name] = row!.rows;
  }
  return out;
}

beforeAll(async () => {
  source = await fresh("baseline_backup_src");
  const { db, pool } = createDb(source.url, { max: 2 });
  try {
    await runMigrations(db);
    await seedDemo(db);
  } finally {
    await pool.end();
  }
  // Values a CSV could get wrong: NULL next to an empty string, quotes, commas, new lines, unicode,
  // JSON, timestamps with microseconds, and rows of the append-only audit log.
  await query(source.url, `update measure_values set commentary = '' where id = (select min(id) from measure_values where commentary is null)`);
  await query(source.url, `update measure_values set commentary = $1 where id = (select max(id) from measure_values)`, ['He said "no", then\r\nleft; 5% — naïve ✓ =SUM(A1)']);
  await query(
    source.url,
    `insert into audit_log (actor_email, action, entity_type, entity_id, before, after, reason, at)
     values ('admin@baseline.test', 'figure.correct', 'measure_value', '1', '{"value": 1.50, "note": null}', '{"value": 2, "list": [1, "a,b"]}', 'typo', '2026-01-02 03:04:05.123456+00'),
            (null, 'user.sign_in', 'user', null, null, null, null, now())`,
  );
  manifest = await exportDatabase(source.url, path.join(work, "demo"));
}, 180_000);

afterAll(async () => {
  for (const db of created) await db.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("db:export", () => {
  it("writes a CSV per table and a manifest with row counts, column types, migration level and checksums", async () => {
    const files = fs.readdirSync(path.join(work, "demo")).sort();
    expect(files).toContain("manifest.json");
    expect(files.filter((f) => f.endsWith(".csv"))).toHaveLength(manifest.tables.length);
    const names = manifest.tables.map((t) => t.name);
    // Foreign-key order: what a table references comes before it.
    expect(names.indexOf("org_units")).toBeLessThan(names.indexOf("users"));
    expect(names.indexOf("measures")).toBeLessThan(names.indexOf("measure_values"));
    expect(names.indexOf("reports")).toBeLessThan(names.indexOf("report_revisions"));
    const counts = await query<{ n: number }>(source.url, `select count(*)::int as n from measure_values`);
    expect(manifest.tables.find((t) => t.name === "measure_values")).toMatchObject({ rows: counts[0]!.n, primaryKey: ["id"], sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [audit] = await query<{ n: number }>(source.url, `select count(*)::int as n from audit_log`);
    expect(manifest.tables.find((t) => t.name === "audit_log")!.rows).toBe(audit!.n);
    expect(manifest.tables.find((t) => t.name === "users")!.columns).toContainEqual({ name: "role", type: "role", nullable: false, identity: null, generated: false });
    expect(manifest.tables.find((t) => t.name === "users")!.columns).toContainEqual(expect.objectContaining({ name: "id", identity: "always" }));
    const [level] = await query<{ n: number }>(source.url, `select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(manifest.migration.count).toBe(level!.n);
    expect(manifest.migration.lastHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("db:import", () => {
  let target: Db;
  beforeAll(async () => {
    target = await fresh("baseline_backup_dst");
    await importDatabase(target.url, path.join(work, "demo"));
  }, 120_000);

  it("restores every table's rows exactly, ids included", async () => {
    const [before, after] = await Promise.all([snapshot(source.url, manifest.tables), snapshot(target.url, manifest.tables)]);
    for (const t of manifest.tables) expect({ table: t.name, rows: after[t.name] }).toEqual({ table: t.name, rows: before[t.name] });
    const [tricky] = await query<{ commentary: string }>(target.url, `select commentary from measure_values where id = (select max(id) from measure_values)`);
    expect(tricky!.commentary).toBe('He said "no", then\r\nleft; 5% — naïve ✓ =SUM(A1)');
    const [empty] = await query<{ n: number }>(target.url, `select count(*)::int as n from measure_values where commentary = ''`);
    expect(empty!.n).toBe(1);
  });

  it("writes the same files again from the restored database (same checksums)", async () => {
    const again = await exportDatabase(target.url, path.join(work, "again"));
    expect(again.migration).toEqual(manifest.migration);
    expect(again.tables.map(({ name, rows, sha256, columns }) => ({ name, rows, sha256, columns }))).toEqual(
      manifest.tables.map(({ name, rows, sha256, columns }) => ({ name, rows, sha256, columns })),
    );
  });

  it("continues identity sequences after the restored ids, and keeps the audit log append-only", async () => {
    const [max] = await query<{ id: number }>(target.url, `select max(id)::int as id from org_units`);
    const [added] = await query<{ id: number }>(target.url, `insert into org_units (slug, name, short_name, kind, parent_id, sort_order) select 'restored-new', 'New unit', 'New', 'directorate', min(id), 99 from org_units where kind = 'department' returning id`);
    expect(added!.id).toBe(max!.id + 1);
    await expect(query(target.url, `update audit_log set reason = 'changed'`)).rejects.toThrow();
    await expect(query(target.url, `delete from audit_log`)).rejects.toThrow();
  });

  it("refuses a database that has rows, and changes nothing", async () => {
    const [before] = await query<{ n: number }>(target.url, `select count(*)::int as n from measure_values`);
    await expect(importDatabase(target.url, path.join(work, "demo"))).rejects.toThrow(/not empty/);
    const [after] = await query<{ n: number }>(target.url, `select count(*)::int as n from measure_values`);
    expect(after!.n).toBe(before!.n);
  });

  it("refuses a damaged backup before writing anything", async () => {
    const damaged = path.join(work, "damaged");
    fs.cpSync(path.join(work, "demo"), damaged, { recursive: true });
    fs.appendFileSync(path.join(damaged, "users.csv"), "999,extra\n");
    const blank = await fresh("baseline_backup_bad");
    await expect(importDatabase(blank.url, damaged)).rejects.toThrow(/users\.csv does not match its checksum/);
    const [level] = await query<{ t: string | null }>(blank.url, `select to_regclass('public.users')::text as t`);
    expect(level!.t).toBeNull();
  });
});
