import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverRoutes } from "../security/discover";

/*
 * Every address the README gives (a `/path` in backticks) is a page or route of the app (issue 19:
 * it linked `/feedback`, which answered 404 for every role). `<id>` and `coo` fill dynamic segments;
 * `/reports/**` stands for the addresses under a route, and an API base such as `/api/v1` for its
 * routes. File paths on the machine are not addresses.
 */
const NOT_ADDRESSES = new Set(["/usr/bin/chromium"]);

const root = path.resolve(import.meta.dirname, "../..");
const routes = [...discoverRoutes().keys()].map((r) => r.split("/").filter(Boolean));
const segmentsOf = (address: string) => address.split(/[?#]/)[0]!.split("/").filter(Boolean);
const fits = (route: string[], address: string[]) =>
  route.length === address.length && route.every((r, i) => r.startsWith("[") || (r === address[i] && !address[i]!.startsWith("<")));
const under = (route: string[], prefix: string[]) => route.length > prefix.length && prefix.every((p, i) => route[i] === p);

describe("the README's addresses", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const addresses = [...new Set([...readme.matchAll(/`(\/[^`\s]*)`/g)].map((m) => m[1]!))].filter((a) => !NOT_ADDRESSES.has(a));

  it("finds them", () => {
    expect(addresses.length).toBeGreaterThan(30);
  });

  it.each(addresses.map((a) => [a]))("%s is a page or route", (address) => {
    const prefix = address.endsWith("/**") ? segmentsOf(address.slice(0, -3)) : null;
    const ok = prefix
      ? routes.some((r) => under(r, prefix))
      : routes.some((r) => fits(r, segmentsOf(address))) || (address.startsWith("/api/") && routes.some((r) => under(r, segmentsOf(address))));
    expect(ok, `${address} answers 404: no page or route under app/ serves it`).toBe(true);
  });
});
