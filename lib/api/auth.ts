import "server-only";
import { authenticateToken, bearerToken, tokenCovers, type ApiPrincipal, type TokenRefusal } from "@/lib/api-tokens/tokens";
import { can } from "@/lib/auth/permissions";
import { take } from "@/lib/rate-limit";
import { ApiProblem } from "./problem";
import { findUnitBySlug, type ApiUnit } from "./queries";
import type { ApiContext } from "./route";

/**
 * Who a request acts as, and on which unit. A token acts as its creator, within the token's own
 * units and access: a write needs a write token covering the unit AND a creator who may enter its
 * figures today (lib/auth/permissions.ts), so a token never does more than its creator could on
 * the entry page. The order of the checks decides the status: no valid token 401, over the rate
 * limit 429, a unit the creator cannot see 404 (as unknown, so units cannot be probed), outside
 * the token's scope or beyond its access or its creator's rights 403.
 */

const CHALLENGE = 'Bearer realm="Baseline API"';

const REFUSALS: Record<TokenRefusal, string> = {
  missing: "Send an API token in the Authorization header: Authorization: Bearer bl_…",
  unknown: "This API token is not recognised. Check that it was copied whole, or ask for a new one.",
  expired: "This API token has expired. Ask for a new one.",
  revoked: "This API token has been revoked.",
  creator_inactive: "The account that created this API token is no longer active, so the token no longer works.",
};

/** The request's token, authenticated and within its rate limit. */
export async function authenticate(request: Request, context: ApiContext): Promise<ApiPrincipal> {
  const result = await authenticateToken(bearerToken(request.headers.get("authorization")), context.now);
  if (!result.ok) {
    // RFC 6750: a request without credentials gets the bare challenge; a bad token, error="invalid_token".
    const challenge = result.reason === "missing" ? CHALLENGE : `${CHALLENGE}, error="invalid_token", error_description="${REFUSALS[result.reason].replace(/[^\x20-\x7e]|"/g, "")}"`;
    throw new ApiProblem("unauthorized", REFUSALS[result.reason], { headers: { "WWW-Authenticate": challenge } });
  }
  const allowance = await take(context.limiter, String(result.principal.tokenId));
  if (!allowance.ok) {
    const seconds = allowance.retryAfterSeconds;
    throw new ApiProblem("rate-limited", `This token has made too many requests. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`, {
      headers: { "Retry-After": String(seconds) },
    });
  }
  return result.principal;
}

/**
 * The unit a request names, if the token may `need` it: "read" the measures and figures due, or
 * "write" figures. Both need a creator who may enter the unit's figures (the entry page's own check).
 */
export async function unitForToken(principal: ApiPrincipal, slug: string, need: "read" | "write"): Promise<ApiUnit> {
  const unit = await findUnitBySlug(slug);
  if (!unit || !can(principal.creator, "unit:view", unit.scope)) throw new ApiProblem("not-found", `There is no unit "${slug}".`);
  if (!tokenCovers(principal, unit.scope)) throw new ApiProblem("forbidden", `This token's scope does not include ${unit.name}.`);
  if (need === "write" && principal.access !== "write") throw new ApiProblem("forbidden", "This token can only read: it cannot change figures.");
  if (!can(principal.creator, "figures:enter", unit.scope)) {
    throw new ApiProblem("forbidden", `The token's creator may not enter figures for ${unit.name}, so neither may the token.`);
  }
  return unit;
}
