import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isClientModule, isServerActionModule, moduleImports } from "../support/module-imports";
import { repoRoot } from "../support/source-files";

/*
 * Client components ("use client") must not reach zod, directly or through a module they import:
 * zod is ~90 kB compressed and would be sent with the page (the JavaScript budgets in
 * docs/quality.md). Validation runs on the server; forms import their choices and labels from
 * zod-free modules (lib/risks/labels.ts, lib/initiatives/labels.ts, lib/measures/choices.ts…).
 * Server actions imported from "use server" files are references, not code, so they are skipped.
 */
/** The import chain from `file` to zod, or null when there is none. */
function chainToZod(file: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  if (isServerActionModule(file)) return null;
  for (const { spec, file: next } of moduleImports(file)) {
    if (spec === "zod" || spec.startsWith("zod/")) return [path.relative(repoRoot, file), spec];
    if (!next) continue;
    const rest = chainToZod(next, seen);
    if (rest) return [path.relative(repoRoot, file), ...rest];
  }
  return null;
}

function clientModules(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...clientModules(full));
    else if (/\.tsx?$/.test(entry.name) && isClientModule(full)) out.push(full);
  }
  return out;
}

describe("client bundles", () => {
  const files = [...clientModules(path.join(repoRoot, "app")), ...clientModules(path.join(repoRoot, "components"))];

  it("finds the client components", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(repoRoot, f), f]))("%s does not import zod", (_name, file) => {
    expect(chainToZod(file)).toBeNull();
  });
});
