import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { requireUser } from "@/lib/auth/current-user";

/**
 * The signed-in area. Sending anonymous visitors to sign in here is a convenience: every page
 * and action inside checks the user (and its permission) again itself.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" tabIndex={-1} className="flex-1">
        <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">{children}</div>
      </main>
      <SiteFooter />
    </>
  );
}
