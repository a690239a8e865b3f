/** The form field of one measure's input on the entry sheet: `m.<measureId>.<field>` (no zod here: the entry form imports it in the browser). */
export const figureFieldName = (measureId: number, field: string) => `m.${measureId}.${field}`;
