import { sql } from "drizzle-orm";
import type { Frequency } from "@/lib/enums";
import { periodTypeSql, storedPeriodSql, targetInForceJoin } from "@/lib/measures/figure-sql";
import type { Database } from "@/db/client";
import { toNumber } from "@/lib/measures/status";
import type { CsvOutRow } from "./csv";
import type { Period } from "./periods";
import type { FigureRule } from "./value-rules";

/**
 * Every (measure, period) of a unit due between two months — monthly measures each month,
 * quarterly ones once per quarter that ends in the range — with what is stored and the target in
 * force: one query for the whole range.
 */
export async function loadFiguresRange(db: Database, unitId: number, from: Period, to: Period, only: "due" | "stored"): Promise<CsvOutRow[]> {
  const { rows } = await db.execute<{
    code: string;
    name: string;
    description: string;
    value_type: FigureRule["valueType"];
    quarter_rule: FigureRule["quarterRule"];
    scale_min: string | null;
    scale_max: string | null;
    frequency: Frequency;
    period: string;
    value: string | null;
    numerator: string | null;
    denominator: string | null;
    commentary: string | null;
    status: string | null;
    target_value: string | null;
  }>(sql`
    with months as (
      select generate_series(${from}::date, ${to}::date, interval '1 month')::date as month
    ),
    slots as (
      select m.id, m.code, m.name, m.description, m.value_type, m.quarter_rule, m.scale_min, m.scale_max, m.frequency, m.sort_order,
        ${storedPeriodSql(sql`mo.month`)} as period, ${periodTypeSql()} as period_type
      from measures m cross join months mo
      where m.unit_id = ${unitId} and m.active
        and (m.frequency = 'monthly' or extract(month from mo.month)::int % 3 = 0)
    )
    select s.code, s.name, s.description, s.value_type::text as value_type, s.quarter_rule::text as quarter_rule,
      s.scale_min, s.scale_max, s.frequency, to_char(s.period, 'YYYY-MM-DD') as period, v.value, v.numerator, v.denominator,
      v.commentary, v.status::text as status, t.target_value
    from slots s
    left join measure_values v on v.measure_id = s.id and v.period_type = s.period_type and v.period = s.period
    ${targetInForceJoin(sql`s.period`, sql`s.id`)}
    where ${only === "stored" ? sql`v.id is not null` : sql`true`}
    order by s.period, s.sort_order, s.code`);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    description: r.description,
    rule: { valueType: r.value_type, quarterRule: r.quarter_rule, scaleMin: toNumber(r.scale_min), scaleMax: toNumber(r.scale_max) },
    frequency: r.frequency,
    period: r.period,
    value: toNumber(r.value),
    numerator: toNumber(r.numerator),
    denominator: toNumber(r.denominator),
    commentary: r.commentary,
    status: r.status,
    target: toNumber(r.target_value),
  }));
}
