import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RiskForm } from "@/components/risks/risk-form";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay } from "@/lib/org/queries";
import { getRisk } from "@/lib/risks/queries";
import { getRiskBands } from "@/lib/settings";
import { updateRisk } from "../../actions";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Edit a risk" };

export default async function EditRiskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  if (id === null) notFound();
  const [risk, editable] = await Promise.all([getRiskBands(db).then((bands) => getRisk(user, id, bands)), listUnitsUserMay(user, "risk:edit")]);
  // Out of scope, or in scope but not editable: not found either way.
  if (!risk || !can(user, "risk:edit", risk.scope)) notFound();
  const units = editable.map((u) => ({ id: u.id, name: u.name, departmentName: u.departmentName }));
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/risks/${risk.id}`}>Back to the risk</Link>
        <p className="mt-3 font-mono text-ink-muted">{risk.ref}</p>
        <h1 className="text-3xl font-bold">Edit: {risk.title}</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">The residual rating changes through the monthly review on the risk&apos;s page, so that its history stays whole.</p>
      </div>
      <RiskForm
        action={updateRisk}
        units={units}
        initial={{
          id: risk.id,
          version: risk.version,
          unitId: risk.unitId,
          title: risk.title,
          cause: risk.cause,
          event: risk.event,
          impact: risk.impact,
          category: risk.category,
          ownerName: risk.ownerName,
          inherentLikelihood: risk.inherent.likelihood,
          inherentImpact: risk.inherent.impact,
          appetiteScore: risk.appetiteScore,
          isPublic: risk.isPublic,
          status: risk.status,
        }}
      />
    </div>
  );
}
