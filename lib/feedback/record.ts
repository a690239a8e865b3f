import { sql } from "drizzle-orm";
import type { FeedbackChannel, FeedbackHoldReason, FeedbackSource } from "@/lib/enums";
import type { Database } from "@/db/client";
import { countedResponse } from "./counted-sql";
import { HOLD_RULE, MIN_RESPONSES_SETTING, parseMinResponses, screenOpenResponse, surveyCommentary, type HoldRule, type MonthFigures, type Screening } from "./rules";

/*
 * Storing a survey response and recalculating the month's CSAT, CES and CSI in the same
 * transaction. No "server-only": the demo seed calls recalculateMonth too.
 */

type Executor = Pick<Database, "execute">;

/** Namespace of the advisory locks that serialise a unit's survey writes (the second key is the unit id). */
export const LOCK_NAMESPACE = 70_07;

/** Shown as the actor of survey-calculated figures in the change history. */
export const SURVEY_ACTOR = "Customer survey (system)";

export class LinkPausedError extends Error {
  constructor() {
    super("This survey is paused: it is not taking responses at the moment.");
    this.name = "LinkPausedError";
  }
}

/** A second response through a single-use link: the transaction is rolled back, nothing is stored. */
export class InteractionUsedError extends Error {
  constructor() {
    super("This single-use survey link has already been used.");
    this.name = "InteractionUsedError";
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
  /** Through a single-use link or typed in by an advisor: always counted. */
  verified?: boolean;
  /** The single-use link's interaction key (lib/feedback/signed-token.ts): recorded with the response, once. */
  interactionKey?: string | null;
  /** An open-link response: screened by the hold rule (lib/feedback/rules.ts) under the unit's lock. */
  screen?: { addressKey: string; rule?: HoldRule };
  /** When it arrived (default now): the hold rule's windows end here. */
  submittedAt?: Date;
}

export interface MonthResult extends MonthFigures {
  period: string;
  /** How many of the counted responses are verified. */
  verified: number;
  minimum: number;
  lowSample: boolean;
  /** How many of the unit's survey-fed measures were written. */
  measuresWritten: number;
}

export interface RecordOutcome {
  /** False when the submission key had been used already (a double click): nothing new was stored. */
  stored: boolean;
  responseId: number | null;
  /** Counted now, or held for moderation (then not in the figures). */
  state: "counted" | "held" | null;
  /** The month's figures when they were recalculated (not when only a held response was added). */
  month: MonthResult | null;
  /** Responses counted earlier in the window that this one's arrival moved to the queue. */
  heldEarlier: number;
}

/**
 * Stores one response and rewrites the month's survey-fed figures, in one transaction. Concurrent
 * responses for the same unit queue on an advisory lock, so each recalculation sees every response
 * committed before it and the last one to commit writes the figures of all of them; the hold rule
 * (open-link responses) is judged under the same lock, so a burst cannot slip past it in parallel.
 * A repeated submission key inserts nothing (on conflict do nothing) and leaves the figures alone.
 * A paused link refuses the response (checked under a share lock, so a pause cannot slip between).
 * A single-use link's interaction key is inserted with the response: its primary key lets one
 * response through, on every instance; a second throws InteractionUsedError and stores nothing.
 */
export async function recordResponse(db: Database, r: NewResponse): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${r.unitId})`);
    if (r.linkId !== null) {
      const { rows } = await tx.execute<{ paused: boolean }>(sql`select paused from feedback_links where id = ${r.linkId} for share`);
      if (!rows[0] || rows[0].paused) throw new LinkPausedError();
    }
    const at = r.submittedAt ?? new Date();
    const screening: Screening = r.screen && !r.verified ? await screen(tx, r, r.screen, at) : { state: "counted" };
    const holdReason = screening.state === "held" ? screening.reason : null;
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into feedback_responses (unit_id, link_id, source, period, csat, ces, csi, comment, channel, entered_by_id, submission_key,
        submitted_at, verified, state, hold_reason, address_key)
      values (${r.unitId}, ${r.linkId}, ${r.source}::feedback_source, ${r.period}::date, ${r.csat}, ${r.ces}, ${r.csi}, ${r.comment},
        ${r.channel}::feedback_channel, ${r.enteredById}, ${r.submissionKey}, ${at.toISOString()}::timestamptz, ${r.verified ?? false},
        ${screening.state}::feedback_review_state, ${holdReason}::feedback_hold_reason, ${r.screen?.addressKey ?? null})
      on conflict (submission_key) do nothing
      returning id`);
    const inserted = rows[0];
    if (!inserted) return { stored: false, responseId: null, state: null, month: null, heldEarlier: 0 };
    if (r.interactionKey) {
      const { rows: used } = await tx.execute<{ interaction_key: string }>(sql`
        insert into feedback_interaction_uses (interaction_key, link_id, response_id)
        values (${r.interactionKey}, ${r.linkId}, ${inserted.id})
        on conflict (interaction_key) do nothing
        returning interaction_key`);
      if (!used[0]) throw new InteractionUsedError();
    }
    const periods = new Set<string>(screening.state === "counted" ? [r.period] : []);
    let heldEarlier = 0;
    if (holdReason && r.screen) {
      const held = await holdEarlier(tx, r, holdReason, r.screen.rule ?? HOLD_RULE, at);
      heldEarlier = held.length;
      for (const h of held) periods.add(h.period);
    }
    let month: MonthResult | null = null;
    for (const period of periods) {
      const result = await recalculateMonth(tx, r.unitId, period);
      if (period === r.period) month = result;
    }
    return { stored: true, responseId: inserted.id, state: screening.state, month, heldEarlier };
  });
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The hold rule's counts at `at` (lib/feedback/rules.ts RecentCounts), then its verdict. */
async function screen(tx: Tx, r: NewResponse, s: NonNullable<NewResponse["screen"]>, at: Date): Promise<Screening> {
  const rule = s.rule ?? HOLD_RULE;
  const t = at.toISOString();
  const { rows } = await tx.execute<{ from_address: number; on_link: number; link_baseline: number }>(sql`
    select
      (select count(*) from feedback_responses
        where address_key = ${s.addressKey} and submitted_at > ${t}::timestamptz - make_interval(mins => ${rule.address.windowMinutes}))::int as from_address,
      (select count(*) from feedback_responses
        where link_id = ${r.linkId} and not verified and submitted_at > ${t}::timestamptz - make_interval(mins => ${rule.link.windowMinutes}))::int as on_link,
      (select count(*) from feedback_responses r
        where r.link_id = ${r.linkId} and ${countedResponse("r")}
          and r.submitted_at > ${t}::timestamptz - make_interval(mins => ${rule.link.windowMinutes}) - make_interval(days => ${rule.link.baselineDays})
          and r.submitted_at <= ${t}::timestamptz - make_interval(mins => ${rule.link.windowMinutes}))::int as link_baseline`);
  const c = rows[0]!;
  return screenOpenResponse({ fromAddress: c.from_address, onLink: c.on_link, linkBaseline: c.link_baseline }, rule);
}

