import Link from "next/link";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { BrandMark } from "./brand-mark";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

interface NavItem {
  href: string;
  label: string;
}

/** The links this visitor may use: the nav never offers a page the role would be refused. */
function navItems(user: SessionUser | null): NavItem[] {
  const items: NavItem[] = [];
  if (user) items.push({ href: "/dashboard", label: "Dashboard" });
  if (can(user, "unit:view")) items.push({ href: "/departments", label: "Departments" });
  if (can(user, "figures:submit")) items.push({ href: "/my-updates", label: "My updates" });
  if (can(user, "figures:enter")) items.push({ href: "/entry", label: "Enter figures" });
  if (can(user, "unit:view")) items.push({ href: "/entry/status", label: "Submissions" });
  if (can(user, "unit:view")) items.push({ href: "/reviews", label: "Reviews" });
  if (can(user, "unit:view")) items.push({ href: "/initiatives", label: "Initiatives" });
  if (can(user, "unit:view")) items.push({ href: "/risks", label: "Risks" });
  if (can(user, "unit:view")) items.push({ href: "/recommendations", label: "Recommendations" });
  if (can(user, "feedback:enter")) items.push({ href: "/feedback/themes", label: "Feedback" });
  // Administrators reach every admin tool through one link; SLT manage their department's measures
  // and API tokens (the rest of /admin stays the administrators').
  if (can(user, "user:manage")) items.push({ href: "/admin", label: "Admin" });
  else {
    if (can(user, "measure:manage")) items.push({ href: "/admin/measures", label: "Measures" });
    if (can(user, "api-token:manage")) items.push({ href: "/admin/api-tokens", label: "API tokens" });
  }
  // Editors reach the reports they prepare (which link to the published ones); everyone else the public list.
  if (can(user, "report:edit")) items.push({ href: "/reports/manage", label: "Reports" });
  else items.push({ href: "/reports", label: "Published reports" });
  return items;
}

/**
 * Site header: name and mark, the signed-in account (name, role, unit) with sign-out, and the
 * main navigation. On a phone the account block and the links wrap below the name; no script needed.
 */
export function SiteHeader({ user }: { user: SessionUser | null }) {
  const items = navItems(user);
  // A short list (signed out) stays a row on a phone; a long one folds into a menu there.
  const fold = items.length > 3;
  return (
    <header className="site-header">
      <div className="border-b-[6px] border-accent bg-navy text-white">
        <div
          className={[
            "mx-auto flex max-w-6xl items-center justify-between gap-x-6 gap-y-3 px-4 py-3 sm:px-6",
            user ? "flex-wrap" : "",
          ].join(" ")}
        >
          <Link
            href="/"
            className="group flex items-center gap-3 text-white no-underline visited:text-white hover:text-white"
          >
            <BrandMark className="size-9 shrink-0" />
            <span className="flex flex-col leading-tight">
              <span className="text-2xl font-bold tracking-tight group-hover:underline">Baseline</span>
              <span className="text-xs text-navy-soft sm:text-sm">Government of Jersey · Performance</span>
            </span>
          </Link>

          {user ? (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2" data-print="hide">
              <p className="text-sm leading-snug sm:text-right">
                <span className="sr-only">Signed in as </span>
                <span className="block font-bold text-white">{user.name}</span>
                <span className="block text-navy-soft">
                  {ROLE_LABELS[user.role]}
                  {user.unitName ? ` · ${user.unitName}` : ""}
                </span>
              </p>
              <SignOutButton />
            </div>
          ) : (
            <Link
              href="/login"
              className="shrink-0 rounded-[3px] border-2 border-white/70 px-3 py-1.5 text-sm font-semibold text-white no-underline visited:text-white hover:bg-white hover:text-navy"
              data-print="hide"
            >
              Sign in
            </Link>
          )}
        </div>
      </div>

      <nav aria-label="Main" className="site-nav border-b border-line-soft bg-white">
        {/* On a phone the links fold into a "Menu" disclosure (no script needed); from md up they are a row. */}
        {fold && (
          <details className="group mx-auto max-w-6xl px-4 md:hidden">
            <summary className="flex cursor-pointer list-none items-center gap-2 py-3 font-semibold text-navy [&::-webkit-details-marker]:hidden">
              <span aria-hidden="true" className="inline-block w-4 text-center group-open:rotate-90">
                ▸
              </span>
              Menu
            </summary>
            <ul className="flex flex-col pb-2">
              {items.map((item) => (
                <li key={item.href}>
                  <NavLink href={item.href} siblings={items.map((i) => i.href)} stacked>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </details>
        )}
        <ul className={["mx-auto max-w-6xl flex-wrap gap-x-4 gap-y-0 px-5", fold ? "hidden md:flex" : "flex"].join(" ")}>
          {items.map((item) => (
            <li key={item.href}>
              <NavLink href={item.href} siblings={items.map((i) => i.href)}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
