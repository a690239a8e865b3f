import { addDays } from "date-fns";
import type { Database } from "@/db/client";
import { apiTokens, apiTokenUnits } from "@/db/schema";
import { generateToken, hashToken, tokenPrefix, type TokenAccess } from "@/lib/api-tokens/tokens";

/**
 * An API token written straight into api_tokens and api_token_units, as issuing one would store it
 * (only its hash), for tests of /api/v1 that need a token of a given creator, scope and state.
 */
export async function insertApiToken(
  db: Database,
  options: { createdById: number; unitIds: number[]; access?: TokenAccess; name?: string; expiresAt?: Date; revokedAt?: Date | null },
): Promise<{ id: number; token: string }> {
  const token = generateToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      name: options.name ?? "Test token",
      tokenHash: hashToken(token),
      prefix: tokenPrefix(token),
      access: options.access ?? "write",
      createdById: options.createdById,
      expiresAt: options.expiresAt ?? addDays(new Date(), 365),
      revokedAt: options.revokedAt ?? null,
    })
    .returning({ id: apiTokens.id });
  if (options.unitIds.length) await db.insert(apiTokenUnits).values(options.unitIds.map((unitId) => ({ tokenId: row!.id, unitId })));
  return { id: row!.id, token };
}
