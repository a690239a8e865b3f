import fc from "fast-check";

/** Strings a hostile or broken client might send: control characters, huge and odd numbers, markup, SQL, very long text. */
export const junkString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f", "\u200b", "\u202e", "\ufeff", "\ud800", "a", "1", "-", "."), maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e309",
    "9".repeat(400),
    "-0",
    "0x10",
    "1_000",
    "१२",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    '{"__proto__":{"admin":true}}',
    "__proto__",
    "constructor",
    "'; drop table users; --",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "2026-02-30",
    "2026-13",
    "9999-99-99",
  ),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer({ min: -20, max: -1 }).map(String),
  fc.string({ minLength: 10_001, maxLength: 10_050 }),
);

/** Any JavaScript value a parser might be handed. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, -(2 ** 63), null, undefined, true, false),
  fc.array(junkString, { maxLength: 3 }),
);

/** Field names the app's forms use, plus any string: so that junk lands in real fields too. */
export const FIELD_NAMES = [
  "id", "version", "unitId", "departmentId", "measureId", "initiativeId", "riskId", "month", "quarter", "intent", "file", "rows",
  "code", "name", "email", "password", "role", "active", "reason", "note", "title", "status", "step", "value", "targetValue",
  "targetFrom", "targetKind", "workingDay", "mediumFrom", "highFrom", "veryHighFrom", "residualLikelihood", "residualImpact",
  "plannedDate", "forecastDate", "actualDate", "dueDate", "heldOn", "link", "ref", "source", "text", "acceptance", "leadUnitId",
  "measure-1", "m.1.value", "m.1.version", "m.abc.value", "__proto__", "constructor",
];

export const fieldName: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 20 }));

/** A record as a form would send it (strings, sometimes a file), with real and random field names. */
export const junkRecord: fc.Arbitrary<Record<string, string>> = fc.dictionary(fieldName, junkString, { maxKeys: 12 });
