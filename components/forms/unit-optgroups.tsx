/** A unit as a unit select offers it; `kind` only where a whole department can be chosen. */
export interface UnitChoice {
  id: number;
  name: string;
  departmentName: string;
  kind?: string;
}

/** The options of a unit select, grouped under their department in the order given. */
export function UnitOptgroups({ units }: { units: readonly UnitChoice[] }) {
  const departments = [...new Set(units.map((u) => u.departmentName))];
  return departments.map((department) => (
    <optgroup key={department} label={department}>
      {units
        .filter((u) => u.departmentName === department)
        .map((u) => (
          <option key={u.id} value={u.id}>
            {u.kind === "department" ? `${u.name} (whole department)` : u.name}
          </option>
        ))}
    </optgroup>
  ));
}
