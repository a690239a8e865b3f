import { describe, expect, it } from "vitest";
import { userChangeProblems } from "@/lib/users/rules";

const ADMIN_ID = 1;
const OTHER_ID = 2;

describe("userChangeProblems: changing your own account", () => {
  it("refuses to let an administrator disable themselves", () => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: ADMIN_ID, role: "ADMIN", active: false, unitKind: null })).toEqual({
      active: ["You cannot disable your own account"],
    });
  });

  it("refuses to let an administrator remove their own administrator role", () => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: ADMIN_ID, role: "VIEWER", active: true, unitKind: null })).toEqual({
      role: ["You cannot remove your own administrator role"],
    });
  });

  it("reports both problems at once", () => {
    const problems = userChangeProblems({ actorId: ADMIN_ID, targetId: ADMIN_ID, role: "VIEWER", active: false, unitKind: null });
    expect(Object.keys(problems).sort()).toEqual(["active", "role"]);
  });

  it("allows an administrator to save their own account unchanged", () => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: ADMIN_ID, role: "ADMIN", active: true, unitKind: null })).toEqual({});
  });
});

describe("userChangeProblems: other accounts", () => {
  it("allows disabling or demoting someone else", () => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: OTHER_ID, role: "VIEWER", active: false, unitKind: null })).toEqual({});
  });

  it("never treats a new account (no id yet) as the actor's own", () => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: null, role: "VIEWER", active: false, unitKind: null })).toEqual({});
  });

  it.each([
    ["SLT", "department", {}],
    ["SLT", "directorate", { unitId: ["SLT members are scoped to a department"] }],
    ["SLT", "service", { unitId: ["SLT members are scoped to a department"] }],
    ["SLT", null, { unitId: ["SLT members are scoped to a department"] }],
    ["LEAD", "directorate", {}],
    ["LEAD", "service", {}],
    ["LEAD", "department", { unitId: ["Leads are scoped to a directorate or service, not a whole department"] }],
    ["ADMIN", null, {}],
    ["VIEWER", null, {}],
  ] as const)("%s scoped to %s → %j", (role, unitKind, expected) => {
    expect(userChangeProblems({ actorId: ADMIN_ID, targetId: OTHER_ID, role, active: true, unitKind })).toEqual(expected);
  });
});
