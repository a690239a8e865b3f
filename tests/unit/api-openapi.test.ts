import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeEndpoints } from "@/lib/api/docs";
import { openApiDocument } from "@/lib/api/openapi";
import { PROBLEM_TYPES } from "@/lib/api/problem";
import { figureBatch, figureInput } from "@/lib/api/schemas";
import { repoRoot, sourceFiles } from "../support/source-files";

/*
 * The OpenAPI document of /api/v1 (lib/api/openapi.ts): a well-formed OpenAPI 3.1 document,
 * generated from the schemas the handlers validate with, that describes every route file under
 * app/api/v1 and every method each exports, and no other; and the docs page's reading of it.
 */

const doc = openApiDocument();
const METHODS = ["GET", "PUT", "POST", "PATCH", "DELETE"] as const;

/** Every route handler under app/api/v1 as "METHOD /api/v1/…/{param}", from the files and their exports. */
function routeOperations(): string[] {
  return sourceFiles("app/api/v1")
    .filter((f) => /[/\\]route\.ts$/.test(f))
    .flatMap((file) => {
      const url = `/${path.relative(path.join(repoRoot, "app"), path.dirname(file)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
      const source = readFileSync(file, "utf8");
      return METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(source)).map((m) => `${m} ${url}`);
    })
    .sort();
}

function documentedOperations(): string[] {
  return Object.entries(doc.paths ?? {})
    .flatMap(([p, item]) => METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${p}`))
    .sort();
}

/** Every `$ref` in a value, at any depth. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refs(v)));
  }
  return [];
}

type Operation = { operationId?: string; security?: Record<string, string[]>[]; parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, unknown> };

const operations = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
  METHODS.flatMap((m) => {
    const op = (item as Record<string, Operation | undefined>)[m.toLowerCase()];
    return op ? [{ path: p, method: m, op }] : [];
  }),
);

describe("the OpenAPI document of /api/v1", () => {
  it("is OpenAPI 3.1 with an info block, a server and the bearer security scheme", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe("Baseline API");
    expect(typeof doc.info.version).toBe("string");
    expect(doc.servers?.[0]?.url).toMatch(/^https?:\/\//);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes every route file under app/api/v1, each method it exports, and nothing else", () => {
    const routes = routeOperations();
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(documentedOperations()).toEqual(routes);
  });

  it("is well formed: unique operation ids, path parameters declared, responses with status codes, every $ref resolving", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, op } of operations) {
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((x) => x.in === "path");
      expect(declared.map((x) => x.name).sort(), p).toEqual(templated);
      expect(declared.every((x) => x.required === true), p).toBe(true);
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses.length, p).toBeGreaterThan(0);
      expect(statuses.every((s) => /^[1-5]\d\d$/.test(s)), p).toBe(true);
    }
    const schemas = doc.components?.schemas ?? {};
    for (const ref of refs(doc)) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
      expect(m, ref).not.toBeNull();
      expect(schemas[m![1]!], ref).toBeDefined();
    }
  });

  it("asks for the token on the unit routes only, and lists their refusals as problem+json", () => {
    for (const { path: p, method, op } of operations) {
      const token = p.startsWith("/api/v1/units/");
      expect(op.security, `${method} ${p}`).toEqual(token ? [{ bearerAuth: [] }] : []);
      if (!token) continue;
      for (const status of ["401", "403", "404", "429"]) {
        expect(op.responses?.[status], `${method} ${p} ${status}`).toMatchObject({ content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
      }
      if (method !== "GET") {
        expect(op.responses?.["409"], `${method} ${p}`).toMatchObject({ content: { "application/problem+json": { schema: { $ref: "#/components/schemas/ConflictProblem" } } } });
        expect(op.responses?.["422"], `${method} ${p}`).toBeDefined();
      }
    }
  });

  it("holds the schemas the handlers validate with: the same fields, the same required ones", () => {
    const schemas = doc.components?.schemas as Record<string, { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: boolean }>;
    expect(Object.keys(schemas.FigureInput!.properties!).sort()).toEqual(Object.keys(figureInput.shape).sort());
    expect(schemas.FigureInput!.additionalProperties).toBe(false);
    expect(Object.keys(schemas.FigureBatch!.properties!).sort()).toEqual(Object.keys(figureBatch.shape).sort());
    expect(schemas.FigureBatch!.required).toEqual(["figures"]);
    expect(schemas.BatchFigure!.required?.sort()).toEqual(["measure", "period"]);
    // A figure that may be absent is "StoredFigure or null", and StoredFigure itself is never null.
    expect(schemas.DueMeasure!.properties!.figure).toMatchObject({ anyOf: [{ $ref: "#/components/schemas/StoredFigure" }, { type: "null" }] });
    for (const [name, schema] of Object.entries(schemas)) expect([schema as { type?: unknown }].flatMap((x) => x.type ?? []).flat(), name).not.toContain("null");
    // Every kind of problem the API answers with is one the document can describe.
    expect(Object.values(PROBLEM_TYPES).map((p) => p.status)).toEqual(expect.arrayContaining([401, 403, 404, 409, 422, 429]));
  });
});

describe("the docs page's reading of the document", () => {
  const endpoints = describeEndpoints(doc);

  it("lists each endpoint with its method, path, parameters, body fields, responses and a curl example", () => {
    expect(endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual(documentedOperations());
    const put = endpoints.find((e) => e.id === "putFigure")!;
    expect(put.needsToken).toBe(true);
    expect(put.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:unit", "path:measure", "path:period", "header:If-Match"]);
    expect(put.bodyFields.map((f) => f.name)).toEqual(["value", "numerator", "denominator", "commentary", "reason", "version", "intent"]);
    expect(put.bodyFields.find((f) => f.name === "intent")).toMatchObject({ required: false, type: "one of draft, submit" });
    expect(put.bodyFields.find((f) => f.name === "value")!.type).toBe("number or string or null");
    expect(put.responses.map((r) => r.status)).toEqual(["200", "201", "400", "401", "403", "404", "409", "413", "422", "429"]);
    expect(put.curl).toContain('curl -X PUT "http');
    expect(put.curl).toContain("/api/v1/units/md/figures/MD-INC-P1/2026-10");
    expect(put.curl).toContain('-H "Authorization: Bearer $BASELINE_TOKEN"');
    expect(put.curl).toContain(`-d '{"numerator":39,"denominator":40`);

    const batch = endpoints.find((e) => e.id === "postFigures")!;
    expect(batch.bodyFields.map((f) => f.name)).toContain("figures[].measure");
    expect(batch.bodyFields.find((f) => f.name === "figures")!.type).toBe("list of BatchFigure");

    const due = endpoints.find((e) => e.id === "getDue")!;
    expect(due.responseFields.map((f) => f.name)).toEqual(expect.arrayContaining(["unit.slug", "period", "dueDate", "measures", "measures[].entry", "measures[].figure.version"]));
    expect(due.responseFields.find((f) => f.name === "measures[].figure")!.type).toBe("StoredFigure or null");

    const published = endpoints.find((e) => e.id === "getPublishedFigures")!;
    expect(published.needsToken).toBe(false);
    expect(published.curl).not.toContain("Authorization");
    expect(published.curl).toContain("/api/v1/published/figures?department=coo&quarter=2026-q3");
  });
});
