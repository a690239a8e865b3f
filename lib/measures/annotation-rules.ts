/** Notes on a month of a measure (issue 18): the longest note, in characters. Zod-free, for the forms too. */
export const ANNOTATION_MAX = 500;
