import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import type { Period } from "@/lib/entry/periods";
import { parsePeriodSamples, periodSamplesSql, sampleKindSql, type PeriodSample, type PeriodSampleJson } from "./sample-sql";
import type { SampleKind } from "./sample";

export interface MeasureSamples {
  /** Null: the measure's figures are not estimated from a sample. */
  kind: SampleKind | null;
  /** The samples behind its submitted figures from `from` to `to`, oldest first. */
  samples: PeriodSample[];
}

/**
 * The samples behind a measure's figures for its periods from `from` to `to` ("YYYY-MM-01"): one
 * query, bounded by the measure and the range (periodSamplesSql). The caller has checked that the
 * user may see the measure.
 */
export async function getMeasureSamples(measureId: number, from: Period, to: Period): Promise<MeasureSamples> {
  const { rows } = await db.execute<{ kind: SampleKind | null; samples: PeriodSampleJson[] | null }>(sql`
    select ${sampleKindSql()} as kind, ${periodSamplesSql(sql`${from}::date`, sql`${to}::date`)} as samples
    from measures m where m.id = ${measureId}`);
  const r = rows[0];
  return { kind: r?.kind ?? null, samples: parsePeriodSamples(r?.kind ?? null, r?.samples) };
}
