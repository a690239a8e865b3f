import type { ReactNode } from "react";

/*
 * The visible way to an Atom feed: the page's <link rel="alternate"> (its metadata) is found by
 * feed readers and some browsers only, so the page also says what the feed is for and links it.
 * Plain <a>, not next/link: the feed is a document for a feed reader, not a page of the app.
 */

function FeedIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 shrink-0" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M5 11a8 8 0 0 1 8 8M5 5a14 14 0 0 1 14 14" strokeLinecap="round" />
      <circle cx="6" cy="18" r="1.5" fill="currentColor" stroke="none" />
    </svg>
  );
}

export interface FeedSubscribeProps {
  /** The feed's path ("/reports/coo/feed.xml"). */
  href: string;
  /** Whose reports, for screen readers after the link text: "Chief Operating Office reports". */
  subject: string;
  /** What the feed tells its reader, in a sentence or two. */
  children: ReactNode;
  /** Another feed worth offering (every department's, or the filtered department's). */
  other?: { href: string; label: string };
}

/** "Subscribe (Atom feed)", with what a feed is for: to learn of a report or correction without checking by hand. */
export function FeedSubscribe({ href, subject, children, other }: FeedSubscribeProps) {
  return (
    <section aria-labelledby="subscribe" className="space-y-2 rounded-md border border-line-soft bg-white p-4 sm:p-5" data-print="hide" data-testid="report-feed">
      <h2 id="subscribe" className="text-lg font-bold">
        Find out when a report is published or corrected
      </h2>
      <div className="prose-width space-y-2">{children}</div>
      <p className="prose-width">
        Add the feed&rsquo;s address to a feed reader (Outlook and most news readers can follow one); no account is needed.
      </p>
      <ul className="flex flex-wrap items-center gap-x-6 gap-y-1">
        <li>
          {/* An aria-label rather than a visually hidden span: the span's box made the name read "feed) :". */}
          <a href={href} type="application/atom+xml" aria-label={`Subscribe (Atom feed): ${subject}`} className="inline-flex min-h-11 items-center gap-2 font-semibold">
            <FeedIcon />
            Subscribe (Atom feed)
          </a>
        </li>
        {other && (
          <li>
            <a href={other.href} type="application/atom+xml" className="inline-flex min-h-11 items-center">
              {other.label}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}
