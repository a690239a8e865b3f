import type { Role } from "../../lib/auth/permissions";

/** Demo accounts (password "baseline-demo"), created only by the demo seed. */
export const DEMO_PASSWORD = "baseline-demo";

export const demoUsers: { email: string; name: string; role: Role; unitSlug: string | null }[] = [
  { email: "admin@baseline.test", name: "Alex Renouf", role: "ADMIN", unitSlug: null },
  { email: "slt.coo@baseline.test", name: "Jordan Le Brocq", role: "SLT", unitSlug: "coo" },
  { email: "slt.cls@baseline.test", name: "Sam Vibert", role: "SLT", unitSlug: "cls" },
  { email: "lead.md@baseline.test", name: "Morgan Falle", role: "LEAD", unitSlug: "md" },
  { email: "lead.pcs@baseline.test", name: "Casey de Gruchy", role: "LEAD", unitSlug: "pcs" },
  { email: "lead.cls@baseline.test", name: "Robin Querée", role: "LEAD", unitSlug: "cls-customer-services" },
  { email: "viewer@baseline.test", name: "Taylor Mauger (PAC clerk)", role: "VIEWER", unitSlug: null },
];
