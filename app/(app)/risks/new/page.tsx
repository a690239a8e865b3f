import type { Metadata } from "next";
import Link from "next/link";
import { RiskForm } from "@/components/risks/risk-form";
import { requirePermission } from "@/lib/auth/current-user";
import { listUnitsUserMay } from "@/lib/org/queries";
import { createRisk } from "../actions";

export const metadata: Metadata = { title: "Add a risk" };

export default async function NewRiskPage() {
  const user = await requirePermission("risk:edit");
  const units = (await listUnitsUserMay(user, "risk:edit")).map((u) => ({ id: u.id, name: u.name, departmentName: u.departmentName }));
  return (
    <div className="space-y-6">
      <div>
        <Link href="/risks">Back to the risk register</Link>
        <h1 className="mt-3 text-3xl font-bold">Add a risk</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">Define the risk as cause → event → impact, rate it before and with its controls, and set its appetite.</p>
      </div>
      <RiskForm action={createRisk} units={units} />
    </div>
  );
}
