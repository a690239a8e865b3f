import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { Rag } from "@/lib/enums";
import { departmentUnitsCte } from "@/lib/org/tree-sql";
import { efficiencyMonthAsAtJoin, efficiencyOffTrackSql, efficiencyYearToDateSql, financeMonthAsAtJoin, financeYearToDateSql, fundingMonthAsAtJoin, serviceAreaBeyondSql, yearOf } from "./as-at-sql";
import { efficiencyRagSql, totalNetSql, varianceStatusSql } from "./money-sql";
import type { Tolerance } from "./rules";

type Reader = Pick<Database, "execute">;

/** A service area whose forecast outturn is beyond tolerance of its budget as at the month. */
export interface ServiceAreaVariance {
  unitId: number;
  unitName: string;
  /** The month of the return the forecast comes from ("YYYY-MM-DD"): the month asked, or the latest before it in its year. */
  month: string;
  budgetPence: number;
  forecastPence: number;
  /** Net expenditure in the year up to the month. */
  actualToDatePence: number;
  commentary: string | null;
}

/** A Government Plan funding line (growth or capital) whose forecast is beyond tolerance of its allocation. */
export interface FundingLineVariance {
  id: number;
  ref: string | null;
  name: string;
  kind: "growth" | "capital";
  leadUnitName: string | null;
  month: string;
  allocationPence: number;
  forecastPence: number;
  commentary: string | null;
}

/** An efficiency off track (amber or red) as at the month. */
export interface EfficiencyOffTrack {
  id: number;
  title: string;
  scope: "departmental" | "cross_cutting";
  leadUnitName: string | null;
  month: string;
  targetPence: number;
  forecastPence: number;
  deliveredToDatePence: number;
  rag: Extract<Rag, "amber" | "red">;
  commentary: string | null;
}

export interface ResourceExceptions {
  tolerance: Tolerance;
  serviceAreas: ServiceAreaVariance[];
  fundingLines: FundingLineVariance[];
  efficiencies: EfficiencyOffTrack[];
}

/**
 * A department's resources beyond tolerance as at `month` ("YYYY-MM-01"), for its monthly review
 * pack: service areas (the department's units with a budget for the month's year) whose forecast
 * outturn is beyond tolerance of their total net revenue expenditure budget, either way
 * (varianceStatusSql); its funding lines whose forecast is beyond tolerance of their allocation;
 * and its efficiencies whose RAG (efficiencyRagSql, forecast against target) is amber or red —
 * each from its return for the month or the latest before it in the year (lib/resources/as-at-sql.ts).
 * One statement, bounded by the department's units.
 */
export async function getResourceExceptions(db: Reader, departmentId: number, month: string, tolerance: Tolerance): Promise<ResourceExceptions> {
  const year = yearOf(month);
  const { rows } = await db.execute<{ service_areas: ServiceAreaVariance[]; funding_lines: FundingLineVariance[]; efficiencies: EfficiencyOffTrack[] }>(sql`
    with recursive ${departmentUnitsCte(departmentId)}
    select
      (select coalesce(json_agg(json_build_object('unitId', x.id, 'unitName', x.name, 'month', x.month, 'budgetPence', x.budget,
          'forecastPence', x.forecast, 'actualToDatePence', x.to_date, 'commentary', x.commentary) order by x.sort_path), '[]'::json)
        from (
          select u.id, u.name, ut.sort_path, to_char(fm.month, 'YYYY-MM-DD') as month, ${totalNetSql("b")} as budget,
            fm.forecast_outturn_pence as forecast, ${financeYearToDateSql(sql`u.id`, month)} as to_date, fm.commentary
          from unit_tree ut
          join org_units u on u.id = ut.id
          join unit_budgets b on b.unit_id = u.id and b.year = ${year}
          ${financeMonthAsAtJoin(sql`u.id`, month)}
          where ${serviceAreaBeyondSql(tolerance)}
        ) x) as service_areas,
      (select coalesce(json_agg(json_build_object('id', x.id, 'ref', x.ref, 'name', x.name, 'kind', x.kind, 'leadUnitName', x.lead_unit_name,
          'month', x.month, 'allocationPence', x.allocation_pence, 'forecastPence', x.forecast, 'commentary', x.commentary) order by x.sort_order, x.id), '[]'::json)
        from (
          select p.id, p.ref, p.name, p.kind, lu.name as lead_unit_name, p.sort_order, to_char(pm.month, 'YYYY-MM-DD') as month,
            p.allocation_pence, pm.forecast_outturn_pence as forecast, pm.commentary
          from funding_programmes p
          left join org_units lu on lu.id = p.lead_unit_id
          ${fundingMonthAsAtJoin(sql`p.id`, month)}
          where p.department_id = ${departmentId} and p.year = ${year} and pm.forecast_outturn_pence is not null
            and ${varianceStatusSql(sql`pm.forecast_outturn_pence`, sql`p.allocation_pence`, tolerance)} = 'beyond_tolerance'
        ) x) as funding_lines,
      (select coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'scope', x.scope, 'leadUnitName', x.lead_unit_name, 'month', x.month,
          'targetPence', x.target_pence, 'forecastPence', x.forecast, 'deliveredToDatePence', x.to_date, 'rag', x.rag, 'commentary', x.commentary)
          order by case x.rag when 'red' then 0 else 1 end, x.sort_order, x.id), '[]'::json)
        from (
          select e.id, e.title, e.scope, lu.name as lead_unit_name, e.sort_order, to_char(em.month, 'YYYY-MM-DD') as month, e.target_pence,
            em.forecast_pence as forecast, ${efficiencyYearToDateSql(sql`e.id`, month)} as to_date,
            ${efficiencyRagSql(sql`em.forecast_pence`, sql`e.target_pence`, tolerance)} as rag, em.commentary
          from efficiencies e
          left join org_units lu on lu.id = e.lead_unit_id
          ${efficiencyMonthAsAtJoin(sql`e.id`, month)}
          where e.department_id = ${departmentId} and e.year = ${year} and ${efficiencyOffTrackSql(tolerance)}
        ) x) as efficiencies`);
  const r = rows[0]!;
  return { tolerance, serviceAreas: r.service_areas, fundingLines: r.funding_lines, efficiencies: r.efficiencies };
}
