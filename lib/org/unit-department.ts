// The unit tree fragments live in ./tree-sql.ts; this path stays for lib/reports (edited on another branch).
export { unitDepartmentCte, unitTreeCte } from "./tree-sql";
