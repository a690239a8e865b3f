export type * from "./types";
export { units } from "./units";
export { measures } from "./measures";
export { priorities, keyObjectives } from "./priorities";
export { initiatives } from "./initiatives";
export { risks } from "./risks";
export { recommendations } from "./recommendations";
