/** Postgres `integer` ids stop here; a larger number in an address would fail in the query. */
const MAX_ID = 2_147_483_647;

/**
 * The numeric id in an address (`/measures/42`, `?unit=3`), or null when it is not a positive
 * whole number that fits an `integer` column: such an address is "not found", never an error.
 */
export function routeId(value: string | undefined | null): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}
