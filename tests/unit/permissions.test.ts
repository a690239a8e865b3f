import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  actsEverywhere,
  assertCan,
  can,
  ForbiddenError,
  seesAllDepartments,
  UnauthenticatedError,
  type Action,
  type Actor,
  type Role,
  type UnitScope,
} from "@/lib/auth/permissions";

/*
 * A small organisation, shaped like the demo one:
 *   COO (1, department) ─ M&D (11, directorate) ─ Service Desk (111, service)
 *                       └ P&CS (12, directorate)
 *   CLS (2, department) ─ Customer Services (21, service)
 */
const COO = 1;
const MD = 11;
const SERVICE_DESK = 111;
const PCS = 12;
const CLS = 2;
const CUSTOMER_SERVICES = 21;

const targets = {
  /** (a) the actor's own unit: M&D, the LEAD's unit and a directorate of the SLT's department */
  own: { unitId: MD, departmentId: COO, ancestorIds: [COO] },
  /** (b) a sibling unit in the same department */
  sibling: { unitId: PCS, departmentId: COO, ancestorIds: [COO] },
  /** (c) a unit in another department */
  otherDepartment: { unitId: CUSTOMER_SERVICES, departmentId: CLS, ancestorIds: [CLS] },
  /** (d) the department itself */
  department: { unitId: COO, departmentId: COO, ancestorIds: [] },
} satisfies Record<string, UnitScope>;

const actors: Record<Role, Actor> = {
  ADMIN: { id: 1, role: "ADMIN", unitId: null, departmentId: null },
  SLT: { id: 2, role: "SLT", unitId: COO, departmentId: COO },
  LEAD: { id: 3, role: "LEAD", unitId: MD, departmentId: COO },
  VIEWER: { id: 4, role: "VIEWER", unitId: null, departmentId: null },
};

/** [own unit, sibling unit, other department, own department, no target (the action in general)] */
type Row = readonly [own: boolean, sibling: boolean, otherDepartment: boolean, department: boolean, general: boolean];
const Y = true;
const N = false;

/*
 * The decided rules, written out by hand. Adding an action to ACTIONS without a row here fails
 * the completeness test below: decide who may do it before shipping it.
 */
