import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Writes live in lib/<domain>/ (STYLE.md, "Writes in app/" is an anti-pattern): a server action
 * wires action() to a lib function, then revalidates and redirects. So no file under app/ may
 *   - import the schema, the database client or the query builder (@/db/schema, @/db/client, drizzle-orm),
 *   - call insert/update/delete/transaction/execute or write SQL (sql`…`),
 *   - use the database handle itself (db.…); pages may still hand `db` to a lib read that takes it
 *     as a parameter (getRiskBands(db): lib/settings is shared with scripts that run outside Next.js),
 *   - and a server action module ("use server") may not import @/lib/db at all: the lib function
 *     it calls owns the transaction.
 */
const root = path.resolve(import.meta.dirname, "../..");
const app = path.join(root, "app");


const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/g;
const DATABASE_MODULE = /^(?:@\/db\/(?:client|schema)(?:\/.*)?|drizzle-orm(?:\/.*)?)$/;
const WRITE_CALL = /\.(insert|update|delete|transaction|execute)\s*\(|\bsql`/;
const HANDLE_USE = /\bdb\s*\./;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** The code without comments, so that a comment about an update is not taken for one. */
function code(source: string): string {
  // Block comments keep their line breaks, so that line numbers still match the file.
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, "")).replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** What is wrong with one file, as readable lines (empty when nothing). */
function problems(file: string): string[] {
  const source = code(fs.readFileSync(file, "utf8"));
  const found: string[] = [];
  const serverActions = /^\s*["']use server["']/.test(source);
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1]!;
    if (DATABASE_MODULE.test(spec)) found.push(`imports ${spec}`);
    if (serverActions && spec === "@/lib/db") found.push("a server action module imports @/lib/db");
  }
  source.split("\n").forEach((line, i) => {
    if (WRITE_CALL.test(line)) found.push(`line ${i + 1} writes: ${line.trim()}`);
    else if (HANDLE_USE.test(line)) found.push(`line ${i + 1} uses the database handle: ${line.trim()}`);
  });
  return found;
}

describe("no file under app/ writes to the database", () => {
  const files = sourceFiles(app).map((f) => path.relative(root, f).split(path.sep).join("/"));

  it("finds the route files, server actions included", () => {
    expect(files).toContain("app/(app)/initiatives/actions.ts");
    expect(files).toContain("app/(app)/risks/actions.ts");
    expect(files.length).toBeGreaterThan(50);
  });

  it("leaves every write to lib/<domain>/", () => {
    const offenders = Object.fromEntries(
      files
        .map((f) => [f, problems(path.join(root, f))] as const)
        .filter(([, p]) => p.length > 0),
    );
    expect(offenders).toEqual({});
  });

  it("would catch a write (the scan itself works)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-writes-"));
    try {
      const file = path.join(dir, "actions.ts");
      fs.writeFileSync(file, `"use server";\nimport { db } from "@/lib/db";\nimport { risks } from "@/db/schema";\n// db.update(risks) in a comment is fine\nexport const x = () => db.update(risks).set({});\n`);
      expect(problems(file)).toEqual([
        "a server action module imports @/lib/db",
        "imports @/db/schema",
        "line 5 writes: export const x = () => db.update(risks).set({});",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
