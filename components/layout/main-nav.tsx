"use client";

import { usePathname } from "next/navigation";
import { useId, useRef } from "react";
import { currentLink } from "./current-link";
import { NavLink, type Currentness } from "./nav-link";
import { isGroup, navLinks, type NavEntry } from "./nav-items";
import { NavMenu } from "./nav-menu";
import { useNavMenus } from "./use-nav-menus";

/**
 * The main navigation. From md up, one row of links and menus (each group a <details>); on a phone
 * a long list folds into one "Menu" disclosure, its groups as labelled lists. No script needed.
 */
export function MainNav({ entries }: { entries: NavEntry[] }) {
  const pathname = usePathname() ?? "";
  const nav = useRef<HTMLElement>(null);
  useNavMenus(nav);
  const id = useId();
  const links = navLinks(entries);
  const current = currentLink(pathname, links.map((l) => l.href));
  const currentOf = (href: string): Currentness => (current?.href === href ? (current.page ? "page" : "section") : null);
  // A short list (signed out) stays a row on a phone; a long one folds into a menu there.
  const fold = links.length > 3;

  return (
    <nav ref={nav} aria-label="Main" className="site-nav border-b border-line-soft bg-white">
      {fold && (
        <details className="group mx-auto max-w-6xl px-4 md:hidden">
          <summary className="flex cursor-pointer list-none items-center gap-2 py-3 font-semibold text-navy [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="inline-block w-4 text-center group-open:rotate-90">
              ▸
            </span>
            Menu
          </summary>
          <ul className="flex flex-col pb-2">
            {entries.map((entry, i) =>
              isGroup(entry) ? (
                <li key={entry.label}>
                  <span id={`${id}-${i}`} className="block pt-3 pr-3 pb-1 pl-4 text-sm font-bold text-ink-muted">
                    {entry.label}
                  </span>
                  <ul aria-labelledby={`${id}-${i}`} className="ml-3">
                    {entry.items.map((item) => (
                      <li key={item.href}>
                        <NavLink href={item.href} current={currentOf(item.href)} stacked>
                          {item.label}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </li>
              ) : (
                <li key={entry.href}>
                  <NavLink href={entry.href} current={currentOf(entry.href)} stacked>
                    {entry.label}
                  </NavLink>
                </li>
              ),
            )}
          </ul>
        </details>
      )}
      <ul className={["mx-auto max-w-6xl flex-wrap gap-x-4 gap-y-0 px-5", fold ? "hidden md:flex" : "flex"].join(" ")}>
        {entries.map((entry) =>
          isGroup(entry) ? (
            <li key={entry.label}>
              <NavMenu group={entry} currentOf={currentOf} />
            </li>
          ) : (
            <li key={entry.href}>
              <NavLink href={entry.href} current={currentOf(entry.href)}>
                {entry.label}
              </NavLink>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
