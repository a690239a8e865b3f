import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { MainNav } from "@/components/layout/main-nav";
import { navEntries } from "@/components/layout/nav-items";
import type { Actor } from "@/lib/auth/permissions";

/*
 * The main navigation's markup (issue 19): groups are native disclosures that work without script,
 * one open at a time, and the current page and the group holding it are marked.
 */

let pathname = "/";
vi.mock("next/navigation", () => ({ usePathname: () => pathname }));

const SLT: Actor = { id: 1, role: "SLT", unitId: 1, departmentId: 1 };

function render(user: Actor | null, at: string) {
  pathname = at;
  return renderToStaticMarkup(createElement(MainNav, { entries: navEntries(user) }));
}

/** The groups' summaries (not the phone's "Menu", whose text follows its icon): label and aria-current. */
function summaries(html: string): { label: string; current: string | null }[] {
  return [...html.matchAll(/<summary([^>]*)>([^<]*)</g)]
    .filter((m) => m[2] !== "")
    .map((m) => ({ label: m[2]!, current: /aria-current="(\w+)"/.exec(m[1]!)?.[1] ?? null }));
}

/** Every link: address, label and aria-current. */
function links(html: string): { href: string; label: string; current: string | null }[] {
  return [...html.matchAll(/<a([^>]*)>([^<]*)<\/a>/g)].map((m) => ({
    href: /href="([^"]*)"/.exec(m[1]!)?.[1] ?? "",
    label: m[2]!,
    current: /aria-current="(\w+)"/.exec(m[1]!)?.[1] ?? null,
  }));
}

describe("the main navigation's markup", () => {
  it("gives each group a native disclosure, one open at a time, none open to begin with", () => {
    const html = render(SLT, "/dashboard");
    expect(html.match(/<details name="main-nav" data-nav-menu/g)).toHaveLength(4);
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(summaries(html).map((s) => s.label)).toEqual(["Performance", "Data entry", "Plan", "Reporting"]);
  });

  it("marks the current page and the group that holds it", () => {
    const html = render(SLT, "/entry/status");
    expect(summaries(html)).toEqual([
      { label: "Performance", current: null },
      { label: "Data entry", current: "true" },
      { label: "Plan", current: null },
      { label: "Reporting", current: null },
    ]);
    // In the phone's menu and in the bar; "Enter figures" (/entry) is not marked as well.
    expect(links(html).filter((l) => l.current)).toEqual([
      { href: "/entry/status", label: "Submissions", current: "page" },
      { href: "/entry/status", label: "Submissions", current: "page" },
    ]);
    // A page below a link marks it as its section.
    const report = render(SLT, "/reports/manage/7");
    expect(links(report).filter((l) => l.current).map((l) => [l.label, l.current])).toEqual([
      ["Reports", "true"],
      ["Reports", "true"],
    ]);
    expect(summaries(report).filter((s) => s.current).map((s) => s.label)).toEqual(["Reporting"]);
  });

  it("marks a lone link without a group, and nothing on a page outside the bar", () => {
    const risks = render(SLT, "/risks/heatmap");
    expect(summaries(risks).some((s) => s.current)).toBe(false);
    expect(links(risks).filter((l) => l.current).map((l) => l.label)).toEqual(["Risks", "Risks"]);
    const elsewhere = render(SLT, "/measures/5");
    expect(elsewhere).not.toContain("aria-current");
  });

  it("folds a long list into the phone's menu, its groups as labelled lists", () => {
    const html = render(SLT, "/dashboard");
    expect(html).toMatch(/<summary[^>]*>.*Menu<\/summary>/);
    const labelled = [...html.matchAll(/<span id="([^"]+)"[^>]*>([^<]+)<\/span><ul aria-labelledby="\1"/g)].map((m) => m[2]);
    expect(labelled).toEqual(["Performance", "Data entry", "Plan", "Reporting"]);
  });

  it("leaves a visitor who is signed out one link, with no menus", () => {
    const html = render(null, "/reports");
    expect(html).not.toContain("<details");
    expect(links(html)).toEqual([{ href: "/reports", label: "Published reports", current: "page" }]);
  });
});