/**
 * Moves to the queue the unit's unverified responses counted on arrival earlier in the window of the
 * rule that held this one (from the same address, or on the same link), so the first responses of a
 * burst do not stay in the figures; audited as a system change. Returns their ids and months.
 */
async function holdEarlier(tx: Tx, r: NewResponse, reason: FeedbackHoldReason, rule: HoldRule, at: Date): Promise<{ id: number; period: string }[]> {
  const t = at.toISOString();
  const same =
    reason === "address_rate"
      ? sql`address_key = ${r.screen!.addressKey} and submitted_at > ${t}::timestamptz - make_interval(mins => ${rule.address.windowMinutes})`
      : sql`link_id = ${r.linkId} and submitted_at > ${t}::timestamptz - make_interval(mins => ${rule.link.windowMinutes})`;
  const { rows } = await tx.execute<{ id: number; period: string }>(sql`
    update feedback_responses set state = 'held', hold_reason = ${reason}::feedback_hold_reason
    where unit_id = ${r.unitId} and state = 'counted' and not verified and link_id is not null and ${same}
    returning id, to_char(period, 'YYYY-MM-DD') as period`);
  if (rows.length > 0) {
    await tx.execute(sql`
      insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason)
      values (null, ${SURVEY_ACTOR}::text, 'feedback.responses_hold', 'feedback_response', null, ${r.unitId}::int,
        jsonb_build_object('state', 'counted'), ${JSON.stringify({ state: "held", reason, responseIds: rows.map((x) => x.id) })}::jsonb,
        'Held for moderation: counted before the burst they belong to was seen')`);
  }
  return rows;
}

