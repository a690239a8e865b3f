import { readdirSync } from "node:fs";
import path from "node:path";

/** The repository's root, from a test file under tests/<kind>/. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Every .ts/.tsx file under these folders of the repository, as absolute paths. */
export function sourceFiles(...dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return walk(full);
      return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
    });
  return dirs.flatMap((d) => walk(path.join(repoRoot, d)));
}
