/**
 * Property tests of every zod schema exported by lib/validation/**: whatever arrives (random
 * objects, control characters, huge numbers, NaN, nested junk, form-like records), safeParse
 * answers with success or issues and never throws; and what it accepts is plain data.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { junkRecord, junkString, junkValue } from "../security/fuzz-arbitraries";

const dir = path.resolve(import.meta.dirname, "../../lib/validation");
const modules = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => /\.ts$/.test(f));

async function schemas(): Promise<[string, z.ZodType][]> {
  const out: [string, z.ZodType][] = [];
  for (const file of modules) {
    const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodType) out.push([`${file}#${name}`, value]);
  }
  return out;
}

const all = await schemas();

const defOf = (schema: unknown) => (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
const WRAPPED = ["in", "out", "innerType", "schema"];

/** The field names an object schema reads, through preprocess, pipes, refinements and defaults. */
function shapeKeys(schema: unknown, depth = 0): string[] {
  const def = defOf(schema);
  if (!def || depth > 6) return [];
  if (def.shape && typeof def.shape === "object") return Object.keys(def.shape);
  return WRAPPED.flatMap((k) => shapeKeys(def[k], depth + 1));
}

/** zod types that are one value, with no fields of their own: the junk test above covers them whole. */
const SINGLE_VALUE = new Set(["string", "number", "bigint", "boolean", "date", "enum", "literal"]);

/** Whether a schema is, under its wrappers, one value (a number, an enum…) rather than a record. */
function isSingleValue(schema: unknown, depth = 0): boolean {
  const def = defOf(schema);
  if (!def || depth > 6) return false;
  if (SINGLE_VALUE.has(String(def.type))) return true;
  const inner = WRAPPED.map((k) => def[k]).filter((v) => defOf(v) && defOf(v)!.type !== "transform");
  return inner.length > 0 && inner.every((v) => isSingleValue(v, depth + 1));
}

const records = all.filter(([, schema]) => !isSingleValue(schema));

describe("every validation schema", () => {
  it("is found (each module of lib/validation exports its schemas)", () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
  });

  const formLike = fc.oneof(
    junkRecord.map((r) => ({ ...r })),
    junkRecord.map((r) => Object.assign(Object.create(null) as Record<string, unknown>, r)),
    fc.dictionary(fc.string({ maxLength: 12 }), junkValue, { maxKeys: 8 }),
  );

  it.each(all)("%s never throws on junk", (_name, schema) => {
    fc.assert(
      fc.property(fc.oneof(junkValue, formLike, junkString), (input) => {
        const result = schema.safeParse(input);
        expect(typeof result.success).toBe("boolean");
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  // A schema whose fields shapeKeys cannot reach (a union, an array of records, a new wrapper) would
  // never get junk in its own fields: teach shapeKeys its shape rather than let it pass unfuzzed.
  it("has its fields reached, unless it is a single value", () => {
    expect(records.filter(([, schema]) => shapeKeys(schema).length === 0).map(([name]) => name)).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(25);
  });

  it.each(records)("%s never throws with junk in its own fields", (_name, schema) => {
    const keys = shapeKeys(schema);
    expect(keys.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.oneof(junkString, junkValue), { maxKeys: keys.length }), (record) => {
        const result = schema.safeParse(record);
        expect(typeof result.success).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it.each(all)("%s never throws on a File, a FormData-like record with a huge or binary payload", (_name, schema) => {
    fc.assert(
      fc.property(junkRecord, fc.uint8Array({ maxLength: 64 }), (record, bytes) => {
        const input = { ...record, file: new File([bytes], "x.csv", { type: "text/csv" }), rows: [record, null, 1] };
        expect(() => schema.safeParse(input)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });
});