/**
 * The month's CSAT (% satisfied, with its parts), CES (mean) and CSI (net sentiment) for a unit,
 * computed in SQL from its responses, written as the submitted figures of the unit's survey-fed
 * measures (measures.feedback_metric) with commentary saying how many responses they come from,
 * each change audited as a system change. Only counted and accepted responses count
 * (lib/feedback/counted-sql.ts). Call inside a transaction that holds the unit's lock. A month
 * where none counts removes the figures the survey wrote for it.
 */
export async function recalculateMonth(tx: Executor, unitId: number, period: string): Promise<MonthResult> {
  const { rows } = await tx.execute<{
    n: number;
    verified: number;
    satisfied: number;
    csat: string | null;
    ces: string | null;
    csi: string | null;
    minimum: unknown;
  }>(sql`
    select count(*)::int as n,
      count(*) filter (where verified)::int as verified,
      count(*) filter (where csat >= 4)::int as satisfied,
      round(100.0 * count(*) filter (where csat >= 4) / nullif(count(*), 0), 4)::text as csat,
      round(avg(ces), 4)::text as ces,
      round(100.0 * (count(*) filter (where csi >= 4) - count(*) filter (where csi <= 2)) / nullif(count(*), 0), 4)::text as csi,
      (select value from app_settings where key = ${MIN_RESPONSES_SETTING}) as minimum
    from feedback_responses r
    where r.unit_id = ${unitId} and r.period = ${period}::date and ${countedResponse("r")}`);
  const a = rows[0]!;
  const minimum = parseMinResponses(a.minimum);
  const figures: MonthResult = {
    period,
    responses: a.n,
    verified: a.verified,
    satisfied: a.satisfied,
    csat: a.csat === null ? null : Number(a.csat),
    ces: a.ces === null ? null : Number(a.ces),
    csi: a.csi === null ? null : Number(a.csi),
    minimum,
    lowSample: a.n < minimum,
    measuresWritten: 0,
  };
  if (a.n === 0) {
    // No response counts (all held, say): the figures the survey wrote for the month go, audited.
    // Figures typed in by hand (entered_by_id set) stay.
    await tx.execute(sql`
      with gone as (
        delete from measure_values v using measures m
        where m.id = v.measure_id and m.unit_id = ${unitId} and m.feedback_metric is not null
          and v.period_type = 'month' and v.period = ${period}::date and v.entered_by_id is null
        returning v.id, v.measure_id, v.value, v.numerator, v.denominator, v.commentary, v.status
      )
      insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason)
      select null, ${SURVEY_ACTOR}::text, 'figure.survey', 'measure_value', gone.id::text, ${unitId}::int,
        jsonb_build_object('value', gone.value, 'numerator', gone.numerator, 'denominator', gone.denominator, 'commentary', gone.commentary, 'status', gone.status),
        jsonb_build_object('period', ${period}::text, 'responses', 0),
        'No customer survey response counts this month (held for moderation)'
      from gone`);
    return figures;
  }

  const commentary = surveyCommentary(a.n, minimum, a.verified);
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
        'status', 'submitted', 'measure', fig.code, 'period', ${period}::text, 'responses', ${a.n}::int, 'verified', ${a.verified}::int),
      'Recalculated from the customer survey'
    from up join fig on fig.measure_id = up.measure_id left join old on old.measure_id = up.measure_id
    returning id`);
  figures.measuresWritten = written.length;
  return figures;
}
