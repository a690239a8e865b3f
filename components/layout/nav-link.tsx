import Link from "next/link";
import type { ReactNode } from "react";

/** How a link relates to the page shown: the page itself, a page below it, or neither. */
export type Currentness = "page" | "section" | null;

/** A main-navigation link, marked with aria-current (and a bar) when it is the page or section being shown. */
export function NavLink({
  href,
  current,
  stacked = false,
  children,
}: {
  href: string;
  current: Currentness;
  /** In a menu: one link a line, the current one marked on the left. */
  stacked?: boolean;
  children: ReactNode;
}) {
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
