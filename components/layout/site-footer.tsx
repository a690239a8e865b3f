import Link from "next/link";

/** Site footer: what the service is, where the public reports are, accessibility and data provenance. */
export function SiteFooter() {
  return (
    <footer className="site-footer mt-auto border-t-4 border-navy bg-white" data-print="hide">
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-8 text-sm text-ink-muted sm:px-6 md:grid-cols-[2fr_1fr]">
        <div className="space-y-3">
          <p className="text-base font-bold text-ink">Baseline — performance management for the Government of Jersey</p>
          <p>
            <span className="font-semibold text-ink">Accessibility:</span> this service is designed to meet WCAG 2.2 level AA.
            It works with a keyboard, screen readers and zoom up to 400%, and never shows status by colour alone. If something
            is hard to use, tell the Performance team.
          </p>
          <p>Demo data derived from the COO Business Plan 2021 and the CLS reply to the PAC (July 2021).</p>
        </div>
        <nav aria-label="Footer">
          <h2 className="mb-2 text-base font-bold text-ink">Public information</h2>
          <ul className="space-y-1.5">
            <li>
              <Link href="/reports">Published performance reports</Link>
            </li>
            <li>
              <Link href="/">About Baseline</Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
