/**
 * The readable API documentation (/api/v1/docs), derived from the OpenAPI document (pure; unit
 * tested): each endpoint with its parameters, body fields, responses and a curl example. Nothing
 * here is written by hand a second time; the page only lays this out.
 */

/** The parts of an OpenAPI 3.1 document this reads (a JSON Schema is an open-ended object). */
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  example?: unknown;
  default?: unknown;
  pattern?: string;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema; example?: unknown };
type MediaType = { schema?: Schema; example?: unknown };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
};
export interface OpenApiLike {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, object | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

export interface DocParameter {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface DocField {
  /** "intent", or "figures[].measure" for a field of the items of a list. */
  name: string;
  required: boolean;
  type: string;
  description: string;
}

export interface DocResponse {
  status: string;
  description: string;
  contentType: string | null;
}

export interface DocEndpoint {
  /** The operationId: the endpoint's anchor on the page. */
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  needsToken: boolean;
  parameters: DocParameter[];
  bodyFields: DocField[];
  /** The fields of the success response's JSON body (none for the OpenAPI document itself, which is open-ended). */
  responseFields: DocField[];
  responses: DocResponse[];
  curl: string;
}

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** `#/components/schemas/Name` → the schema, and its name. */
function resolve(doc: OpenApiLike, schema: Schema | undefined): { schema: Schema; name: string | null } {
  if (!schema?.$ref) return { schema: schema ?? {}, name: null };
  const name = schema.$ref.replace(/^#\/components\/schemas\//, "");
  return { schema: { ...(doc.components?.schemas?.[name] as Schema | undefined), description: schema.description ?? (doc.components?.schemas?.[name] as Schema | undefined)?.description }, name };
}

/** A schema's type in words: "string", "number or string or null", "list of BatchFigure", "one of draft, submit". */
export function typeText(doc: OpenApiLike, raw: Schema | undefined): string {
  const { schema, name } = resolve(doc, raw);
  if (name && schema.type === "object") return name;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map((v) => typeText(doc, v)))].join(" or ");
  if (schema.enum) return `one of ${schema.enum.map(String).join(", ")}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("array")) return `list of ${typeText(doc, schema.items)}`;
  return types.length ? types.join(" or ") : (name ?? "any");
}

/** The object a schema describes (through a $ref, or the object of "object or null"), or null. */
function objectOf(doc: OpenApiLike, raw: Schema | undefined): Schema | null {
  const { schema } = resolve(doc, raw);
  if (schema.properties) return schema;
  for (const variant of schema.anyOf ?? schema.oneOf ?? []) {
    const found = objectOf(doc, variant);
    if (found) return found;
  }
  return null;
}

/** The fields of a body, with those of the objects in it ("figure.value") and of the items of its lists ("figures[].measure"), two levels deep. */
function bodyFields(doc: OpenApiLike, raw: Schema | undefined, prefix = "", depth = 0): DocField[] {
  const schema = objectOf(doc, raw);
  if (!schema) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, prop]) => {
    const name = `${prefix}${key}`;
    const resolved = resolve(doc, prop).schema;
    const defaultText = resolved.default === undefined ? "" : ` Default: ${String(resolved.default)}.`;
    const field: DocField = { name, required: required.has(key), type: typeText(doc, prop), description: `${resolved.description ?? ""}${defaultText}`.trim() };
    if (depth >= 2) return [field];
    const nested = resolved.items ? bodyFields(doc, resolved.items, `${name}[].`, depth + 1) : bodyFields(doc, prop, `${name}.`, depth + 1);
    return [field, ...nested];
  });
}

const exampleOf = (p: Parameter) => p.example ?? p.schema?.example;

/** A curl command for the endpoint, with the document's examples filled in. */
function curlOf(base: string, method: string, path: string, op: Operation, needsToken: boolean): string {
  const params = op.parameters ?? [];
  let url = path;
  for (const p of params.filter((x) => x.in === "path")) url = url.replace(`{${p.name}}`, encodeURIComponent(String(exampleOf(p) ?? p.name)));
  const query = params
    .filter((p) => p.in === "query" && exampleOf(p) !== undefined)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(exampleOf(p)))}`)
    .join("&");
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} "${base}${url}${query ? `?${query}` : ""}"`];
  if (needsToken) lines.push(`-H "Authorization: Bearer $BASELINE_TOKEN"`);
  const example = op.requestBody?.content?.["application/json"]?.example;
  if (example !== undefined) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${JSON.stringify(example)}'`);
  }
  return lines.join(" \\\n  ");
}

/** Every endpoint of the document, in its order. */
export function describeEndpoints(doc: OpenApiLike): DocEndpoint[] {
  const base = doc.servers?.[0]?.url ?? "";
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined> | undefined)?.[method];
      if (!op) return [];
      const needsToken = (op.security ?? []).some((s) => Object.keys(s).length > 0);
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const success = Object.entries(op.responses ?? {}).find(([status, r]) => /^2/.test(status) && r.content?.["application/json"]?.schema)?.[1];
      return [
        {
          id: op.operationId ?? `${method}-${path}`,
          method: method.toUpperCase(),
          path,
          tag: op.tags?.[0] ?? "",
          summary: op.summary ?? "",
          description: op.description ?? "",
          needsToken,
          parameters: (op.parameters ?? []).map((p) => ({
            name: p.name,
            in: p.in,
            required: p.required ?? false,
            type: typeText(doc, p.schema),
            description: p.description ?? p.schema?.description ?? "",
          })),
          bodyFields: body ? bodyFields(doc, body) : [],
          responseFields: bodyFields(doc, success?.content?.["application/json"]?.schema),
          responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
            status,
            description: r.description ?? "",
            contentType: Object.keys(r.content ?? {})[0] ?? null,
          })),
          curl: curlOf(base, method, path, op, needsToken),
        },
      ];
    }),
  );
}
