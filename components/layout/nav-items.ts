import { can, type Actor } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
}

/** A named set of links, shown as one menu in the bar. */
export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** A top-level entry of the bar: a link, or a group of links. */
export type NavEntry = NavItem | NavGroup;

export function isGroup(entry: NavEntry): entry is NavGroup {
  return "items" in entry;
}

/** Every link of the navigation, in order. */
export function navLinks(entries: readonly NavEntry[]): NavItem[] {
  return entries.flatMap((e) => (isGroup(e) ? e.items : [e]));
}

/**
 * The main navigation for this visitor, grouped so that the bar stays one row (issue 19): the nav
 * never offers a page the role would be refused. A group the role has one link of is that link
 * (a viewer's "Submissions", everyone's "Risks"); one with none is left out.
 */
export function navEntries(user: Actor | null): NavEntry[] {
  const item = (href: string, label: string, allowed: boolean): NavItem[] => (allowed ? [{ href, label }] : []);
  const admin = can(user, "user:manage");
  const groups: NavGroup[] = [
    { label: "Dashboard", items: item("/dashboard", "Dashboard", user !== null) },
    {
      label: "Performance",
      items: [
        ...item("/departments", "Departments", can(user, "unit:view")),
        ...item("/reviews", "Reviews", can(user, "unit:view")),
        // SLT manage their department's measures; administrators reach them (and all of /admin) through "Admin".
        ...item("/admin/measures", "Measures", !admin && can(user, "measure:manage")),
      ],
    },
    {
      label: "Data entry",
      items: [
        ...item("/my-updates", "My updates", can(user, "figures:submit")),
        ...item("/entry", "Enter figures", can(user, "figures:enter")),
        ...item("/entry/status", "Submissions", can(user, "unit:view")),
        // Tokens let a department's source systems send its figures (issue 17).
        ...item("/admin/api-tokens", "API tokens", !admin && can(user, "api-token:manage")),
      ],
    },
    {
      label: "Plan",
      items: [
        ...item("/initiatives", "Initiatives", can(user, "unit:view")),
        ...item("/recommendations", "Recommendations", can(user, "unit:view")),
      ],
    },
    { label: "Risks", items: item("/risks", "Risks", can(user, "unit:view")) },
    {
      label: "Reporting",
      items: [
        // Editors reach the reports they prepare (which link to the published ones); everyone else the public list.
        can(user, "report:edit") ? { href: "/reports/manage", label: "Reports" } : { href: "/reports", label: "Published reports" },
        ...item("/feedback/themes", "Feedback", can(user, "feedback:enter")),
      ],
    },
    { label: "Admin", items: item("/admin", "Admin", admin) },
  ];
  return groups.flatMap((g): NavEntry[] => (g.items.length === 0 ? [] : g.items.length === 1 ? g.items : [g]));
}
