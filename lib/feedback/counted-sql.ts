import { sql, type SQL } from "drizzle-orm";
import { COUNTED_REVIEW_STATES } from "@/lib/enums";

/**
 * Whether the response aliased `r` counts in the figures: counted on arrival or accepted by a
 * moderator (never held or rejected). The SQL twin of isCounted in lib/feedback/rules.ts; every
 * query of survey figures or comments uses it.
 */
export function countedResponse(alias = "r"): SQL {
  return sql.raw(`${alias}.state in (${COUNTED_REVIEW_STATES.map((s) => `'${s}'`).join(", ")})`);
}
