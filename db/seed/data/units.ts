import type { SeedUnit } from "./types";

/**
 * Organisation units. The COO directorates are named in the COO Business Plan 2021
 * ("People and Corporate Services, Modernisation and Digital, Commercial Services").
 * The CLS services are the front-line areas named or described in the CLS reply to
 * the PAC (2 July 2021): customer services / contact, Local Services ("Closer to Home",
 * cluster groups) and benefits / contributions (Social Security).
 */
export const units: SeedUnit[] = [
  // Departments
  { slug: "coo", name: "Chief Operating Office", shortName: "COO", kind: "department", parentSlug: null },
  { slug: "cls", name: "Customer and Local Services", shortName: "CLS", kind: "department", parentSlug: null },

  // COO directorates
  { slug: "pcs", name: "People and Corporate Services", shortName: "P&CS", kind: "directorate", parentSlug: "coo" },
  { slug: "md", name: "Modernisation and Digital", shortName: "M&D", kind: "directorate", parentSlug: "coo" },
  { slug: "commercial", name: "Commercial Services", shortName: "Commercial", kind: "directorate", parentSlug: "coo" },

  // CLS services
  {
    slug: "cls-customer-services",
    name: "Customer Services",
    shortName: "Customer Services",
    kind: "service",
    parentSlug: "cls",
  },
  {
    slug: "cls-local-services",
    name: "Local Services",
    shortName: "Local Services",
    kind: "service",
    parentSlug: "cls",
  },
  {
    slug: "cls-social-security",
    name: "Social Security and Benefits",
    shortName: "Social Security",
    kind: "service",
    parentSlug: "cls",
  },
];
