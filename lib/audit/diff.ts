/**
 * The before/after of an audit entry as the fields that changed, for people to read. Pure.
 */

export interface FieldChange {
  /** The field's name; "value" when the entry stores a single value rather than an object. */
  field: string;
  /** The value as text, or null when the field was absent (created) or removed. */
  before: string | null;
  after: string | null;
}

/** Longest value shown: the page stays small however big a stored document is. */
export const VALUE_MAX = 300;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, so that the same content compares equal whatever its key order. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

function show(v: unknown): string {
  const text = typeof v === "string" ? v : stable(v);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX - 1)}…` : text;
}

/**
 * The fields whose value differs between `before` and `after` (either may be null: a creation has
 * no before). Objects are compared field by field, in the order the fields first appear; anything
 * else as one value.
 */
export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if ((isRecord(b) || b === null) && (isRecord(a) || a === null)) {
    const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return fields.flatMap((field) => {
      const was = b && field in b ? b[field] : undefined;
      const now = a && field in a ? a[field] : undefined;
      if (stable(was) === stable(now)) return [];
      return [{ field, before: was === undefined ? null : show(was), after: now === undefined ? null : show(now) }];
    });
  }
  if (stable(b) === stable(a)) return [];
  return [{ field: "value", before: b === null ? null : show(b), after: a === null ? null : show(a) }];
}
