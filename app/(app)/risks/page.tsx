import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BandBadge, EscalationBadge } from "@/components/risks/band-badge";
import { ButtonLink } from "@/components/ui/button";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { SortHeader } from "@/components/ui/sort-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DEFAULT_FILTERS, filterParams, filterQuery, isFiltered, parseRiskFilters, RISK_SORT_DIR, type RiskSort } from "@/lib/risks/filters";
import { listRisks } from "@/lib/risks/queries";
import { describeBands, IMPACT_LABELS, LIKELIHOOD_LABELS } from "@/lib/risks/scoring";
import { getRiskBands } from "@/lib/settings";
import { RiskFilterForm } from "./_components/filter-form";
import { filterOptions } from "./_components/filter-options";

export const metadata: Metadata = { title: "Risk register" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RisksPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("unit:view");
  const params = await searchParams;
  const parsed = parseRiskFilters(params);
  // `/risks?view=heatmap` is the heat map's other address.
  if (params.view === "heatmap") redirect(`/risks/heatmap${filterQuery({ ...parsed, band: null, likelihood: null, impact: null, page: 1 })}`);

  const [options, bands] = await Promise.all([filterOptions(user, parsed), getRiskBands(db)]);
  // A unit left over from another department is dropped (filterOptions).
  const filters = { ...parsed, unit: options.unit?.id ?? null };
  const { rows, window, aboveNotEscalated } = await listRisks(user, filters, bands);
  const heatMapHref = `/risks/heatmap${filterQuery({ ...DEFAULT_FILTERS, department: filters.department, unit: filters.unit, status: filters.status, rating: filters.rating })}`;
  const cell = filters.likelihood !== null || filters.impact !== null;
  const query = filterParams(filters);
  const sortable = (key: RiskSort) => ({ sortKey: key, sort: filters.sort, dir: filters.dir, firstDir: RISK_SORT_DIR[key], path: "/risks", query });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Risk register</h1>
          <p className="mt-2 max-w-3xl text-ink-muted">
            Each risk is rated likelihood × impact (1–5 each) before controls (inherent) and with them (residual). Bands: {describeBands(bands)}. A
            residual score above the risk&apos;s appetite is flagged for escalation.
          </p>
        </div>
        <div className="flex flex-wrap gap-3">
          <ButtonLink href={heatMapHref} variant="secondary">
            Heat map
          </ButtonLink>
          {can(user, "risk:edit") && <ButtonLink href="/risks/new">Add a risk</ButtonLink>}
        </div>
      </div>

      <RiskFilterForm filters={filters} options={options} action="/risks" />

      {cell && (
        <p className="border-l-4 border-accent bg-accent-soft p-3">
          Showing one heat map cell of the {filters.rating} rating:
          {filters.likelihood !== null && ` likelihood ${filters.likelihood} (${LIKELIHOOD_LABELS[filters.likelihood - 1]})`}
          {filters.likelihood !== null && filters.impact !== null && ","}
          {filters.impact !== null && ` impact ${filters.impact} (${IMPACT_LABELS[filters.impact - 1]})`}.{" "}
          <Link href={`/risks${filterQuery({ ...filters, likelihood: null, impact: null, page: 1 })}`}>Show every cell</Link>
        </p>
      )}

      <div className="space-y-1">
        {window.total === 0 ? (
          <p role="status" className="font-bold">
            {isFiltered(filters) ? "No risks match these filters." : "No risks yet."}
          </p>
        ) : (
          <PageSummary window={window} noun="risk" plural="risks" filtered={isFiltered(filters)} />
        )}
        {aboveNotEscalated > 0 && (
          <p>
            {aboveNotEscalated} {aboveNotEscalated === 1 ? "is" : "are"} above appetite and not yet escalated.
          </p>
        )}
      </div>

      {rows.length > 0 && (
        <Table caption={options.department ? `Risks of ${options.department.name}` : "Risks"}>
          <THead>
            <Tr>
              <SortHeader {...sortable("ref")}>Ref</SortHeader>
              <SortHeader {...sortable("title")}>Risk</SortHeader>
              <SortHeader {...sortable("owner")}>Unit and owner</SortHeader>
              <Th>Inherent</Th>
              <SortHeader {...sortable("rating")}>Residual</SortHeader>
              <Th numeric>Appetite</Th>
              <SortHeader {...sortable("reviewed")}>Last reviewed</SortHeader>
            </Tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id} data-ref={r.ref}>
                <Td className="font-mono whitespace-nowrap">{r.ref}</Td>
                <Th scope="row" className="min-w-56 font-normal">
                  <Link href={`/risks/${r.id}`} className="font-bold">
                    {r.title}
                  </Link>
                  {r.status === "closed" && <span className="block text-sm text-ink-muted">Closed</span>}
                  {(r.escalated || r.aboveAppetite) && (
                    <div className="mt-1">
                      <EscalationBadge state={r.escalated ? "escalated" : "escalate"} />
                    </div>
                  )}
                </Th>
                <Td className="min-w-44">
                  <span className="font-semibold">{r.unitName}</span>
                  {!options.department && options.departments.length > 1 && <span className="text-sm text-ink-muted"> ({r.departmentShortName})</span>}
                  <span className="block text-sm">{r.ownerName}</span>
                </Td>
                <Td>
                  <BandBadge score={r.inherent.score} band={r.inherent.band} />
                </Td>
                <Td>
                  <BandBadge score={r.residual.score} band={r.residual.band} />
                </Td>
                <Td numeric>{r.appetiteScore}</Td>
                <Td className="whitespace-nowrap">{r.lastReviewedAt ? format(r.lastReviewedAt, "d MMM yyyy") : "Never"}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      <Pagination label="Risks" window={window} path="/risks" query={query} />
    </div>
  );
}
