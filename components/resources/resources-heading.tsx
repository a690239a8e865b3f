import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { monthLabel, monthParam, type Period } from "@/lib/entry/periods";

/**
 * The heading of a department's resources and People pages: where to go back to, the title, the
 * day the page is as at, and the month picker (a GET form: the month is in the URL).
 */
export function ResourcesHeading({
  departmentSlug,
  departmentName,
  title,
  asAtText,
  month,
  options,
  links,
  children,
}: {
  departmentSlug: string;
  departmentName: string;
  title: string;
  asAtText: string;
  month: Period;
  options: Period[];
  /** Links beside "Back to …" (the other resources page, the plan). */
  links: { href: string; label: string }[];
  children?: ReactNode;
}) {
  return (
    <div>
      <p className="mb-2 flex flex-wrap gap-x-6">
        <Link href={`/departments/${departmentSlug}?month=${monthParam(month)}`}>Back to {departmentName}</Link>
        {links.map((l) => (
          <Link key={l.href} href={l.href}>
            {l.label}
          </Link>
        ))}
      </p>
      <h1 className="text-3xl font-bold">{title}</h1>
      <p className="mt-1 font-semibold" data-testid="as-at">
        {asAtText}
      </p>
      {children}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <Select name="month" label="Month" defaultValue={monthParam(month)} fieldClassName="mb-0!">
          {options.map((p) => (
            <option key={p} value={monthParam(p)}>
              {monthLabel(p)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          Show month
        </Button>
      </form>
    </div>
  );
}

/** The links to the pages where the figures are entered, shown only to those who may use them. */
export function EntryLinks({ label, links }: { label: string; links: { href: string; label: string }[] }) {
  if (links.length === 0) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-6 gap-y-2 border-l-4 border-accent bg-surface px-4 py-3">
      {links.map((l) => (
        <Link key={l.href} href={l.href}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
