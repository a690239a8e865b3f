import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { pageHref } from "@/lib/paging/page";

/**
 * "Find a department" for a whole-government list: a GET form, so the search lives in the URL and
 * works without JavaScript; a new search starts again at page 1 (the form sends no page).
 * `hidden` carries the list's other URL state.
 */
export function DepartmentSearch({ action, search, label = "Department name contains", hidden = {} }: { action: string; search: string; label?: string; hidden?: Record<string, string | null | undefined> }) {
  return (
    <form method="get" action={action} role="search" aria-label="Find a department" className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-md border border-line-soft bg-surface p-4">
      {Object.entries(hidden).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <Input name="q" label={label} defaultValue={search} maxLength={100} fieldClassName="mb-0 w-full max-w-sm" autoComplete="off" />
      <Button type="submit" variant="secondary">
        Find
      </Button>
      {search !== "" && <Link href={pageHref(action, hidden, 1)} className="inline-flex min-h-11 items-center">Clear the search</Link>}
    </form>
  );
}
