import Link from "next/link";
import { RagBadge } from "@/components/measures/status-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { monthLabel, monthParam } from "@/lib/entry/periods";
import type { ResourceExceptions } from "@/lib/resources/exceptions";
import { formatThousands, variancePct, varianceDirection } from "@/lib/resources/rules";

const DIRECTION_WORDS = { overspend: "Overspend", underspend: "Underspend", none: "On budget" } as const;

/** "Overspend of 1,273 (6.4%)" in £'000, the direction in words. */
function Variance({ forecast, budget }: { forecast: number; budget: number }) {
  const variance = forecast - budget;
  const direction = varianceDirection(variance);
  const pct = variancePct(forecast, budget);
  return (
    <Badge tone={direction === "overspend" ? "danger" : "warning"}>
      {DIRECTION_WORDS[direction]} of {formatThousands(Math.abs(variance))}
      {pct !== null && ` (${Math.abs(pct).toLocaleString("en-GB")}%)`}
    </Badge>
  );
}

/** "(October 2026 return)" when the figures come from an earlier month's return than the pack's. */
function ReturnMonth({ month, period }: { month: string; period: string }) {
  if (month === period) return null;
  return <span className="block text-sm font-normal text-ink-muted">From the {monthLabel(month)} return</span>;
}

/**
 * The pack's resources section: service areas and funding lines whose forecast outturn is beyond
 * the finance tolerance, and efficiencies off track, with the commentary given (getResourceExceptions).
 */
export function ResourcesSection({ resources, period, departmentSlug, heading }: { resources: ResourceExceptions; period: string; departmentSlug: string; heading: string }) {
  const { tolerance, serviceAreas, fundingLines, efficiencies } = resources;
  const resourcesHref = `/departments/${departmentSlug}/resources?month=${monthParam(period)}`;
  return (
    <section aria-labelledby="resources">
      <h2 id="resources" className="mb-1 text-2xl font-bold">
        {heading}
      </h2>
      <p className="mb-3 text-ink-muted">
        Forecast outturn against budget as at {monthLabel(period)} (each line&apos;s return for the month, or its latest before it this year).
        Beyond tolerance: more than {tolerance.upperPct}% over or under. Amounts in £&apos;000.{" "}
        <Link href={resourcesHref} data-print="hide">
          All of the department&apos;s resources
        </Link>
      </p>

      <h3 className="mt-4 mb-2 text-xl font-bold">Service areas beyond tolerance</h3>
      {serviceAreas.length === 0 ? (
        <p>No service area&apos;s forecast is beyond tolerance.</p>
      ) : (
        <Table caption="Service areas whose forecast outturn is beyond tolerance">
          <THead>
            <tr>
              <Th>Service area</Th>
              <Th numeric>Budget</Th>
              <Th numeric>Forecast outturn</Th>
              <Th numeric>Spent to date</Th>
              <Th>Variance</Th>
              <Th>Commentary</Th>
            </tr>
          </THead>
          <TBody>
            {serviceAreas.map((s) => (
              <Tr key={s.unitId}>
                <Th scope="row">
                  {s.unitName}
                  <ReturnMonth month={s.month} period={period} />
                </Th>
                <Td numeric>{formatThousands(s.budgetPence)}</Td>
                <Td numeric>{formatThousands(s.forecastPence)}</Td>
                <Td numeric>{formatThousands(s.actualToDatePence)}</Td>
                <Td>
                  <Variance forecast={s.forecastPence} budget={s.budgetPence} />
                </Td>
                <Td className="text-sm">{s.commentary ?? <span className="font-bold text-danger-dark">No commentary given</span>}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      <h3 className="mt-6 mb-2 text-xl font-bold">Funding lines beyond tolerance</h3>
      {fundingLines.length === 0 ? (
        <p>No Government Plan growth or capital line&apos;s forecast is beyond tolerance.</p>
      ) : (
        <Table caption="Government Plan growth and capital lines whose forecast is beyond tolerance">
          <THead>
            <tr>
              <Th>Funding line</Th>
              <Th numeric>Allocation</Th>
              <Th numeric>Forecast</Th>
              <Th>Variance</Th>
              <Th>Commentary</Th>
            </tr>
          </THead>
          <TBody>
            {fundingLines.map((f) => (
              <Tr key={f.id}>
                <Th scope="row">
                  {f.ref && <span className="font-mono text-sm">{f.ref} </span>}
                  {f.name}
                  <span className="block text-sm font-normal text-ink-muted">
                    {f.kind === "capital" ? "Capital" : "Growth"}
                    {f.leadUnitName ? ` · ${f.leadUnitName}` : ""}
                  </span>
                  <ReturnMonth month={f.month} period={period} />
                </Th>
                <Td numeric>{formatThousands(f.allocationPence)}</Td>
                <Td numeric>{formatThousands(f.forecastPence)}</Td>
                <Td>
                  <Variance forecast={f.forecastPence} budget={f.allocationPence} />
                </Td>
                <Td className="text-sm">{f.commentary ?? <span className="font-bold text-danger-dark">No commentary given</span>}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      <h3 className="mt-6 mb-2 text-xl font-bold">Efficiencies off track</h3>
      {efficiencies.length === 0 ? (
        <p>Every efficiency is forecast to deliver its target.</p>
      ) : (
        <Table caption="Efficiencies rated red or amber (full-year forecast short of target)">
          <THead>
            <tr>
              <Th>Efficiency</Th>
              <Th>Rating</Th>
              <Th numeric>Target</Th>
              <Th numeric>Forecast</Th>
              <Th numeric>Delivered to date</Th>
              <Th>Commentary</Th>
            </tr>
          </THead>
          <TBody>
            {efficiencies.map((e) => (
              <Tr key={e.id}>
                <Th scope="row">
                  {e.title}
                  <span className="block text-sm font-normal text-ink-muted">
                    {e.scope === "cross_cutting" ? "Cross-cutting" : "Departmental"}
                    {e.leadUnitName ? ` · ${e.leadUnitName}` : ""}
                  </span>
                  <ReturnMonth month={e.month} period={period} />
                </Th>
                <Td>
                  <RagBadge rag={e.rag} />
                </Td>
                <Td numeric>{formatThousands(e.targetPence, 1)}</Td>
                <Td numeric>{formatThousands(e.forecastPence, 1)}</Td>
                <Td numeric>{formatThousands(e.deliveredToDatePence, 1)}</Td>
                <Td className="text-sm">{e.commentary ?? <span className="font-bold text-danger-dark">No commentary given</span>}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
