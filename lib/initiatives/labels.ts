/** An initiative's fixed choices. No zod here: the client forms import them (lib/validation/initiative.ts re-exports them). */
export const RAGS = ["green", "amber", "red"] as const;
export const INITIATIVE_TYPES = ["project", "programme", "bau"] as const;
export const INITIATIVE_STATUSES = ["not_started", "in_progress", "complete", "ongoing", "closed"] as const;
