import { describe, expect, it } from "vitest";
import { compareDue, initiativeUpdateDue, isDueSoon, monthlyCheckDue, ownedUnit, ownsUnit } from "@/lib/obligations/rules";

const lead = { id: 1, role: "LEAD" as const, unitId: 10, departmentId: 1 };
const slt = { id: 2, role: "SLT" as const, unitId: 1, departmentId: 1 };
const viewer = { id: 3, role: "VIEWER" as const, unitId: null, departmentId: null };

describe("whose unit items are whose", () => {
  it("gives a lead their unit and the units below it, SLT their department itself, others nothing", () => {
    expect(ownsUnit(lead, { unitId: 10, departmentId: 1, ancestorIds: [1] })).toBe(true);
    expect(ownsUnit(lead, { unitId: 11, departmentId: 1, ancestorIds: [10, 1] })).toBe(true);
    expect(ownsUnit(lead, { unitId: 12, departmentId: 1, ancestorIds: [1] })).toBe(false);
    expect(ownsUnit(slt, { unitId: 1, departmentId: 1, ancestorIds: [] })).toBe(true);
    expect(ownsUnit(slt, { unitId: 10, departmentId: 1, ancestorIds: [1] })).toBe(false);
    expect(ownedUnit(viewer)).toBeNull();
    expect(ownedUnit({ ...viewer, role: "ADMIN" })).toBeNull();
  });
});

describe("initiativeUpdateDue", () => {
  // November 2026: working day 10 is Friday 13 November.
  it("is due on the day last month's figures are due, and late after it", () => {
    expect(initiativeUpdateDue("2026-11-13", 10)).toEqual({ period: "2026-11-01", due: "2026-11-13", late: false });
    expect(initiativeUpdateDue("2026-11-14", 10)).toEqual({ period: "2026-11-01", due: "2026-11-13", late: true });
  });
});

describe("monthlyCheckDue", () => {
  it("owes nothing once done this month", () => {
    expect(monthlyCheckDue("2026-11-02", "2025-01-01", "2026-11-20")).toBeNull();
  });
  it("is due at the month's end when last month's was done, or the item is new", () => {
    expect(monthlyCheckDue("2026-10-30", "2025-01-01", "2026-11-20")).toEqual({ due: "2026-11-30", late: false });
    expect(monthlyCheckDue(null, "2026-11-05", "2026-11-20")).toEqual({ due: "2026-11-30", late: false });
  });
  it("is late, due at last month's end, when last month's was missed too", () => {
    expect(monthlyCheckDue("2026-09-30", "2025-01-01", "2026-11-20")).toEqual({ due: "2026-10-31", late: true });
    expect(monthlyCheckDue(null, "2026-10-15", "2026-11-01")).toEqual({ due: "2026-10-31", late: true });
  });
});

describe("isDueSoon and compareDue", () => {
  it("counts what is not late and due within the days given, today included", () => {
    expect(isDueSoon({ due: "2026-11-20", late: false }, "2026-11-20", 3)).toBe(true);
    expect(isDueSoon({ due: "2026-11-23", late: false }, "2026-11-20", 3)).toBe(true);
    expect(isDueSoon({ due: "2026-11-24", late: false }, "2026-11-20", 3)).toBe(false);
    expect(isDueSoon({ due: "2026-11-19", late: true }, "2026-11-20", 3)).toBe(false);
    expect(isDueSoon({ due: null, late: false }, "2026-11-20", 3)).toBe(false);
  });
  it("sorts late first, then by due date, no date last", () => {
    const items = [
      { due: null, late: false },
      { due: "2026-12-01", late: false },
      { due: "2026-11-01", late: true },
      { due: "2026-11-25", late: false },
    ];
    expect([...items].sort(compareDue).map((i) => i.due)).toEqual(["2026-11-01", "2026-11-25", "2026-12-01", null]);
  });
});
