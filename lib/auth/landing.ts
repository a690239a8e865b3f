import type { Role } from "./permissions";

/** Where a person lands after signing in: leads on what they owe, everyone else on the dashboard. */
export const landingPath = (role: Role) => (role === "LEAD" ? "/my-updates" : "/dashboard");
