import type { Metadata } from "next";
import Link from "next/link";
import { HeatMap } from "@/components/risks/heat-map";
import { HeatMapRisks } from "@/components/risks/heat-map-risks";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requirePermission } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { filterQuery, parseRiskFilters, type RiskFilters } from "@/lib/risks/filters";
import { getRiskHeatMap, listHeatMapRisks } from "@/lib/risks/queries";
import { describeBands } from "@/lib/risks/scoring";
import { getRiskBands } from "@/lib/settings";
import { heatMapOptions } from "./_components/heatmap-options";

export const metadata: Metadata = { title: "Risk heat map" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const indent = (depth: number) => "\u00a0\u00a0".repeat(depth);

export default async function RiskHeatMapPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("unit:view");
  const parsed = parseRiskFilters(await searchParams);
  // The map spreads risks over every cell: band and cell filters do not apply here (nor the list's page).
  const asked: RiskFilters = { ...parsed, band: null, likelihood: null, impact: null, page: 1 };
  const [options, bands] = await Promise.all([heatMapOptions(user, asked), getRiskBands(db)]);
  const filters: RiskFilters = { ...asked, unit: options.unit };
  const [cells, cellRisks] = await Promise.all([getRiskHeatMap(user, filters, bands), listHeatMapRisks(user, filters, bands)]);
  const total = cells.reduce((n, c) => n + c.count, 0);
  const inherent = filters.rating === "inherent";
  const where = options.department?.name ?? (options.departments.length === 1 ? options.departments[0]!.name : "all departments");
  const unit = filters.unit !== null ? options.units.find((u) => u.id === filters.unit) : undefined;
  const statusWord = filters.status === "all" ? "open and closed" : filters.status;
  const caption = `${inherent ? "Inherent" : "Residual"} ratings of ${total} ${statusWord} ${total === 1 ? "risk" : "risks"}, ${unit ? unit.name : where}: likelihood by impact`;
  const other = inherent ? "residual" : "inherent";
  const hrefFor = (likelihood: number, impact: number) => `/risks${filterQuery({ ...filters, likelihood, impact })}`;

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/risks${filterQuery(filters)}`}>Back to the risk list</Link>
        <h1 className="mt-3 text-3xl font-bold">Risk heat map: {unit ? unit.name : where}</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          How many risks sit at each likelihood and impact, on their {inherent ? "inherent rating (before controls)" : "residual rating (with controls in place)"}. Each
          cell gives its count, score and band ({describeBands(bands)}); choose a count to list those risks. Under the map, the risks of
          each cell, highest score first.
        </p>
      </div>

      <nav aria-label="Rating shown" className="flex flex-wrap items-center gap-3">
        <span className="font-bold">Showing:</span>
        <span className="rounded-sm bg-navy px-3 py-1 font-semibold text-white" aria-current="true">
          {inherent ? "Inherent" : "Residual"} ratings
        </span>
        <Link href={`/risks/heatmap${filterQuery({ ...filters, rating: other })}`}>Show {other} ratings</Link>
      </nav>

      <form method="get" action="/risks/heatmap" aria-label="Choose the risks shown" className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-md border border-line-soft bg-surface p-4">
        {options.departments.length > 1 && (
          <Select name="department" label="Department" defaultValue={filters.department ?? ""} fieldClassName="mb-0!">
            <option value="">All departments</option>
            {options.departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </Select>
        )}
        {/* Units of one department only: across government the list would hold every unit. */}
        {options.units.length > 0 && (
          <Select name="unit" label="Unit" defaultValue={filters.unit !== null ? String(filters.unit) : ""} fieldClassName="mb-0!">
            <option value="">All units</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {indent(u.depth)}
                {u.name}
              </option>
            ))}
          </Select>
        )}
        <Select name="status" label="Status" defaultValue={filters.status} fieldClassName="mb-0!" className="min-w-36">
          <option value="open">Open</option>
          <option value="closed">Closed</option>
          <option value="all">Open and closed</option>
        </Select>
        {inherent && <input type="hidden" name="rating" value="inherent" />}
        <Button type="submit" variant="secondary" className="mb-0.5">
          Show
        </Button>
        {options.units.length === 0 && <p className="basis-full text-ink-muted">Choose a department to narrow the map to one of its units.</p>}
      </form>

      <section className="rounded-md border border-line-soft bg-surface p-4 sm:p-6">
        <HeatMap cells={cells} bands={bands} caption={caption} hrefFor={hrefFor} />
      </section>

      {/* On a phone the map has room for counts only: the risks themselves follow, cell by cell. */}
      <HeatMapRisks cells={cellRisks} bands={bands} hrefFor={hrefFor} showDepartment={!options.department && options.departments.length > 1} />
    </div>
  );
}
