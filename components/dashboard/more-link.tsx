import Link from "next/link";

/** "Showing 10 of 1,234 …" and a link to all of them, a page at a time; nothing when all are shown. */
export function MoreLink({ shown, total, href, plural }: { shown: number; total: number; href: string; plural: string }) {
  if (total <= shown) return null;
  const n = total.toLocaleString("en-GB");
  return (
    <p>
      Showing {shown} of {n} {plural}.{" "}
      <Link href={href}>
        See all {n}
        <span className="sr-only"> {plural}</span>
      </Link>
    </p>
  );
}
