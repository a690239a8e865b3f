import "server-only";
import { eq, inArray } from "drizzle-orm";
import { appSettings, orgUnits } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { MIN_RESPONSES_DEFAULT, parseMinResponses } from "@/lib/feedback/rules";
import { DEFAULT_RISK_BANDS, type RiskBands } from "@/lib/risks/scoring";
import { riskBandsSchema } from "@/lib/validation/risk-bands";
import { DEFAULT_TOLERANCE, type Tolerance } from "@/lib/resources/rules";
import { FIGURES_DUE_WORKING_DAY_DEFAULT, figuresDueWorkingDay, financeTolerance } from "@/lib/validation/settings";
import { SSO_ROLE_MAPPING_OFF, ssoRoleMapping, type SsoRoleMapping, type SsoRoleMappingInput } from "@/lib/validation/sso";
import { userChangeProblems } from "@/lib/users/rules";
import { SETTING_KEYS } from "./index";

interface SettingChange<V> {
  key: string;
  value: V;
  reason: string | null;
  /** The stored JSON as a value, or undefined when it is not a valid one. */
  parse: (stored: unknown) => V | undefined;
  /** What applies while the setting is unset or invalid. */
  fallback: V;
  /** The value as the audit log records it. */
  show: (value: V) => object;
  same?: (a: V, b: V) => boolean;
}

/**
 * Sets an organisation-wide setting (administrators only), locking its row so that two changes
 * apply one after the other, with its audit entry in the same transaction. The "before" of the
 * entry is the default, marked `default: true`, while the setting was unset or invalid. Returns
 * whether anything changed (saving the stored value again writes nothing).
 */
async function saveSetting<V>(actor: SessionUser, change: SettingChange<V>): Promise<boolean> {
  assertCan(actor, "user:manage");
  const same = change.same ?? ((a: V, b: V) => a === b);
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, change.key)).for("update");
    const stored = row ? change.parse(row.value) : undefined;
    if (stored !== undefined && same(stored, change.value)) return false;
    const before = stored !== undefined ? change.show(stored) : { ...change.show(change.fallback), default: true };
    const values = { value: change.value, updatedById: actor.id, updatedAt: new Date() };
    await tx.insert(appSettings).values({ key: change.key, ...values }).onConflictDoUpdate({ target: appSettings.key, set: values });
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "setting.update",
        entityType: "app_setting",
        entityId: change.key,
        before,
        after: change.show(change.value),
        reason: change.reason,
      },
      tx,
    );
    return true;
  });
}

/** The working day of the following month by which a month's figures are due. */
export function updateFiguresDueDay(actor: SessionUser, input: { workingDay: number; reason?: string }) {
  return saveSetting(actor, {
    key: SETTING_KEYS.figuresDueWorkingDay,
    value: input.workingDay,
    reason: input.reason || null,
    parse: (stored) => {
      const parsed = figuresDueWorkingDay.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    fallback: FIGURES_DUE_WORKING_DAY_DEFAULT,
    show: (workingDay) => ({ workingDay }),
  });
}

/** Where the risk bands start (Medium, High, Very High). */
export function updateRiskBands(actor: SessionUser, bands: RiskBands, reason: string | null) {
  return saveSetting(actor, {
    key: SETTING_KEYS.riskBands,
    value: bands,
    reason,
    parse: (stored) => {
      const parsed = riskBandsSchema.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    fallback: DEFAULT_RISK_BANDS,
    show: (b) => b,
    same: (a, b) => a.mediumFrom === b.mediumFrom && a.highFrom === b.highFrom && a.veryHighFrom === b.veryHighFrom,
  });
}

/** The number of survey responses below which a month is flagged as a low sample. */
export function updateFeedbackMinResponses(actor: SessionUser, input: { minResponses: number; reason?: string }) {
  return saveSetting(actor, {
    key: SETTING_KEYS.feedbackMinResponses,
    value: input.minResponses,
    reason: input.reason || null,
    // Any stored value counts as set: an invalid one reads as the default, and saving the default changes nothing.
    parse: parseMinResponses,
    fallback: MIN_RESPONSES_DEFAULT,
    show: (minResponses) => ({ minResponses }),
  });
}

/** The budget variance tolerance (issue 16): on budget within lowerPct of budget, beyond tolerance past upperPct. */
export function updateFinanceTolerance(actor: SessionUser, tolerance: Tolerance, reason: string | null) {
  return saveSetting(actor, {
    key: SETTING_KEYS.financeTolerance,
    value: tolerance,
    reason,
    parse: (stored) => {
      const parsed = financeTolerance.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    fallback: DEFAULT_TOLERANCE,
    show: (t) => ({ lowerPct: t.lowerPct, upperPct: t.upperPct }),
    same: (a, b) => a.lowerPct === b.lowerPct && a.upperPct === b.upperPct,
  });
}

/**
 * The single sign-on group → role rules (issue 17). Each rule's unit must exist and suit its role,
 * by the rule the user form applies (lib/users/rules.ts); a refusal names the row's field.
 */
export async function updateSsoRoleMapping(actor: SessionUser, input: SsoRoleMappingInput) {
  assertCan(actor, "user:manage");
  const unitIds = [...new Set(input.rules.flatMap((r) => (r.unitId === null ? [] : [r.unitId])))];
  const kinds = new Map(
    unitIds.length ? (await db.select({ id: orgUnits.id, kind: orgUnits.kind }).from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((u) => [u.id, u.kind]) : [],
  );
  const problems: Record<string, string[]> = {};
  for (const r of input.rules) {
    if (r.unitId === null) continue;
    const kind = kinds.get(r.unitId);
    const unitProblem = kind ? userChangeProblems({ actorId: 0, targetId: null, role: r.role, active: true, unitKind: kind }).unitId : ["That unit does not exist"];
    if (unitProblem) problems[`unitId${r.row}`] = unitProblem;
  }
  if (Object.keys(problems).length) throw new RuleError("Please correct the highlighted fields.", problems);

  const value: SsoRoleMapping = { claim: input.claim, rules: input.rules.map(({ group, role, unitId }) => ({ group, role, unitId })) };
  return saveSetting(actor, {
    key: SETTING_KEYS.ssoRoleMapping,
    value,
    reason: input.reason || null,
    parse: (stored) => {
      const parsed = ssoRoleMapping.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    fallback: SSO_ROLE_MAPPING_OFF,
    show: (m) => m,
    same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
}
