import Link from "next/link";
import { pageHref, type PageWindow } from "@/lib/paging/page";

interface PaginationProps {
  /** What the list holds, for the landmark's name and the count ("Initiatives pages"). */
  label: string;
  window: PageWindow;
  path: string;
  /** The list's other URL state (filters and sort), kept on every page link. */
  query: Record<string, string | number | null | undefined | false>;
}

/**
 * Previous/next and numbered links for a server-paged list. Plain links: it works without
 * JavaScript, by keyboard, and the browser's back button returns to the page before.
 */
export function Pagination({ label, window: w, path, query }: PaginationProps) {
  if (w.pages <= 1) return null;
  const numbers = pageNumbers(w.page, w.pages);
  return (
    <nav aria-label={`${label} pages`} className="flex flex-wrap items-center gap-x-4 gap-y-2">
      {w.page > 1 ? (
        <Link href={pageHref(path, query, w.page - 1)} rel="prev" className="inline-flex min-h-11 items-center">
          Previous<span className="sr-only"> page</span>
        </Link>
      ) : null}
      <ul className="flex flex-wrap items-center gap-1">
        {numbers.map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-ink-muted">
              …
            </li>
          ) : (
            <li key={n}>
              {n === w.page ? (
                <span aria-current="page" className="inline-flex min-h-11 min-w-11 items-center justify-center border-2 border-ink font-bold">
                  <span className="sr-only">Page </span>
                  {n}
                </span>
              ) : (
                <Link href={pageHref(path, query, n)} className="inline-flex min-h-11 min-w-11 items-center justify-center">
                  <span className="sr-only">Page </span>
                  {n}
                </Link>
              )}
            </li>
          ),
        )}
      </ul>
      {w.page < w.pages ? (
        <Link href={pageHref(path, query, w.page + 1)} rel="next" className="inline-flex min-h-11 items-center">
          Next<span className="sr-only"> page</span>
        </Link>
      ) : null}
    </nav>
  );
}

/** "Showing 51–100 of 1,234 initiatives" — the count a screen reader hears after filtering. */
export function PageSummary({ window: w, noun, plural, filtered }: { window: PageWindow; noun: string; plural: string; filtered?: boolean }) {
  const n = w.total.toLocaleString("en-GB");
  const what = w.total === 1 ? `1 ${noun}` : `${n} ${plural}`;
  const suffix = filtered ? " match the filters" : "";
  if (w.pages <= 1) return <p role="status" className="font-semibold">{what}{suffix}.</p>;
  return (
    <p role="status" className="font-semibold">
      {what}
      {suffix}: showing {w.from.toLocaleString("en-GB")}–{w.to.toLocaleString("en-GB")}.
    </p>
  );
}

/** First, last, and two either side of the current page; null marks a gap. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const keep = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const sorted = [...keep].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === "number" && n - prev > 1) out.push(null);
    out.push(n);
  }
  return out;
}
