import Link from "next/link";
import type { SessionUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { BrandMark } from "./brand-mark";
import { MainNav } from "./main-nav";
import { navEntries } from "./nav-items";
import { SignOutButton } from "./sign-out-button";

/**
 * Site header: name and mark, the signed-in account (name, role, unit) with sign-out, and the
 * main navigation (grouped into menus: main-nav.tsx). On a phone the account block wraps below the
 * name; no script needed.
 */
export function SiteHeader({ user }: { user: SessionUser | null }) {
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

      <MainNav entries={navEntries(user)} />
    </header>
  );
}
