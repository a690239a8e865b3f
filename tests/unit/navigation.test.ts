import { describe, expect, it } from "vitest";
import { currentLink } from "@/components/layout/current-link";
import { isGroup, navEntries, navLinks, type NavEntry } from "@/components/layout/nav-items";
import type { Actor, Role } from "@/lib/auth/permissions";
import { expectedOutcome, PAGES, type Role as MatrixRole } from "../security/access-matrix";

/*
 * The main navigation, grouped into menus (issue 19): every role keeps exactly the links it had
 * before the grouping, each link a page the role may open, and the bar stays short.
 */

const actor = (role: Role): Actor => ({ id: 1, role, unitId: 11, departmentId: 1 });
const VISITORS: [string, Actor | null, MatrixRole][] = [
  ["signed out", null, "anonymous"],
  ["VIEWER", actor("VIEWER"), "viewer"],
  ["LEAD", actor("LEAD"), "leadMd"],
  ["SLT", actor("SLT"), "sltCoo"],
  ["ADMIN", actor("ADMIN"), "admin"],
];

/** Each role's links before the grouping (the flat bar), as label → address. */
const BEFORE: Record<string, Record<string, string>> = {
  "signed out": { "Published reports": "/reports" },
  VIEWER: {
    Dashboard: "/dashboard",
    Departments: "/departments",
    Submissions: "/entry/status",
    Reviews: "/reviews",
    Initiatives: "/initiatives",
    Risks: "/risks",
    Recommendations: "/recommendations",
    "Published reports": "/reports",
  },
  LEAD: {
    Dashboard: "/dashboard",
    Departments: "/departments",
    "My updates": "/my-updates",
    "Enter figures": "/entry",
    Submissions: "/entry/status",
    Reviews: "/reviews",
    Initiatives: "/initiatives",
    Risks: "/risks",
    Recommendations: "/recommendations",
    Feedback: "/feedback/themes",
    Reports: "/reports/manage",
  },
  SLT: {
    Dashboard: "/dashboard",
    Departments: "/departments",
    "My updates": "/my-updates",
    "Enter figures": "/entry",
    Submissions: "/entry/status",
    Reviews: "/reviews",
    Initiatives: "/initiatives",
    Risks: "/risks",
    Recommendations: "/recommendations",
    Feedback: "/feedback/themes",
    Measures: "/admin/measures",
    "API tokens": "/admin/api-tokens",
    Reports: "/reports/manage",
  },
  ADMIN: {
    Dashboard: "/dashboard",
    Departments: "/departments",
    "My updates": "/my-updates",
    "Enter figures": "/entry",
    Submissions: "/entry/status",
    Reviews: "/reviews",
    Initiatives: "/initiatives",
    Risks: "/risks",
    Recommendations: "/recommendations",
    Feedback: "/feedback/themes",
    Admin: "/admin",
    Reports: "/reports/manage",
  },
};

/** The bar as it reads: a link's label, or a group's label with its links' labels. */
const shape = (entries: NavEntry[]) => entries.map((e) => (isGroup(e) ? { [e.label]: e.items.map((i) => i.label) } : e.label));

describe("main navigation", () => {
  it.each(VISITORS)("%s keeps the links it had before the grouping", (name, user) => {
    const links = navLinks(navEntries(user));
    expect(Object.fromEntries(links.map((l) => [l.label, l.href]))).toEqual(BEFORE[name]);
    expect(new Set(links.map((l) => l.href)).size, "no link twice").toBe(links.length);
  });

  it.each(VISITORS)("%s is offered only pages the access matrix lets it open", (_name, user, role) => {
    const refused = navLinks(navEntries(user)).filter((l) => {
      const row = PAGES[l.href];
      return !row || expectedOutcome(row, role) !== "ok";
    });
    expect(refused).toEqual([]);
  });

  it("groups the links: a group has two links or more, a lone link stands on its own", () => {
    expect(shape(navEntries(actor("SLT")))).toEqual([
      "Dashboard",
      { Performance: ["Departments", "Reviews", "Measures"] },
      { "Data entry": ["My updates", "Enter figures", "Submissions", "API tokens"] },
      { Plan: ["Initiatives", "Recommendations"] },
      "Risks",
      { Reporting: ["Reports", "Feedback"] },
    ]);
    expect(shape(navEntries(actor("ADMIN")))).toEqual([
      "Dashboard",
      { Performance: ["Departments", "Reviews"] },
      { "Data entry": ["My updates", "Enter figures", "Submissions"] },
      { Plan: ["Initiatives", "Recommendations"] },
      "Risks",
      { Reporting: ["Reports", "Feedback"] },
      "Admin",
    ]);
    expect(shape(navEntries(actor("VIEWER")))).toEqual([
      "Dashboard",
      { Performance: ["Departments", "Reviews"] },
      "Submissions",
      { Plan: ["Initiatives", "Recommendations"] },
      "Risks",
      "Published reports",
    ]);
    expect(shape(navEntries(null))).toEqual(["Published reports"]);
    for (const [, user] of VISITORS) {
      const entries = navEntries(user);
      expect(entries.length, "a short bar").toBeLessThanOrEqual(7);
      for (const e of entries) if (isGroup(e)) expect(e.items.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("no group shares its label with a link (each control keeps a name of its own)", () => {
    for (const [, user] of VISITORS) {
      const entries = navEntries(user);
      const labels = [...entries.filter(isGroup).map((g) => g.label), ...navLinks(entries).map((l) => l.label)];
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});

describe("the current link", () => {
  const hrefs = navLinks(navEntries(actor("ADMIN"))).map((l) => l.href);

  it.each([
    ["/dashboard", { href: "/dashboard", page: true }],
    ["/entry", { href: "/entry", page: true }],
    // A deeper link wins: the tracker is Submissions', not Enter figures'.
    ["/entry/status", { href: "/entry/status", page: true }],
    ["/entry/status/extra", { href: "/entry/status", page: false }],
    ["/entry/csv", { href: "/entry", page: false }],
    ["/reports/manage/12", { href: "/reports/manage", page: false }],
    ["/admin/measures/3/edit", { href: "/admin", page: false }],
    ["/risks/heatmap", { href: "/risks", page: false }],
    // Neither a page of the bar nor below one.
    ["/", null],
    ["/measures/5", null],
    ["/entryway", null],
  ])("%s", (pathname, expected) => {
    expect(currentLink(pathname, hrefs)).toEqual(expected);
  });

  it("a public report is under the public list", () => {
    expect(currentLink("/reports/coo/2026-q3", ["/reports"])).toEqual({ href: "/reports", page: false });
  });
});