const EXPECTED: Record<Role, Record<Action, Row>> = {
  ADMIN: {
    "unit:view":       [Y, Y, Y, Y, Y],
    "figures:enter":   [Y, Y, Y, Y, Y],
    "figures:submit":  [Y, Y, Y, Y, Y],
    "measure:manage":  [Y, Y, Y, Y, Y],
    "initiative:edit": [Y, Y, Y, Y, Y],
    "risk:edit":       [Y, Y, Y, Y, Y],
    "risk:escalate":   [Y, Y, Y, Y, Y],
    "recommendation:edit": [Y, Y, Y, Y, Y],
    "review:manage":   [Y, Y, Y, Y, Y],
    "report:edit":     [Y, Y, Y, Y, Y],
    "report:approve":  [Y, Y, Y, Y, Y],
    "report:publish":  [Y, Y, Y, Y, Y],
    "user:manage":     [Y, Y, Y, Y, Y],
    "audit:view":      [Y, Y, Y, Y, Y],
    "feedback:manage": [Y, Y, Y, Y, Y],
    "feedback:enter":  [Y, Y, Y, Y, Y],
    "feedback:moderate": [Y, Y, Y, Y, Y],
    "budget:manage":   [Y, Y, Y, Y, Y],
    "finance:enter":   [Y, Y, Y, Y, Y],
    "workforce:enter": [Y, Y, Y, Y, Y],
    "api-token:manage": [Y, Y, Y, Y, Y],
    "measure:annotate": [Y, Y, Y, Y, Y],
  },
  // SLT of COO: everything inside its own department except user management; nothing in CLS.
  SLT: {
    "unit:view":       [Y, Y, N, Y, Y],
    "figures:enter":   [Y, Y, N, Y, Y],
    "figures:submit":  [Y, Y, N, Y, Y],
    "measure:manage":  [Y, Y, N, Y, Y],
    "initiative:edit": [Y, Y, N, Y, Y],
    "risk:edit":       [Y, Y, N, Y, Y],
    "risk:escalate":   [Y, Y, N, Y, Y],
    "recommendation:edit": [Y, Y, N, Y, Y],
    "review:manage":   [Y, Y, N, Y, Y],
    "report:edit":     [Y, Y, N, Y, Y],
    "report:approve":  [Y, Y, N, Y, Y],
    "report:publish":  [Y, Y, N, Y, Y],
    "user:manage":     [N, N, N, N, N],
    "audit:view":      [Y, Y, N, Y, Y],
    "feedback:manage": [Y, Y, N, Y, Y],
    "feedback:enter":  [Y, Y, N, Y, Y],
    "feedback:moderate": [N, N, N, N, N],
    "budget:manage":   [Y, Y, N, Y, Y],
    "finance:enter":   [Y, Y, N, Y, Y],
    "workforce:enter": [Y, Y, N, Y, Y],
    "api-token:manage": [Y, Y, N, Y, Y],
    "measure:annotate": [Y, Y, N, Y, Y],
  },
  // LEAD of M&D: sees and drafts reports for the department, changes only M&D (and below).
  LEAD: {
    "unit:view":       [Y, Y, N, Y, Y],
    "figures:enter":   [Y, N, N, N, Y],
    "figures:submit":  [Y, N, N, N, Y],
    "measure:manage":  [N, N, N, N, N],
    "initiative:edit": [Y, N, N, N, Y],
    "risk:edit":       [Y, N, N, N, Y],
    "risk:escalate":   [N, N, N, N, N],
    "recommendation:edit": [Y, N, N, N, Y],
    "review:manage":   [N, N, N, N, N],
    "report:edit":     [Y, Y, N, Y, Y],
    "report:approve":  [N, N, N, N, N],
    "report:publish":  [N, N, N, N, N],
    "user:manage":     [N, N, N, N, N],
    "audit:view":      [N, N, N, N, N],
    "feedback:manage": [N, N, N, N, N],
    "feedback:enter":  [Y, N, N, N, Y],
    "feedback:moderate": [N, N, N, N, N],
    "budget:manage":   [N, N, N, N, N],
    "finance:enter":   [Y, N, N, N, Y],
    "workforce:enter": [Y, N, N, N, Y],
    "api-token:manage": [N, N, N, N, N],
    "measure:annotate": [Y, N, N, N, Y],
  },
  // VIEWER (e.g. the PAC clerk): reads every department, changes nothing.
  VIEWER: {
    "unit:view":       [Y, Y, Y, Y, Y],
    "figures:enter":   [N, N, N, N, N],
    "figures:submit":  [N, N, N, N, N],
    "measure:manage":  [N, N, N, N, N],
    "initiative:edit": [N, N, N, N, N],
    "risk:edit":       [N, N, N, N, N],
    "risk:escalate":   [N, N, N, N, N],
    "recommendation:edit": [N, N, N, N, N],
    "review:manage":   [N, N, N, N, N],
    "report:edit":     [N, N, N, N, N],
    "report:approve":  [N, N, N, N, N],
    "report:publish":  [N, N, N, N, N],
    "user:manage":     [N, N, N, N, N],
    "audit:view":      [N, N, N, N, N],
    "feedback:manage": [N, N, N, N, N],
    "feedback:enter":  [N, N, N, N, N],
    "feedback:moderate": [N, N, N, N, N],
    "budget:manage":   [N, N, N, N, N],
    "finance:enter":   [N, N, N, N, N],
    "workforce:enter": [N, N, N, N, N],
    "api-token:manage": [N, N, N, N, N],
    "measure:annotate": [N, N, N, N, N],
  },
};

const ROLES: Role[] = ["ADMIN", "SLT", "LEAD", "VIEWER"];

const cases = ROLES.flatMap((role) =>
  ACTIONS.map((action) => {
    const row = EXPECTED[role][action];
    return { role, action, row };
  }),
);

describe("the expected table", () => {
  it("decides every action for every role, and lists no action that does not exist", () => {
    for (const role of ROLES) {
      expect(Object.keys(EXPECTED[role]).sort()).toEqual([...ACTIONS].sort());
    }
  });

  it("covers exactly the four roles", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
  });
});

describe("can(): role × action × target", () => {
  it.each(cases)("$role $action", ({ role, action, row }) => {
    const actor = actors[role];
    const got: Row = [
      can(actor, action, targets.own),
      can(actor, action, targets.sibling),
      can(actor, action, targets.otherDepartment),
      can(actor, action, targets.department),
      can(actor, action, null),
    ];
    expect(got).toEqual(row);
  });

  it("treats an omitted target like a null one (the action in general)", () => {
    expect(can(actors.LEAD, "figures:enter")).toBe(true);
    expect(can(actors.LEAD, "measure:manage")).toBe(false);
    expect(can(actors.VIEWER, "unit:view")).toBe(true);
    expect(can(actors.VIEWER, "risk:edit")).toBe(false);
  });
});

