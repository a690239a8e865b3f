import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Client components ("use client") must not reach zod, directly or through a module they import:
 * zod is ~90 kB compressed and would be sent with the page (the JavaScript budgets in
 * docs/quality.md). Validation runs on the server; forms import their choices and labels from
 * zod-free modules (lib/risks/labels.ts, lib/initiatives/labels.ts, lib/measures/choices.ts…).
 * Server actions imported from "use server" files are references, not code, so they are skipped.
 */
const root = path.resolve(import.meta.dirname, "../..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/g;

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The import chain from `file` to zod, or null when there is none. */
function chainToZod(file: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  if (/^\s*["']use server["']/.test(source)) return null;
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1]!;
    // Type-only named imports ("import { type A, type B }") are erased.
    if (/import\s*\{\s*(?:type\s+\w+\s*,?\s*)+\}/.test(m[0])) continue;
    if (spec === "zod" || spec.startsWith("zod/")) return [path.relative(root, file), spec];
    const next = resolve(file, spec);
    if (!next) continue;
    const rest = chainToZod(next, seen);
    if (rest) return [path.relative(root, file), ...rest];
  }
  return null;
}

function clientModules(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...clientModules(full));
    else if (/\.tsx?$/.test(entry.name) && /^\s*["']use client["']/.test(fs.readFileSync(full, "utf8"))) out.push(full);
  }
  return out;
}

describe("client bundles", () => {
  const files = [...clientModules(path.join(root, "app")), ...clientModules(path.join(root, "components"))];

  it("finds the client components", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))("%s does not import zod", (_name, file) => {
    expect(chainToZod(file)).toBeNull();
  });
});
