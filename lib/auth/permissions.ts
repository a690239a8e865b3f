/**
 * Authorization rules, as pure functions: can this user do this to that unit?
 * Deny by default: an action not listed for a role is refused.
 *
 * Scopes: ADMIN acts anywhere. SLT sees and acts on all of its own department. LEAD sees its
 * department and changes only its own unit (and units below it). VIEWER reads every department
 * but changes nothing.
 */
import type { Role } from "@/lib/enums";

export type { Role } from "@/lib/enums";

export interface Actor {
  id: number;
  role: Role;
  /** The unit the user is scoped to (SLT: a department; LEAD: a directorate or service). */
  unitId: number | null;
  /** The department that unit belongs to (SLT: itself). */
  departmentId: number | null;
}

/** The unit an action targets, with its department and the chain of ancestors (nearest first). */
export interface UnitScope {
  unitId: number;
  departmentId: number;
  ancestorIds: readonly number[];
}

/**
 * The target of a row or unit that does not exist. No role but ADMIN acts on it, so unknown and
 * out-of-scope ids get the same refusal and cannot be probed.
 */
export const UNKNOWN_UNIT: UnitScope = { unitId: -1, departmentId: -1, ancestorIds: [] };

export const ACTIONS = [
  "unit:view",
  "figures:enter",
  "figures:submit",
  "measure:manage",
  "initiative:edit",
  "risk:edit",
  "risk:escalate",
  "recommendation:edit",
  "review:manage",
  "report:edit",
  "report:approve",
  "report:publish",
  "user:manage",
  "audit:view",
  "feedback:manage",
  "feedback:enter",
  // Accepting or rejecting held survey responses (issue 15): administrators only, so that nobody
  // accountable for a department's figures decides which of its customers' answers count.
  "feedback:moderate",
  // Resources (issue 16). Budgets, funding allocations and efficiency targets are set by the SLT
  // (or an administrator): they are the department's settlement, not a service's to change.
  "budget:manage",
  // Monthly actuals, forecasts, programme spend and efficiency delivery: the directorate lead is
  // the budget holder who answers for the variance, so the lead enters them for their own unit
  // (no separate finance role: a finance business partner gets a LEAD account for the units they
  // support). SLT may enter for the whole department.
  "finance:enter",
  // The People Dashboard's monthly figures: the same people, the same scope.
  "workforce:enter",
  // API tokens for source systems (issue 17): an administrator anywhere; a department's SLT for
  // its own units, since it answers for the figures a token writes there. Nobody else.
  "api-token:manage",
  // Notes on a month of a measure (issue 18): whoever answers for its figures (the unit's lead,
  // the department's SLT). Its own action, granted like figures:enter, so that who may annotate
  // can change without changing who may enter figures.
  "measure:annotate",
] as const;
export type Action = (typeof ACTIONS)[number];

type Scope = "any" | "department" | "unit" | "none";

const MATRIX: Record<Role, Partial<Record<Action, Scope>>> = {
  ADMIN: Object.fromEntries(ACTIONS.map((a) => [a, "any"])) as Record<Action, Scope>,
  SLT: {
    "unit:view": "department",
    "figures:enter": "department",
    "figures:submit": "department",
    "measure:manage": "department",
    "initiative:edit": "department",
    "risk:edit": "department",
    "risk:escalate": "department",
    "recommendation:edit": "department",
    "review:manage": "department",
    "report:edit": "department",
    "report:approve": "department",
    "report:publish": "department",
    "audit:view": "department",
    "feedback:manage": "department",
    "feedback:enter": "department",
    "budget:manage": "department",
    "finance:enter": "department",
    "workforce:enter": "department",
    "api-token:manage": "department",
    "measure:annotate": "department",
  },
  LEAD: {
    "unit:view": "department",
    "figures:enter": "unit",
    "figures:submit": "unit",
    "initiative:edit": "unit",
    "risk:edit": "unit",
    "recommendation:edit": "unit",
    "report:edit": "department",
    "feedback:enter": "unit",
    "finance:enter": "unit",
    "workforce:enter": "unit",
    "measure:annotate": "unit",
  },
  VIEWER: {
    "unit:view": "any",
  },
};

function inScope(actor: Actor, scope: Scope, target: UnitScope | null): boolean {
  switch (scope) {
    case "any":
      return true;
    case "none":
      return false;
    case "department":
      return target !== null && actor.departmentId !== null && target.departmentId === actor.departmentId;
    case "unit":
      return (
        target !== null &&
        actor.unitId !== null &&
        (target.unitId === actor.unitId || target.ancestorIds.includes(actor.unitId))
      );
  }
}

/** Whether `actor` may perform `action` on `target` (null target: the action in general, e.g. a nav link). */
export function can(actor: Actor | null, action: Action, target: UnitScope | null = null): boolean {
  if (!actor) return false;
  const scope = MATRIX[actor.role]?.[action];
  if (!scope) return false;
  if (target === null) return true; // the role may do this somewhere; the target check comes with the data
  return inScope(actor, scope, target);
}

/** Whether the actor may see every department (no department filter needed on reads). */
export function seesAllDepartments(actor: Actor): boolean {
  return MATRIX[actor.role]["unit:view"] === "any";
}

/** Whether the actor may do `action` to every unit (an administrator): reads of it need no scope filter. */
export function actsEverywhere(actor: Actor, action: Action): boolean {
  return MATRIX[actor.role]?.[action] === "any";
}

export class ForbiddenError extends Error {
  constructor(message = "You do not have permission to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class UnauthenticatedError extends Error {
  constructor() {
    super("Please sign in.");
    this.name = "UnauthenticatedError";
  }
}

export function assertCan(actor: Actor | null, action: Action, target: UnitScope | null = null): asserts actor is Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!can(actor, action, target)) throw new ForbiddenError();
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Administrator",
  SLT: "Senior Leadership Team",
  LEAD: "Department lead",
  VIEWER: "Viewer",
};
