import { sql } from "drizzle-orm";
import type { Frequency, PeriodType, ValueStatus } from "@/lib/enums";
import type { Database } from "@/db/client";
import { dueInSql, periodTypeSql, storedPeriodSql, targetInForceJoin } from "@/lib/measures/figure-sql";
import { toNumber } from "@/lib/measures/status";
import type { Direction } from "@/lib/measures/status";
import { storedAt, type Period } from "./periods";
import type { FigureRule } from "./value-rules";

/** One measure due in the month, with what the entry form and the save rules need. */
export interface SheetRow extends FigureRule {
  measureId: number;
  code: string;
  name: string;
  decimals: number;
  direction: Direction;
  tolerancePct: number;
  frequency: Frequency;
  periodType: PeriodType;
  /** The period the figure is stored against (the quarter's first month for quarterly measures). */
  period: Period;
  dataSource: string;
  /** True when the customer survey calculates this measure's figures (lib/feedback): a typed figure is replaced on the next response. */
  surveyFed: boolean;
  target: number | null;
  targetTbcDue: string | null;
  previous: { period: string; value: number | null } | null;
  current: {
    id: number;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    commentary: string | null;
    status: ValueStatus;
    version: number;
    updatedAt: string;
    /** Who last changed it (entered_by_id is set on every save, so a correction names the corrector). */
    updatedBy: string | null;
  } | null;
}

type RawRow = {
  measure_id: number;
  code: string;
  name: string;
  value_type: FigureRule["valueType"];
  quarter_rule: FigureRule["quarterRule"];
  scale_min: string | null;
  scale_max: string | null;
  decimals: number;
  direction: Direction;
  amber_tolerance_pct: string;
  frequency: Frequency;
  data_source: string;
  survey_fed: boolean;
  target_value: string | null;
  tbc_due: string | null;
  prev_period: string | null;
  prev_value: string | null;
  cur_id: number | null;
  cur_value: string | null;
  cur_numerator: string | null;
  cur_denominator: string | null;
  cur_commentary: string | null;
  cur_status: ValueStatus | null;
  cur_version: number | null;
  cur_updated_at: string | null;
  cur_updated_by: string | null;
};

/**
 * The measures of a unit due in a month, each with its target in force, the previous period's
 * figure and the figure entered so far — one query however many measures the unit has.
 */
export async function loadSheet(db: Database, unitId: number, month: Period): Promise<SheetRow[]> {
  return (await loadSheets(db, unitId, [month])).get(month) ?? [];
}

/**
 * loadSheet for several months at once (the CSV import): one query for the whole batch, whatever
 * the months and measures. `previous: false` leaves out the previous period's figure, which only
 * the entry page shows (the save rules do not use it).
 */
export async function loadSheets(db: Database, unitId: number, months: Period[], { previous = true } = {}): Promise<Map<Period, SheetRow[]>> {
  const sheets = new Map<Period, SheetRow[]>(months.map((m) => [m, []]));
  if (months.length === 0) return sheets;
  const { rows } = await db.execute<RawRow & { month: string }>(sql`
    select to_char(mo.month, 'YYYY-MM-DD') as month,
      m.id as measure_id, m.code, m.name, m.value_type, m.quarter_rule, m.scale_min, m.scale_max, m.decimals,
      m.direction, m.amber_tolerance_pct, m.frequency, m.data_source, m.feedback_metric is not null as survey_fed,
      t.target_value, to_char(t.tbc_due, 'YYYY-MM-DD') as tbc_due,
      ${previous ? sql`to_char(p.period, 'YYYY-MM-DD')` : sql`null::text`} as prev_period, ${previous ? sql`p.value` : sql`null::numeric`} as prev_value,
      v.id as cur_id, v.value as cur_value, v.numerator as cur_numerator, v.denominator as cur_denominator,
      v.commentary as cur_commentary, v.status as cur_status, v.version as cur_version,
      to_char(v.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as cur_updated_at, u.name as cur_updated_by
    from unnest(${sql.param([...new Set(months)])}::date[]) as mo(month)
    join measures m on m.unit_id = ${unitId} and m.active and ${dueInSql(sql`mo.month`)}
    cross join lateral (select ${storedPeriodSql(sql`mo.month`)} as period, ${periodTypeSql()} as period_type) k
    left join measure_values v on v.measure_id = m.id and v.period_type = k.period_type and v.period = k.period
    left join users u on u.id = coalesce(v.entered_by_id, v.submitted_by_id)
    ${targetInForceJoin(sql`k.period`)}
    ${
      previous
        ? sql`left join lateral (
      select pv.period, pv.value from measure_values pv
      where pv.measure_id = m.id and pv.period_type = k.period_type and pv.period < k.period and pv.status = 'submitted'
      order by pv.period desc limit 1
    ) p on true`
        : sql``
    }
    order by mo.month, m.sort_order, m.id`);
  for (const r of rows) sheets.get(r.month)?.push(toSheetRow(r, r.month));
  return sheets;
}

function toSheetRow(r: RawRow, month: Period): SheetRow {
  return {
    measureId: r.measure_id,
    code: r.code,
    name: r.name,
    valueType: r.value_type,
    quarterRule: r.quarter_rule,
    scaleMin: toNumber(r.scale_min),
    scaleMax: toNumber(r.scale_max),
    decimals: r.decimals,
    direction: r.direction,
    tolerancePct: Number(r.amber_tolerance_pct),
    frequency: r.frequency,
    periodType: r.frequency === "monthly" ? "month" : "quarter",
    period: storedAt(r.frequency, month),
    dataSource: r.data_source,
    surveyFed: r.survey_fed,
    target: toNumber(r.target_value),
    targetTbcDue: r.tbc_due,
    previous: r.prev_period ? { period: r.prev_period, value: toNumber(r.prev_value) } : null,
    current:
      r.cur_id === null
        ? null
        : {
            id: r.cur_id,
            value: toNumber(r.cur_value),
            numerator: toNumber(r.cur_numerator),
            denominator: toNumber(r.cur_denominator),
            commentary: r.cur_commentary,
            status: r.cur_status ?? "draft",
            version: r.cur_version ?? 1,
            updatedAt: r.cur_updated_at ?? "",
            updatedBy: r.cur_updated_by,
          },
  };
}

export interface HistoryEntry {
  valueId: string;
  at: string;
  actor: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** The audit trail of the figures on a sheet, newest first — one query for the whole sheet. */
export async function loadFigureHistory(db: Database, valueIds: number[]): Promise<HistoryEntry[]> {
  if (valueIds.length === 0) return [];
  const ids = valueIds.map(String);
  const { rows } = await db.execute<{ entity_id: string; at: string; actor: string | null; action: string; before: unknown; after: unknown; reason: string | null }>(sql`
    select a.entity_id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, coalesce(u.name, a.actor_email) as actor,
      a.action, a.before, a.after, a.reason
    from audit_log a left join users u on u.id = a.actor_id
    where a.entity_type = 'measure_value' and a.entity_id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})
    order by a.at desc, a.id desc`);
  return rows.map((r) => ({ valueId: r.entity_id, at: r.at, actor: r.actor, action: r.action, before: r.before, after: r.after, reason: r.reason }));
}
