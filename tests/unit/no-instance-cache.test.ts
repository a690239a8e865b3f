import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, sourceFiles } from "../support/source-files";

/*
 * Several app servers (server/main.ts) share one Postgres and nothing else. Next's data and page caches
 * (unstable_cache, "use cache", ISR's revalidate, revalidateTag) live in each process (and on its
 * disk, surviving a restart): a write revalidates them on the instance that made it only, so the
 * others keep serving what was cached. The published reports used them and served an old revision
 * for minutes on the other instances; they now read the current revision per request.
 */
describe("no per-instance Next cache of data", () => {
  it("app/, lib/ and components/ use none of Next's data or page caches", () => {
    const offenders = sourceFiles("app", "lib", "components")
      .filter((f) => /\bunstable_cache\b|["']use cache["']|\brevalidateTag\b|\bcacheTag\(|^export const revalidate\b/m.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(repoRoot, f));
    expect(offenders).toEqual([]);
  });
});
