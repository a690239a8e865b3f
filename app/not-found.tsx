import type { Metadata } from "next";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { getCurrentUser, type SessionUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Page not found" };

/** Any unknown address, and any notFound() call (a missing measure, report or unit). */
export default async function NotFound() {
  // A missing page should still render when the session cannot be read (e.g. the database is down).
  let user: SessionUser | null = null;
  try {
    user = await getCurrentUser();
  } catch (err) {
    unstable_rethrow(err);
    user = null;
  }
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" tabIndex={-1} className="flex-1">
        <div className="mx-auto w-full max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
          <div className="prose-width">
            <p className="mb-2 font-semibold text-ink-muted">Error 404</p>
            <h1 className="mb-6 text-3xl font-bold sm:text-4xl">Page not found</h1>
            <p className="mb-3">If you typed the web address, check it is correct.</p>
            <p className="mb-3">If you pasted the web address, check you copied the entire address.</p>
            <p>
              You can go to {user ? <Link href="/dashboard">your dashboard</Link> : <Link href="/">the Baseline home page</Link>}{" "}
              or read the <Link href="/reports">published performance reports</Link>.
            </p>
          </div>
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