describe("can(): unit scope follows the tree", () => {
  const serviceBelowOwnUnit: UnitScope = { unitId: SERVICE_DESK, departmentId: COO, ancestorIds: [MD, COO] };

  it("lets a LEAD change a unit below their own", () => {
    expect(can(actors.LEAD, "figures:enter", serviceBelowOwnUnit)).toBe(true);
    expect(can(actors.LEAD, "risk:edit", serviceBelowOwnUnit)).toBe(true);
  });

  it("does not let a LEAD of a service change its parent directorate", () => {
    const serviceLead: Actor = { id: 5, role: "LEAD", unitId: SERVICE_DESK, departmentId: COO };
    expect(can(serviceLead, "figures:enter", targets.own)).toBe(false);
    expect(can(serviceLead, "figures:enter", serviceBelowOwnUnit)).toBe(true);
  });

  it("lets an SLT act on a unit at any depth in its department", () => {
    expect(can(actors.SLT, "report:approve", serviceBelowOwnUnit)).toBe(true);
  });
});

describe("can(): API tokens (issue 17)", () => {
  const serviceDesk: UnitScope = { unitId: SERVICE_DESK, departmentId: COO, ancestorIds: [MD, COO] };
  const customerServices = targets.otherDepartment;

  it("lets an administrator manage tokens for any unit", () => {
    for (const target of [...Object.values(targets), serviceDesk]) expect(can(actors.ADMIN, "api-token:manage", target)).toBe(true);
  });

  it("lets an SLT manage tokens for every unit of its own department, at any depth, and none of another's", () => {
    expect(can(actors.SLT, "api-token:manage", targets.department)).toBe(true);
    expect(can(actors.SLT, "api-token:manage", serviceDesk)).toBe(true);
    expect(can(actors.SLT, "api-token:manage", customerServices)).toBe(false);
    expect(can({ id: 9, role: "SLT", unitId: CLS, departmentId: CLS }, "api-token:manage", customerServices)).toBe(true);
  });

  it("acts everywhere only for an administrator", () => {
    expect(actsEverywhere(actors.ADMIN, "api-token:manage")).toBe(true);
    for (const role of ["SLT", "LEAD", "VIEWER"] as const) expect(actsEverywhere(actors[role], "api-token:manage")).toBe(false);
  });

  it("refuses leads (even for their own unit), viewers and an SLT without a department", () => {
    expect(can(actors.LEAD, "api-token:manage")).toBe(false);
    expect(can(actors.LEAD, "api-token:manage", targets.own)).toBe(false);
    expect(can(actors.VIEWER, "api-token:manage")).toBe(false);
    expect(can({ id: 10, role: "SLT", unitId: null, departmentId: null }, "api-token:manage", targets.own)).toBe(false);
  });
});

describe("can(): misconfigured or missing actors", () => {
  it.each(ACTIONS)("denies %s to a signed-out (null) actor whatever the target", (action) => {
    expect(can(null, action)).toBe(false);
    expect(can(null, action, null)).toBe(false);
    for (const target of Object.values(targets)) expect(can(null, action, target)).toBe(false);
  });

  it("denies department-scoped actions on a target to an SLT without a department", () => {
    const orphan: Actor = { id: 6, role: "SLT", unitId: null, departmentId: null };
    expect(can(orphan, "unit:view", targets.department)).toBe(false);
    expect(can(orphan, "report:approve", targets.own)).toBe(false);
  });

  it("denies unit-scoped actions on a target to a LEAD without a unit", () => {
    const orphan: Actor = { id: 7, role: "LEAD", unitId: null, departmentId: COO };
    expect(can(orphan, "figures:enter", targets.own)).toBe(false);
    // Department scope still works from the department id.
    expect(can(orphan, "unit:view", targets.sibling)).toBe(true);
  });

  it("denies everything to an unknown role (deny by default)", () => {
    const odd = { id: 8, role: "AUDITOR", unitId: null, departmentId: null } as unknown as Actor;
    for (const action of ACTIONS) expect(can(odd, action, targets.department)).toBe(false);
  });
});

describe("assertCan()", () => {
  it("throws UnauthenticatedError for a null actor", () => {
    expect(() => assertCan(null, "unit:view")).toThrow(UnauthenticatedError);
  });

  it("throws ForbiddenError when the rule denies", () => {
    expect(() => assertCan(actors.LEAD, "figures:enter", targets.sibling)).toThrow(ForbiddenError);
    expect(() => assertCan(actors.SLT, "user:manage")).toThrow(ForbiddenError);
    expect(() => assertCan(actors.VIEWER, "report:edit", targets.department)).toThrow("You do not have permission to do that.");
  });

  it("returns quietly when the rule allows", () => {
    expect(() => assertCan(actors.LEAD, "figures:enter", targets.own)).not.toThrow();
    expect(() => assertCan(actors.ADMIN, "user:manage")).not.toThrow();
  });
});

describe("seesAllDepartments()", () => {
  it.each([
    ["ADMIN", true],
    ["VIEWER", true],
    ["SLT", false],
    ["LEAD", false],
  ] as const)("%s → %s", (role, expected) => {
    expect(seesAllDepartments(actors[role])).toBe(expected);
  });
});
