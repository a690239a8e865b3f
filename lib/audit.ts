import "server-only";
import { auditLog } from "@/db/schema";
import type { Database } from "@/db/client";
import { db as defaultDb } from "./db";

export interface AuditInput {
  actorId?: number | null;
  actorEmail?: string | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  ip?: string | null;
  /** The API token the change came through (the actor is then the token's creator). */
  apiTokenId?: number | null;
}

type Executor = Pick<Database, "insert">;

/** Appends one entry to the audit log; pass the transaction so that the entry commits with the change. */
export async function writeAudit(entry: AuditInput, tx: Executor = defaultDb): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId ?? null,
    actorEmail: entry.actorEmail ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    unitId: entry.unitId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    ip: entry.ip ?? null,
    apiTokenId: entry.apiTokenId ?? null,
  });
}
