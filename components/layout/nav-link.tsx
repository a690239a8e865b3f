"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** Whether `pathname` is `href` or a page below it ("/reports/coo/2021-q2" is under "/reports"). */
function isCurrent(pathname: string, href: string): "page" | "section" | null {
  if (pathname === href) return "page";
  if (href !== "/" && pathname.startsWith(`${href}/`)) return "section";
  return null;
}

/** A main-navigation link that marks itself with aria-current when it is the page (or section) being shown. */
export function NavLink({
  href,
  siblings = [],
  stacked = false,
  children,
}: {
  href: string;
  siblings?: string[];
  /** In the phone menu: one link a line, the current one marked on the left. */
  stacked?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname() ?? "";
  // A deeper sibling link that matches wins ("/entry/status" is not part of "/entry" in the nav).
  const deeper = siblings.some((s) => s.startsWith(`${href}/`) && isCurrent(pathname, s));
  const current = deeper ? null : isCurrent(pathname, href);
  return (
    <Link
      href={href}
      aria-current={current === "page" ? "page" : current === "section" ? "true" : undefined}
      className={[
        stacked
          ? "block border-l-4 px-3 py-2 font-semibold no-underline visited:text-navy hover:text-accent-dark"
          : "-mb-px inline-block border-b-4 px-1 pt-3 pb-2.5 text-[0.9375rem] font-semibold no-underline visited:text-navy hover:text-accent-dark",
        current ? "border-accent text-navy" : "border-transparent text-navy hover:border-line",
      ].join(" ")}
    >
      {children}
    </Link>
  );
}
