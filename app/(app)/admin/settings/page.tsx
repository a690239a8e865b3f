import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/auth/current-user";
import { ssoProviderList } from "@/lib/auth/options";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { dueDate, lastCompletedMonth, monthLabel } from "@/lib/entry/periods";
import { DEFAULT_TOLERANCE } from "@/lib/resources/rules";
import { describeBands } from "@/lib/risks/scoring";
import { listUnits } from "@/lib/org/queries";
import { getFiguresDueWorkingDay, getFinanceTolerance, getRiskBands, getSettingRecord, getSsoRoleMapping, SETTING_KEYS } from "@/lib/settings";
import { FIGURES_DUE_WORKING_DAY_MAX, FIGURES_DUE_WORKING_DAY_MIN } from "@/lib/validation/settings";
import { SSO_ROLE_RULES_MAX } from "@/lib/validation/sso";
import { getMinResponses } from "@/lib/feedback/queries";
import { updateFeedbackMinResponses, updateFiguresDueDay, updateFinanceTolerance, updateRiskBands, updateSsoRoleMapping } from "./actions";
import { FinanceToleranceForm } from "./finance-tolerance-form";
import { MinResponsesForm } from "./min-responses-form";
import { RiskBandsForm } from "./risk-bands-form";
import { FiguresDueForm } from "./settings-form";
import { SsoRoleMappingForm } from "./sso-role-mapping-form";

export const metadata: Metadata = { title: "Settings" };

const longDate = (iso: string) => format(parseISO(iso), "EEEE d MMMM yyyy");

export default async function SettingsPage() {
  await requirePermission("user:manage");
  const [workingDay, record, bands, bandsRecord, minResponses, minRecord, tolerance, toleranceRecord, ssoMapping, ssoRecord, units] = await Promise.all([
    getFiguresDueWorkingDay(db),
    getSettingRecord(db, SETTING_KEYS.figuresDueWorkingDay),
    getRiskBands(db),
    getSettingRecord(db, SETTING_KEYS.riskBands),
    getMinResponses(),
    getSettingRecord(db, SETTING_KEYS.feedbackMinResponses),
    getFinanceTolerance(db),
    getSettingRecord(db, SETTING_KEYS.financeTolerance),
    getSsoRoleMapping(db),
    getSettingRecord(db, SETTING_KEYS.ssoRoleMapping),
    listUnits(),
  ]);
  const providers = ssoProviderList();
  const lastMonth = lastCompletedMonth(new Date());

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Settings</h1>
        <p className="mt-2 max-w-2xl text-ink-muted">Rules that apply to every department. Each change is recorded in the audit log.</p>
      </div>
      <Card
        title="When figures are due"
        description={
          <>
            Now: working day {workingDay} of the following month, so {monthLabel(lastMonth)} figures are due by{" "}
            {longDate(dueDate(lastMonth, workingDay))}. Figures not submitted by then show as late and their leads are reminded.
          </>
        }
      >
        <p className="mb-5 text-sm text-ink-muted">
          {record?.updatedAt
            ? `Last changed ${format(record.updatedAt, "d MMM yyyy, HH:mm")}${record.updatedByName ? ` by ${record.updatedByName}` : ""}.`
            : "Not changed yet: the default, working day 10, applies."}
        </p>
        <FiguresDueForm action={updateFiguresDueDay} workingDay={workingDay} min={FIGURES_DUE_WORKING_DAY_MIN} max={FIGURES_DUE_WORKING_DAY_MAX} />
      </Card>
      <Card
        title="Risk bands"
        description={<>Now: {describeBands(bands)}. A risk&apos;s score (likelihood × impact, 1–25) is shown with its band on every risk page and the heat map.</>}
      >
        <p className="mb-5 text-sm text-ink-muted">
          {bandsRecord?.updatedAt
            ? `Last changed ${format(bandsRecord.updatedAt, "d MMM yyyy, HH:mm")}${bandsRecord.updatedByName ? ` by ${bandsRecord.updatedByName}` : ""}.`
            : "Not changed yet: the defaults of the departments' risk policies apply."}
        </p>
        <RiskBandsForm action={updateRiskBands} bands={bands} />
      </Card>
      <Card
        title="Customer survey: low samples"
        description={<>Now: a month with fewer than {minResponses} survey responses is marked as a low sample (in the figure&apos;s commentary and on the feedback pages); its figures are still shown.</>}
      >
        <p className="mb-5 text-sm text-ink-muted">
          {minRecord?.updatedAt
            ? `Last changed ${format(minRecord.updatedAt, "d MMM yyyy, HH:mm")}${minRecord.updatedByName ? ` by ${minRecord.updatedByName}` : ""}.`
            : "Not changed yet: the default, 30 responses, applies."}
        </p>
        <MinResponsesForm action={updateFeedbackMinResponses} minResponses={minResponses} />
      </Card>
      <Card
        title="Budgets: variance tolerance"
        description={
          <>
            Now: a forecast within {tolerance.lowerPct}% of its budget is on budget; up to {tolerance.upperPct}% away it is within
            tolerance; beyond {tolerance.upperPct}% it is beyond tolerance, an overspend or underspend the SLT reviews. Commentary is
            required whenever a forecast is not on budget. An efficiency is green while its forecast falls short of its target by no
            more than {tolerance.lowerPct}%, amber up to {tolerance.upperPct}%, red beyond.
          </>
        }
      >
        <p className="mb-5 text-sm text-ink-muted">
          {toleranceRecord?.updatedAt
            ? `Last changed ${format(toleranceRecord.updatedAt, "d MMM yyyy, HH:mm")}${toleranceRecord.updatedByName ? ` by ${toleranceRecord.updatedByName}` : ""}.`
            : `Not changed yet: the defaults, ${DEFAULT_TOLERANCE.lowerPct}% and ${DEFAULT_TOLERANCE.upperPct}%, apply.`}
        </p>
        <FinanceToleranceForm action={updateFinanceTolerance} tolerance={tolerance} />
      </Card>
      <Card
        title="Single sign-on: roles from groups"
        description={
          <>
            Now:{" "}
            {ssoMapping.rules.length === 0
              ? "off. Single sign-on changes no one's role."
              : `${ssoMapping.rules.length} rule${ssoMapping.rules.length === 1 ? "" : "s"} on the ${ssoMapping.claim} claim.`}{" "}
            When someone with an active Baseline account signs in with single sign-on, the first rule whose group they are in sets their
            role and scope. It never creates an account, never changes the role of someone in none of the groups, and never takes the
            administrator role from the last administrator. Each change is recorded in the audit log as made by single sign-on.
            {providers.length === 0 && " No single sign-on provider is configured on this server, so these rules do nothing yet."}
          </>
        }
      >
        <p className="mb-5 text-sm text-ink-muted">
          {ssoRecord?.updatedAt
            ? `Last changed ${format(ssoRecord.updatedAt, "d MMM yyyy, HH:mm")}${ssoRecord.updatedByName ? ` by ${ssoRecord.updatedByName}` : ""}.`
            : "Not changed yet: off."}
        </p>
        <SsoRoleMappingForm
          action={updateSsoRoleMapping}
          mapping={ssoMapping}
          units={units.map((u) => ({ id: u.id, name: u.name, kind: u.kind }))}
          roleLabels={ROLE_LABELS}
          maxRules={SSO_ROLE_RULES_MAX}
        />
      </Card>
    </div>
  );
}
