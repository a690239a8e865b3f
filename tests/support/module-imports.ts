import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./source-files";

/*
 * A module's imports as a bundler follows them, for tests that walk the import graph (what a client
 * component pulls into the browser, what a page reaches). Type-only imports are left out: they are
 * erased.
 */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/g;

/** The file a local specifier ("@/…", "./…") names, or null for a package or a file not found. */
export function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(repoRoot, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Each value import of `file`: its specifier, and the local file it names (null for a package). */
export function moduleImports(file: string): { spec: string; file: string | null }[] {
  const source = fs.readFileSync(file, "utf8");
  const out: { spec: string; file: string | null }[] = [];
  for (const m of source.matchAll(IMPORT)) {
    // Type-only named imports ("import { type A, type B }") are erased.
    if (/import\s*\{\s*(?:type\s+\w+\s*,?\s*)+\}/.test(m[0])) continue;
    out.push({ spec: m[1]!, file: resolveImport(file, m[1]!) });
  }
  return out;
}

const directive = (file: string, name: string) => new RegExp(`^\\s*["']${name}["']`).test(fs.readFileSync(file, "utf8"));

/** A client component module ("use client"). */
export const isClientModule = (file: string) => directive(file, "use client");

/** A server action module ("use server"): imported from the client as references, not code. */
export const isServerActionModule = (file: string) => directive(file, "use server");
