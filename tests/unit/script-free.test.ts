import type { IncomingMessage } from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptsGzip, isScriptFreePath, SCRIPT_FREE_ROUTES, servesScriptFree } from "@/server/script-free";
import { discoverRoutes } from "../security/discover";
import { isClientModule, moduleImports } from "../support/module-imports";
import { repoRoot } from "../support/source-files";

/*
 * The public documents sent without Next's scripts to visitors who are not signed in
 * (server/script-free.ts, issue 19): which requests, and that nothing on those pages needs React in
 * the browser. The stripping itself: tests/unit/strip-scripts.test.ts and
 * tests/integration/script-free-server.test.ts.
 */

const routes = discoverRoutes();
const SAMPLE: Record<string, string> = { quarter: "2026-q3", revision: "1", token: "demo-customer-services", department: "coo" };
/** A path of a route pattern, its dynamic segments filled in ("/reports/[department]/[quarter]" → "/reports/coo/2026-q3"). */
const samplePath = (route: string) => route.replace(/\[\[?(?:\.\.\.)?(\w+)\]?\]/g, (_, name: string) => SAMPLE[name] ?? "1");

describe("which pages", () => {
  it.each(SCRIPT_FREE_ROUTES.map((r) => [r]))("%s is a public page", (route) => {
    expect(routes.get(route)).toMatch(/^app\/\(public\)\/.*page\.tsx$/);
  });

  it("the paths match those routes and no other route of app/ (a static route beside a dynamic one wins in Next)", () => {
    const wrong = [...routes.keys()].filter((route) => isScriptFreePath(samplePath(route)) !== (SCRIPT_FREE_ROUTES as readonly string[]).includes(route));
    expect(wrong).toEqual([]);
    expect(isScriptFreePath("/reports/manage/2026-q3")).toBe(false);
    expect(isScriptFreePath("/feedback/themes/thanks")).toBe(false);
    expect(isScriptFreePath("/reports/coo/2026-q5")).toBe(false);
  });
});

describe("which requests", () => {
  const request = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as IncomingMessage;

  it("a page load or a form posted without JavaScript, by a visitor who is not signed in", () => {
    expect(servesScriptFree(request("GET", "/reports/coo/2026-q3"))).toBe(true);
    expect(servesScriptFree(request("GET", "/reports?department=coo&page=2"))).toBe(true);
    expect(servesScriptFree(request("POST", "/feedback/demo-customer-services", { cookie: "theme=x" }))).toBe(true);
  });

  it("never for a signed-in visitor (their header has a client part), client navigation or a server action called by script", () => {
    expect(servesScriptFree(request("GET", "/reports", { cookie: "a=b; next-auth.session-token=xyz" }))).toBe(false);
    expect(servesScriptFree(request("GET", "/reports", { cookie: "__Secure-next-auth.session-token.0=xyz" }))).toBe(false);
    expect(servesScriptFree(request("GET", "/reports", { rsc: "1" }))).toBe(false);
    expect(servesScriptFree(request("POST", "/feedback/demo-customer-services", { "next-action": "abc" }))).toBe(false);
    expect(servesScriptFree(request("HEAD", "/reports"))).toBe(false);
    expect(servesScriptFree(request("GET", "/login"))).toBe(false);
    expect(servesScriptFree(request("GET", "/reports/coo/2026-q3/data.csv"))).toBe(false);
  });

  it("compresses when the browser accepts gzip", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

/**
 * A client component on these pages is rendered on the server only (its script is never sent), so
 * it must do its whole job in HTML. These do; anything else (a Recharts chart, a widget with state)
 * would be drawn once and never work, or not be drawn at all.
 */
const WORKS_WITHOUT_SCRIPT: Record<string, string> = {
  "components/layout/nav-link.tsx": "its aria-current is worked out on the server",
  // The grouped navigation (issue 19, part 3): native <details> menus, the current link worked out on
  // the server; its script only adds comforts (Escape, a click outside closes a menu).
  "components/layout/main-nav.tsx": "native <details> menus, the current link worked out on the server",
  "components/layout/use-nav-menus.ts": "comforts for menus that work without it",
  "components/layout/sign-out-button.tsx": "shown only to signed-in visitors, who get the scripts",
  "app/(public)/feedback/[token]/survey-form.tsx": "a plain form post: the server answers with the next page",
};

/** Every local module `entries` reach, with the packages they import. */
function reach(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const { spec, file: next } of moduleImports(file)) {
      if (next) visit(next);
      else if (!spec.startsWith(".") && !spec.startsWith("@/")) packages.add(spec);
    }
  };
  entries.forEach(visit);
  return { files, packages };
}

describe("what the pages reach", () => {
  const layouts = ["app/layout.tsx", "app/(public)/layout.tsx"];
  const pages = SCRIPT_FREE_ROUTES.map((r) => routes.get(r)!);
  const { files, packages } = reach([...layouts, ...pages].map((f) => path.join(repoRoot, f)));
  const relative = [...files].map((f) => path.relative(repoRoot, f));

  it("no client chart: the report's charts are SVG drawn on the server (components/reports/quarter-chart.tsx)", () => {
    expect(relative).toContain("components/reports/quarter-chart.tsx");
    expect(relative.filter((f) => f.startsWith("components/charts/"))).toEqual([]);
    expect([...packages].filter((p) => p === "recharts" || p.startsWith("recharts/"))).toEqual([]);
  });

  it("no client component but those that work without their script", () => {
    const client = relative.filter((f) => isClientModule(path.join(repoRoot, f)));
    expect(client.filter((f) => !(f in WORKS_WITHOUT_SCRIPT))).toEqual([]);
  });
});
