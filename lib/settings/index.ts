import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appSettings, users } from "@/db/schema";
import { DEFAULT_RISK_BANDS, type RiskBands } from "@/lib/risks/scoring";
import { riskBandsSchema } from "@/lib/validation/risk-bands";
import { DEFAULT_TOLERANCE, type Tolerance } from "@/lib/resources/rules";
import { FIGURES_DUE_WORKING_DAY_DEFAULT, figuresDueWorkingDay, financeTolerance } from "@/lib/validation/settings";
import { SSO_ROLE_MAPPING_OFF, ssoRoleMapping, type SsoRoleMapping } from "@/lib/validation/sso";

/**
 * Organisation-wide settings kept in app_settings (key → JSON value). These functions take the
 * database as a parameter (no "server-only"): the reminders script calls them outside Next.js.
 * Changing them: ./update.ts.
 */
export const SETTING_KEYS = { figuresDueWorkingDay: "figures_due_working_day", riskBands: "risk_bands", feedbackMinResponses: "feedback_min_responses", financeTolerance: "finance_tolerance", ssoRoleMapping: "sso_role_mapping" } as const;

type Reader = Pick<Database, "select">;

/** The stored JSON value of a setting, or null when it has never been set. */
export async function getSetting(db: Reader, key: string): Promise<unknown> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  return row ? row.value : null;
}

/**
 * The working day of the following month by which a month's figures are due: the stored setting,
 * or 10 when it is unset or not a whole number from 1 to 20 (a bad value never breaks the pages).
 */
export async function getFiguresDueWorkingDay(db: Reader): Promise<number> {
  const parsed = figuresDueWorkingDay.safeParse(await getSetting(db, SETTING_KEYS.figuresDueWorkingDay));
  return parsed.success ? parsed.data : FIGURES_DUE_WORKING_DAY_DEFAULT;
}

/** The risk band edges: the stored setting, or the defaults when unset or invalid. */
export async function getRiskBands(db: Reader): Promise<RiskBands> {
  const parsed = riskBandsSchema.safeParse(await getSetting(db, SETTING_KEYS.riskBands));
  return parsed.success ? parsed.data : DEFAULT_RISK_BANDS;
}

/** The budget variance tolerance (lib/resources/rules.ts): the stored setting, or 2% and 5% when unset or invalid. */
export async function getFinanceTolerance(db: Reader): Promise<Tolerance> {
  const parsed = financeTolerance.safeParse(await getSetting(db, SETTING_KEYS.financeTolerance));
  return parsed.success ? parsed.data : DEFAULT_TOLERANCE;
}

/** The single sign-on group → role rules (lib/auth/sso-roles.ts): the stored setting, or off when unset or invalid. */
export async function getSsoRoleMapping(db: Reader): Promise<SsoRoleMapping> {
  const parsed = ssoRoleMapping.safeParse(await getSetting(db, SETTING_KEYS.ssoRoleMapping));
  return parsed.success ? parsed.data : SSO_ROLE_MAPPING_OFF;
}

/** A setting with who last changed it and when, for the settings page; null when never set. */
export async function getSettingRecord(db: Database, key: string) {
  const [row] = await db
    .select({ value: appSettings.value, updatedAt: appSettings.updatedAt, updatedByName: users.name })
    .from(appSettings)
    .leftJoin(users, eq(users.id, appSettings.updatedById))
    .where(eq(appSettings.key, key));
  return row ?? null;
}
