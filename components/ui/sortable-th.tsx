import Link from "next/link";
import type { ReactNode } from "react";
import { Th } from "./table";

type Direction = "asc" | "desc";

interface SortLinkProps {
  children: ReactNode;
  /** Whether the list is sorted by this key now, and which way. */
  active: boolean;
  direction: Direction;
  /** The list's URL sorted by this key: the other direction when active, else ascending. */
  href: string;
}

const ariaSort = (direction: Direction) => (direction === "asc" ? "ascending" : "descending");

/** A link that sorts the list by one key, its state in an arrow and in words (not by colour). */
export function SortLink({ children, active, direction, href }: SortLinkProps) {
  const next = active && direction === "asc" ? "descending" : "ascending";
  return (
    <Link href={href} className="inline-flex min-h-11 items-center gap-1">
      {children}
      <span aria-hidden="true">{active ? (direction === "asc" ? "▲" : "▼") : "↕"}</span>
      <span className="sr-only">{active ? `, sorted ${ariaSort(direction)}. ` : ". "}Sort {next}</span>
    </Link>
  );
}

/**
 * A column header that sorts the list: a plain link (works without JavaScript; the sort stays in
 * the URL) and `aria-sort` on the column the list is sorted by.
 */
export function SortableTh({ className, ...link }: SortLinkProps & { className?: string }) {
  return (
    <Th aria-sort={link.active ? ariaSort(link.direction) : undefined} className={className}>
      <SortLink {...link} />
    </Th>
  );
}

/** `aria-sort` for a header holding several sort links: the direction when one of them is active. */
export function ariaSortOf(active: boolean, direction: Direction): "ascending" | "descending" | undefined {
  return active ? ariaSort(direction) : undefined;
}
