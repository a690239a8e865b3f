/**
 * Which of the main navigation's links the page at `pathname` belongs to: the link to it, else the
 * deepest link above it ("/entry/status" is Submissions', not Enter figures'; "/reports/coo/2026-q3"
 * is under "/reports"). `page` when the link is the page itself, for aria-current="page".
 */
export function currentLink(pathname: string, hrefs: readonly string[]): { href: string; page: boolean } | null {
  let best: string | null = null;
  for (const href of hrefs) {
    const under = pathname === href || (href !== "/" && pathname.startsWith(`${href}/`));
    if (under && (best === null || href.length > best.length)) best = href;
  }
  return best === null ? null : { href: best, page: best === pathname };
}
