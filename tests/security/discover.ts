import { readdirSync } from "node:fs";
import path from "node:path";

const APP = path.resolve(import.meta.dirname, "../../app");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

/** The URL pattern of a file under app/: route groups and private folders dropped ("(app)/risks/[id]" → "/risks/[id]"). */
function routeOf(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** Every page and route handler: { route pattern → file }. */
export function discoverRoutes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of walk(APP)) {
    if (!/[/\\](page\.(tsx|ts|jsx|js|mdx)|route\.(ts|js))$/.test(file)) continue;
    if (file.split(path.sep).some((s) => s.startsWith("_"))) continue; // private folders are not routes
    out.set(routeOf(file), path.relative(path.resolve(APP, ".."), file));
  }
  return out;
}

/** Every server action module: { route folder ("/risks") → absolute file }. */
export function discoverActionModules(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of walk(APP)) {
    if (/[/\\]actions\.(ts|tsx)$/.test(file)) out.set(routeOf(file), file);
  }
  return out;
}
