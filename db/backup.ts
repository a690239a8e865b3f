/**
 * Backups of all the data as plain files: one CSV per table and a JSON manifest (npm run db:export /
 * db:import). The files are readable without Baseline, and a restore is exact: every value is
 * written as Postgres' own text form of it (timestamps in UTC) and read back through the column's
 * type, NULL is an empty unquoted field and an empty string a quoted one, ids are kept.
 *
 * Restore goes into an empty database (migrated first when it is blank) at the same migration level,
 * in one transaction, tables in foreign-key order (rows of a self-referencing table parents first),
 * then sets each identity sequence past the highest id. The append-only tables (audit_log,
 * report_revisions) refuse only UPDATE/DELETE/TRUNCATE, so plain inserts restore them as they were.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { Client, type ClientBase } from "pg";
import { createDb } from "./client";
import { runMigrations } from "./migrate";

/** Rows that migrations insert (built-in reference data), by table: an empty database already has them. */
const MIGRATION_ROWS: Record<string, string> = { feedback_themes: "department_id is null and created_by_id is null" };

export const BACKUP_FORMAT = "baseline-backup/1";
const MANIFEST = "manifest.json";
const FETCH_ROWS = 2_000;
const MAX_PARAMS = 30_000; // Postgres allows 65,535 bind parameters a statement

export interface ColumnInfo {
  name: string;
  /** format_type(): e.g. `integer`, `numeric(12,4)`, `timestamp with time zone`, `role` (an enum). */
  type: string;
  nullable: boolean;
  /** `always` / `by default` for identity columns. */
  identity: "always" | "by default" | null;
  generated: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Tables this one references (other than itself). */
  references: string[];
  /** Column pairs [column, referenced column] of foreign keys to the table itself (e.g. parent_id → id). */
  selfReferences: [string, string][];
}

export interface MigrationLevel {
  count: number;
  lastHash: string | null;
  lastCreatedAt: string | null;
}

export interface ManifestTable {
  name: string;
  file: string;
  rows: number;
  sha256: string;
  primaryKey: string[];
  columns: ColumnInfo[];
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  source: { database: string; serverVersion: string };
  migration: MigrationLevel;
  /** In restore (foreign-key) order. */
  tables: ManifestTable[];
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The public schema's tables with their columns, primary keys and foreign keys, in foreign-key order. */
export async function describeTables(client: ClientBase): Promise<TableInfo[]> {
  const { rows } = await client.query<{
    name: string;
    columns: { name: string; type: string; nullable: boolean; identity: string; generated: string }[];
    primary_key: string[] | null;
    fks: { target: string; cols: string[]; refcols: string[] }[] | null;
  }>(`
    select c.relname as name,
      (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'nullable', not a.attnotnull,
                'identity', a.attidentity, 'generated', a.attgenerated) order by a.attnum)
         from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
      (select array_agg(a.attname::text order by k.ord) from pg_constraint p
         cross join unnest(p.conkey) with ordinality k(attnum, ord)
         join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum
         where p.conrelid = c.oid and p.contype = 'p') as primary_key,
      (select json_agg(json_build_object('target', t.relname,
                'cols', (select array_agg(a.attname::text order by k.ord) from unnest(f.conkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
                'refcols', (select array_agg(a.attname::text order by k.ord) from unnest(f.confkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum)))
         from pg_constraint f join pg_class t on t.oid = f.confrelid
         where f.conrelid = c.oid and f.contype = 'f') as fks
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`);
  const tables: TableInfo[] = rows.map((r) => ({
    name: r.name,
    columns: r.columns.map((col) => ({
      name: col.name,
      type: col.type,
      nullable: col.nullable,
      identity: col.identity === "a" ? "always" : col.identity === "d" ? "by default" : null,
      generated: col.generated === "s",
    })),
    primaryKey: r.primary_key ?? [],
    references: [...new Set((r.fks ?? []).filter((f) => f.target !== r.name).map((f) => f.target))].sort(),
    selfReferences: (r.fks ?? []).filter((f) => f.target === r.name).flatMap((f) => f.cols.map((col, i): [string, string] => [col, f.refcols[i]!])),
  }));
  return foreignKeyOrder(tables);
}

/** Referenced tables before the tables that reference them; ties in name order. Throws on a cycle. */
export function foreignKeyOrder<T extends { name: string; references: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (t: T, trail: string[]) => {
    if (done.has(t.name)) return;
    if (trail.includes(t.name)) throw new Error(`Foreign keys form a cycle: ${[...trail, t.name].join(" → ")}`);
    for (const ref of t.references) {
      const target = byName.get(ref);
      if (target) visit(target, [...trail, t.name]);
    }
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t, []);
  return ordered;
}

/** Which drizzle-kit migrations the database has (none when it was never migrated). */
export async function migrationLevel(client: ClientBase): Promise<MigrationLevel> {
  const { rows: exists } = await client.query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists[0]?.ok) return { count: 0, lastHash: null, lastCreatedAt: null };
  const { rows } = await client.query<{ count: number; last_hash: string | null; last_created_at: string | null }>(`
    select count(*)::int as count, (array_agg(hash order by created_at desc, id desc))[1] as last_hash, max(created_at)::text as last_created_at
    from drizzle.__drizzle_migrations`);
  return { count: rows[0]!.count, lastHash: rows[0]!.last_hash, lastCreatedAt: rows[0]!.last_created_at };
}

