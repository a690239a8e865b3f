import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { DEFAULT_FILTERS, RISK_SORT_DIR, type RiskFilters } from "@/lib/risks/filters";
import { RISK_BAND_LABELS, RISK_BAND_ORDER } from "@/lib/risks/scoring";
import type { FilterOptions } from "./filter-options";

const indent = (depth: number) => "\u00a0\u00a0".repeat(depth);

/**
 * The list's filters and search: a GET form, so that every filtered view has its own address. The
 * sort is kept; the page goes back to 1. Units are those of the chosen department: choosing another
 * department and applying lists its units (no JavaScript needed).
 */
export function RiskFilterForm({ filters, options, action }: { filters: RiskFilters; options: FilterOptions; action: string }) {
  const showDepartments = options.departments.length > 1;
  return (
    <form method="get" action={action} aria-label="Filter risks" className="rounded-md border border-line-soft bg-surface p-4">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-3">
        <Input name="q" type="search" label="Reference or title" defaultValue={filters.q} maxLength={100} fieldClassName="mb-0!" className="w-full sm:w-56" />
        {showDepartments && (
          <Select name="department" label="Department" defaultValue={filters.department ?? ""} fieldClassName="mb-0!">
            <option value="">All departments</option>
            {options.departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </Select>
        )}
        {options.units.length > 0 ? (
          <Select name="unit" label="Unit" defaultValue={filters.unit !== null ? String(filters.unit) : ""} fieldClassName="mb-0!">
            <option value="">All units</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {indent(u.depth)}
                {u.name}
              </option>
            ))}
          </Select>
        ) : (
          <p className="max-w-48 pb-2 text-sm text-ink-muted">Choose a department and apply to filter by unit.</p>
        )}
        <Select name="band" label="Band" defaultValue={filters.band ?? ""} fieldClassName="mb-0!" className="min-w-36">
          <option value="">Any band</option>
          {RISK_BAND_ORDER.map((b) => (
            <option key={b} value={b}>
              {RISK_BAND_LABELS[b]}
            </option>
          ))}
        </Select>
        <Select name="rating" label="Band of" defaultValue={filters.rating} fieldClassName="mb-0!" className="min-w-36">
          <option value="residual">Residual rating</option>
          <option value="inherent">Inherent rating</option>
        </Select>
        <Select name="status" label="Status" defaultValue={filters.status} fieldClassName="mb-0!" className="min-w-36">
          <option value="open">Open</option>
          <option value="closed">Closed</option>
          <option value="all">Open and closed</option>
        </Select>
        <fieldset className="flex flex-wrap gap-x-4 gap-y-2 pb-2">
          <legend className="sr-only">Flags</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="above" value="1" defaultChecked={filters.aboveAppetite} className="size-5" />
            Above appetite
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="escalated" value="1" defaultChecked={filters.escalated} className="size-5" />
            Escalated
          </label>
        </fieldset>
        {/* A heat map cell's filter is kept while other filters change. */}
        {filters.likelihood !== null && <input type="hidden" name="likelihood" value={filters.likelihood} />}
        {filters.impact !== null && <input type="hidden" name="impact" value={filters.impact} />}
        {filters.sort !== DEFAULT_FILTERS.sort && <input type="hidden" name="sort" value={filters.sort} />}
        {filters.dir !== RISK_SORT_DIR[filters.sort] && <input type="hidden" name="dir" value={filters.dir} />}
        <div className="flex flex-wrap items-center gap-3 pb-0.5">
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
          <Link href={action}>Clear filters</Link>
        </div>
      </div>
    </form>
  );
}
