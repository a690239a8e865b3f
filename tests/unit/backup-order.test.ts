import { describe, expect, it } from "vitest";
import { foreignKeyOrder, parentsFirst } from "@/db/backup";

describe("backup restore order", () => {
  it("puts referenced tables before the tables that reference them", () => {
    const tables = [
      { name: "measure_values", references: ["measures", "users"] },
      { name: "users", references: ["org_units"] },
      { name: "measures", references: ["org_units"] },
      { name: "org_units", references: [] },
      { name: "app_settings", references: ["users"] },
    ];
    expect(foreignKeyOrder(tables).map((t) => t.name)).toEqual(["org_units", "users", "app_settings", "measures", "measure_values"]);
  });

  it("refuses a cycle between tables", () => {
    expect(() => foreignKeyOrder([{ name: "a", references: ["b"] }, { name: "b", references: ["a"] }])).toThrow(/cycle: a → b → a/);
  });

  it("orders the rows of a self-referencing table parents first", () => {
    const rows = [
      ["1", "9"],
      ["2", null],
      ["9", "2"],
      ["4", "1"],
    ];
    expect(parentsFirst(rows, ["id", "parent_id"], [["parent_id", "id"]])).toEqual([["2", null], ["9", "2"], ["1", "9"], ["4", "1"]]);
    expect(() => parentsFirst([["1", "7"]], ["id", "parent_id"], [["parent_id", "id"]])).toThrow(/not in the backup/);
    expect(parentsFirst(rows, ["id", "parent_id"], [])).toBe(rows);
  });
});
