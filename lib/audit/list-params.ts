/**
 * The URL state of the audit trail (/admin/audit): filters and the keyset cursor. Pure; anything
 * unknown or malformed is ignored, never an error page and never SQL.
 */
import { oneOf } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from "./entities";

type Params = Record<string, string | string[] | undefined>;

export interface AuditQuery {
  entityType: AuditEntityType | null;
  /** An action ("user.update") or a family of them ("auth" for auth.*). */
  action: string | null;
  /** Text found in the actor's email or name ("" for none). */
  actor: string;
  entityId: string | null;
  /** Inclusive days, yyyy-mm-dd, in Jersey time. */
  from: string | null;
  to: string | null;
  /** Keyset cursor: entries older than entry `older`, or newer than entry `newer` (an id). */
  older: number | null;
  newer: number | null;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

function matching(params: Params, key: string, pattern: RegExp): string | null {
  const raw = first(params[key]).trim();
  return pattern.test(raw) ? raw : null;
}

/** A real calendar day as yyyy-mm-dd ("2026-02-30" is not one). */
function day(params: Params, key: string): string | null {
  const raw = matching(params, key, /^\d{4}-\d{2}-\d{2}$/);
  if (!raw) return null;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw ? raw : null;
}

function cursor(params: Params, key: string): number | null {
  const raw = matching(params, key, /^[1-9]\d{0,14}$/);
  return raw ? Number(raw) : null;
}

export function auditQuery(params: Params): AuditQuery {
  const older = cursor(params, "older");
  return {
    entityType: oneOf<AuditEntityType | "">(params, "type", AUDIT_ENTITY_TYPES, "") || null,
    action: matching(params, "action", /^[a-z][a-z0-9_.]{0,59}$/),
    actor: searchText(params, "actor"),
    entityId: matching(params, "entity", /^[A-Za-z0-9_.:-]{1,64}$/),
    from: day(params, "from"),
    to: day(params, "to"),
    older,
    // One direction at a time: a URL with both reads older.
    newer: older ? null : cursor(params, "newer"),
  };
}

/** The filters to keep on the Newer/Older links and in "Clear" checks (the cursor is not kept). */
export function auditFilterState(q: AuditQuery): Record<string, string | null> {
  return { type: q.entityType, action: q.action, actor: q.actor || null, entity: q.entityId, from: q.from, to: q.to };
}

export const isAuditFiltered = (q: AuditQuery) => Object.values(auditFilterState(q)).some(Boolean);
