import type { ReactNode } from "react";
import { pageHref } from "@/lib/paging/page";
import { ariaSortOf, SortLink } from "./sortable-th";
import { Th } from "./table";

export type SortDir = "asc" | "desc";

interface SortHeaderProps<K extends string> {
  children: ReactNode;
  /** The sort key this column sets. */
  sortKey: K;
  /** The list's current sort and direction. */
  sort: K;
  dir: SortDir;
  /** The direction a first click sorts in (latest first for dates, highest first for scores). */
  firstDir?: SortDir;
  path: string;
  /** The list's other URL state (filters), kept on the link; the page goes back to 1. */
  query: Record<string, string | number | null | undefined | false>;
  numeric?: boolean;
  className?: string;
}

/**
 * A column header that sorts the list: a plain link (it works without JavaScript), `aria-sort` on
 * the sorted column, and the direction in words as well as an arrow. Choosing the sorted column
 * again reverses it.
 */
export function SortHeader<K extends string>({ children, sortKey, sort, dir, firstDir = "asc", path, query, numeric, className }: SortHeaderProps<K>) {
  const current = sort === sortKey;
  const next: SortDir = current ? (dir === "asc" ? "desc" : "asc") : firstDir;
  const href = pageHref(path, { ...query, sort: sortKey, dir: next }, 1);
  return (
    <Th numeric={numeric} className={className} aria-sort={ariaSortOf(current, dir)}>
      <SortLink active={current} direction={dir} href={href}>
        {children}
      </SortLink>
    </Th>
  );
}