/** The same text forms whatever the server's or the role's settings. */
async function fixSessionFormats(client: ClientBase) {
  await client.query(`set local time zone 'UTC'`);
  await client.query(`set local datestyle = 'ISO, YMD'`);
  await client.query(`set local intervalstyle = 'postgres'`);
  await client.query(`set local extra_float_digits = 1`);
  await client.query(`set local bytea_output = 'hex'`);
}

const csvText = (rows: (string | null)[][]) => stringify(rows, { quoted_match: /^$/ }); // '' quoted, NULL bare

/**
 * Writes every table of the database at `databaseUrl` into `outDir` (created; must be empty or
 * absent) as `<table>.csv` plus `manifest.json`, from one consistent snapshot.
 */
export async function exportDatabase(databaseUrl: string, outDir: string): Promise<Manifest> {
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty: choose a new folder for the backup`);
  fs.mkdirSync(outDir, { recursive: true });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for every table, so that the files agree with each other even while the app writes.
    await client.query("begin isolation level repeatable read read only");
    await fixSessionFormats(client);
    const tables = await describeTables(client);
    const migration = await migrationLevel(client);
    const { rows: info } = await client.query<{ db: string; version: string }>(`select current_database() as db, current_setting('server_version') as version`);
    const manifestTables: ManifestTable[] = [];
    for (const table of tables) {
      const file = `${table.name}.csv`;
      const hash = createHash("sha256");
      const fd = fs.openSync(path.join(outDir, file), "w");
      const write = (text: string) => {
        hash.update(text);
        fs.writeSync(fd, text);
      };
      let count = 0;
      try {
        const names = table.columns.map((c) => c.name);
        write(csvText([names]));
        const order = (table.primaryKey.length ? table.primaryKey : names).map(ident).join(", ");
        await client.query(`declare backup_rows no scroll cursor for select ${names.map((n) => `${ident(n)}::text`).join(", ")} from ${ident(table.name)} order by ${order}`);
        for (;;) {
          const { rows } = await client.query<(string | null)[]>({ text: `fetch ${FETCH_ROWS} from backup_rows`, rowMode: "array" });
          if (rows.length === 0) break;
          write(csvText(rows));
          count += rows.length;
        }
        await client.query("close backup_rows");
      } finally {
        fs.closeSync(fd);
      }
      manifestTables.push({ name: table.name, file, rows: count, sha256: hash.digest("hex"), primaryKey: table.primaryKey, columns: table.columns });
    }
    await client.query("commit");
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      source: { database: info[0]!.db, serverVersion: info[0]!.version },
      migration,
      tables: manifestTables,
    };
    fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Reads and checks a backup folder's manifest and the checksum of every file it lists. */
export function readBackup(inDir: string): Manifest {
  const file = path.join(inDir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${inDir} has no ${MANIFEST}: is it a folder written by npm run db:export?`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${file} is not a ${BACKUP_FORMAT} manifest`);
  for (const t of manifest.tables) {
    const csv = path.join(inDir, t.file);
    if (path.basename(t.file) !== t.file || !fs.existsSync(csv)) throw new Error(`The backup lacks ${t.file}`);
    const sha = createHash("sha256").update(fs.readFileSync(csv)).digest("hex");
    if (sha !== t.sha256) throw new Error(`${t.file} does not match its checksum in the manifest: the backup is damaged`);
  }
  return manifest;
}

/** The rows of one CSV file (header checked against the manifest): '' quoted is an empty string, a bare empty field NULL. */
async function readRows(csvFile: string, columns: string[]): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  const parser = fs.createReadStream(csvFile).pipe(parse({ cast: (value, ctx) => (ctx.quoting || value !== "" ? value : null) }));
  let header = true;
  for await (const record of parser as AsyncIterable<(string | null)[]>) {
    if (header) {
      header = false;
      if (record.join(",") !== columns.join(",")) throw new Error(`${path.basename(csvFile)}: its columns (${record.join(", ")}) are not the manifest's`);
      continue;
    }
    if (record.length !== columns.length) throw new Error(`${path.basename(csvFile)}: a row has ${record.length} fields, expected ${columns.length}`);
    rows.push(record);
  }
  return rows;
}

