import { sql } from "drizzle-orm";
import type { FeedbackChannel, FeedbackSource } from "@/lib/enums";
import type { Database } from "@/db/client";
import { MIN_RESPONSES_SETTING, parseMinResponses, surveyCommentary, type MonthFigures } from "./rules";

/*
 * Storing a survey response and recalculating the month's CSAT, CES and CSI in the same
 * transaction. No "server-only": the demo seed calls recalculateMonth too.
 */

type Executor = Pick<Database, "execute">;

/** Namespace of the advisory locks that serialise a unit's survey writes (the second key is the unit id). */
const LOCK_NAMESPACE = 70_07;

/** Shown as the actor of survey-calculated figures in the change history. */
export const SURVEY_ACTOR = "Customer survey (system)";

export class LinkPausedError extends Error {
  constructor() {
    super("This survey is paused: it is not taking responses at the moment.");
    this.name = "LinkPausedError";
  }
}

export interface NewResponse {
  unitId: number;
  linkId: number | null;
  source: FeedbackSource;
  period: string;
  csat: number;
  ces: number;
  csi: number;
  /** Already masked (lib/feedback/mask.ts). */
  comment: string | null;
  channel: FeedbackChannel | null;
  enteredById: number | null;
  submissionKey: string;
}

export interface MonthResult extends MonthFigures {
  period: string;
  minimum: number;
  lowSample: boolean;
  /** How many of the unit's survey-fed measures were written. */
  measuresWritten: number;
}

export interface RecordOutcome {
  /** False when the submission key had been used already (a double click): nothing new was stored. */
  stored: boolean;
  responseId: number | null;
  month: MonthResult | null;
}

/**
 * Stores one response and rewrites the month's survey-fed figures, in one transaction. Concurrent
 * responses for the same unit queue on an advisory lock, so each recalculation sees every response
 * committed before it and the last one to commit writes the figures of all of them. A repeated
 * submission key inserts nothing (on conflict do nothing) and leaves the figures alone.
 * A paused link refuses the response (checked under a share lock, so a pause cannot slip between).
 */
export async function recordResponse(db: Database, r: NewResponse): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${r.unitId})`);
    if (r.linkId !== null) {
      const { rows } = await tx.execute<{ paused: boolean }>(sql`select paused from feedback_links where id = ${r.linkId} for share`);
      if (!rows[0] || rows[0].paused) throw new LinkPausedError();
    }
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into feedback_responses (unit_id, link_id, source, period, csat, ces, csi, comment, channel, entered_by_id, submission_key)
      values (${r.unitId}, ${r.linkId}, ${r.source}::feedback_source, ${r.period}::date, ${r.csat}, ${r.ces}, ${r.csi}, ${r.comment},
        ${r.channel}::feedback_channel, ${r.enteredById}, ${r.submissionKey})
      on conflict (submission_key) do nothing
      returning id`);
    const inserted = rows[0];
    if (!inserted) return { stored: false, responseId: null, month: null };
    const month = await recalculateMonth(tx, r.unitId, r.period);
    return { stored: true, responseId: inserted.id, month };
  });
}

/**
 * The month's CSAT (% satisfied, with its parts), CES (mean) and CSI (net sentiment) for a unit,
 * computed in SQL from its responses, written as the submitted figures of the unit's survey-fed
 * measures (measures.feedback_metric) with commentary saying how many responses they come from,
 * each change audited as a system change. Call inside a transaction that holds the unit's lock.
 * An empty month writes nothing.
 */
export async function recalculateMonth(tx: Executor, unitId: number, period: string): Promise<MonthResult> {
  const { rows } = await tx.execute<{
    n: number;
    satisfied: number;
    csat: string | null;
    ces: string | null;
    csi: string | null;
    minimum: unknown;
  }>(sql`
    select count(*)::int as n,
      count(*) filter (where csat >= 4)::int as satisfied,
      round(100.0 * count(*) filter (where csat >= 4) / nullif(count(*), 0), 4)::text as csat,
      round(avg(ces), 4)::text as ces,
      round(100.0 * (count(*) filter (where csi >= 4) - count(*) filter (where csi <= 2)) / nullif(count(*), 0), 4)::text as csi,
      (select value from app_settings where key = ${MIN_RESPONSES_SETTING}) as minimum
    from feedback_responses
    where unit_id = ${unitId} and period = ${period}::date`);
  const a = rows[0]!;
  const minimum = parseMinResponses(a.minimum);
  const figures: MonthResult = {
    period,
    responses: a.n,
    satisfied: a.satisfied,
    csat: a.csat === null ? null : Number(a.csat),
    ces: a.ces === null ? null : Number(a.ces),
    csi: a.csi === null ? null : Number(a.csi),
    minimum,
    lowSample: a.n < minimum,
    measuresWritten: 0,
  };
  if (a.n === 0) return figures;

  const commentary = surveyCommentary(a.n, minimum);
  // One statement: the survey-fed measures' new figures, the stored ones before, the upsert, and
  // an audit entry per figure with before and after.
  const { rows: written } = await tx.execute<{ id: number }>(sql`
    with fig as (
      select m.id as measure_id, m.code,
        case m.feedback_metric when 'csat' then ${a.csat}::numeric when 'ces' then ${a.ces}::numeric else ${a.csi}::numeric end as value,
        case when m.feedback_metric = 'csat' then ${a.satisfied}::numeric end as numerator,
        case when m.feedback_metric = 'csat' then ${a.n}::numeric end as denominator
      from measures m
      where m.unit_id = ${unitId} and m.feedback_metric is not null and m.active and m.frequency = 'monthly'
    ),
    old as (
      select v.measure_id, v.value, v.numerator, v.denominator, v.commentary, v.status
      from measure_values v join fig on fig.measure_id = v.measure_id
      where v.period_type = 'month' and v.period = ${period}::date
    ),
    up as (
      insert into measure_values (measure_id, period_type, period, value, numerator, denominator, commentary, status, submitted_at)
      select measure_id, 'month', ${period}::date, value, numerator, denominator, ${commentary}::text, 'submitted', now() from fig
      on conflict (measure_id, period_type, period) do update set
        value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
        commentary = excluded.commentary, status = 'submitted', version = measure_values.version + 1,
        entered_by_id = null, submitted_by_id = null, updated_at = now(),
        submitted_at = coalesce(measure_values.submitted_at, now())
      returning id, measure_id, value, numerator, denominator, commentary
    )
    insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason)
    select null, ${SURVEY_ACTOR}::text, 'figure.survey', 'measure_value', up.id::text, ${unitId}::int,
      case when old.measure_id is null then null else jsonb_build_object('value', old.value, 'numerator', old.numerator,
        'denominator', old.denominator, 'commentary', old.commentary, 'status', old.status) end,
      jsonb_build_object('value', up.value, 'numerator', up.numerator, 'denominator', up.denominator, 'commentary', up.commentary,
        'status', 'submitted', 'measure', fig.code, 'period', ${period}::text, 'responses', ${a.n}::int),
      'Recalculated from the customer survey'
    from up join fig on fig.measure_id = up.measure_id left join old on old.measure_id = up.measure_id
    returning id`);
  figures.measuresWritten = written.length;
  return figures;
}
