/** The words for an initiative's fixed choices (declared in lib/enums.ts). No zod here: the client forms import them. */
import type { InitiativeStatus, InitiativeType } from "@/lib/enums";

export const INITIATIVE_TYPE_LABELS: Record<InitiativeType, string> = { project: "Project", programme: "Programme", bau: "BAU" };

export const INITIATIVE_STATUS_LABELS: Record<InitiativeStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
  ongoing: "Ongoing",
  closed: "Closed",
};