/** Rows of a self-referencing table in an order where every referenced row comes first. */
export function parentsFirst(rows: (string | null)[][], columns: string[], selfReferences: [string, string][]): (string | null)[][] {
  if (selfReferences.length === 0) return rows;
  const refs = selfReferences.map(([col, refCol]) => [columns.indexOf(col), columns.indexOf(refCol)] as const);
  const placed = refs.map(() => new Set<string>());
  const ordered: (string | null)[][] = [];
  let pending = rows;
  while (pending.length) {
    const next: (string | null)[][] = [];
    for (const row of pending) {
      const ready = refs.every(([c, r], i) => row[c] === null || row[c] === row[r] || placed[i]!.has(row[c]!));
      if (!ready) {
        next.push(row);
        continue;
      }
      ordered.push(row);
      refs.forEach(([, r], i) => placed[i]!.add(row[r]!));
    }
    if (next.length === pending.length) throw new Error("Rows refer to rows that are not in the backup");
    pending = next;
  }
  return ordered;
}

export interface ImportOutcome {
  tables: { name: string; rows: number }[];
}

/**
 * Restores a backup folder into the database at `databaseUrl`, which must hold no rows. A blank
 * database is migrated first; the migration level must then be the backup's. All in one
 * transaction: on any problem nothing is restored.
 */
export async function importDatabase(databaseUrl: string, inDir: string): Promise<ImportOutcome> {
  const manifest = readBackup(inDir);
  // Only a blank database (no tables, never migrated) is migrated here; anything else is left as it is.
  const probe = new Client({ connectionString: databaseUrl });
  await probe.connect();
  const blank = await (async () => {
    try {
      return (await migrationLevel(probe)).count === 0 && (await describeTables(probe)).length === 0;
    } finally {
      await probe.end();
    }
  })();
  if (blank) {
    const migrator = createDb(databaseUrl, { max: 1 });
    try {
      await runMigrations(migrator.db);
    } finally {
      await migrator.pool.end();
    }
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("begin");
    await fixSessionFormats(client);
    const level = await migrationLevel(client);
    if (level.count !== manifest.migration.count || level.lastHash !== manifest.migration.lastHash) {
      throw new Error(
        `The backup was taken at migration ${manifest.migration.count} and this database is at migration ${level.count}: restore it with the version of Baseline that wrote it`,
      );
    }
    const tables = new Map((await describeTables(client)).map((t) => [t.name, t]));
    const missing = manifest.tables.filter((t) => !tables.has(t.name)).map((t) => t.name);
    if (missing.length) throw new Error(`This database has no table ${missing.join(", ")}`);
    const nonEmpty: string[] = [];
    for (const name of tables.keys()) {
      // Rows the migrations themselves insert (reference data) do not make a database non-empty;
      // they are replaced by the backup's copy of them below.
      const own = MIGRATION_ROWS[name];
      const { rows } = await client.query<{ any: boolean }>(`select exists (select 1 from ${ident(name)}${own ? ` where not (${own})` : ""}) as any`);
      if (rows[0]!.any) nonEmpty.push(name);
    }
    if (nonEmpty.length) throw new Error(`The database is not empty (${nonEmpty.join(", ")} ${nonEmpty.length === 1 ? "has" : "have"} rows): restore only into an empty database`);
    for (const [name, where] of Object.entries(MIGRATION_ROWS)) if (tables.has(name)) await client.query(`delete from ${ident(name)} where ${where}`);

    // Foreign-key order of this database (the manifest's is the same for the same migration level).
    const outcome: ImportOutcome = { tables: [] };
    const order = [...tables.values()].filter((t) => manifest.tables.some((m) => m.name === t.name));
    for (const table of order) {
      const entry = manifest.tables.find((m) => m.name === table.name)!;
      const names = entry.columns.map((c) => c.name);
      const target = new Map(table.columns.map((c) => [c.name, c]));
      const unknown = names.filter((n) => !target.has(n));
      if (unknown.length) throw new Error(`${table.name}: this database has no column ${unknown.join(", ")}`);
      const rows = parentsFirst(await readRows(path.join(inDir, entry.file), names), names, table.selfReferences);
      if (rows.length !== entry.rows) throw new Error(`${entry.file} has ${rows.length} rows, the manifest says ${entry.rows}`);
      // Generated columns are computed again; every other value goes in through its column's type.
      const keep = names.map((n, i) => ({ n, i, col: target.get(n)! })).filter((c) => !c.col.generated);
      const overriding = keep.some((c) => c.col.identity) ? " overriding system value" : "";
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, keep.length)));
      for (let start = 0; start < rows.length; start += perStatement) {
        const batch = rows.slice(start, start + perStatement);
        const params: (string | null)[] = [];
        const tuples = batch.map((row) => `(${keep.map((c) => `$${params.push(row[c.i]!)}::${c.col.type}`).join(", ")})`);
        await client.query(`insert into ${ident(table.name)} (${keep.map((c) => ident(c.n)).join(", ")})${overriding} values ${tuples.join(", ")}`, params);
      }
      // Identity sequences continue after the restored ids.
      for (const col of table.columns.filter((c) => c.identity)) {
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(col.name)}) from ${ident(table.name)}), 1), (select count(*) > 0 from ${ident(table.name)}))`,
          [`public.${ident(table.name)}`, col.name],
        );
      }
      outcome.tables.push({ name: table.name, rows: rows.length });
    }
    await client.query("commit");
    return outcome;
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
