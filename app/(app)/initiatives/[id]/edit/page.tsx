import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { log } from "@/lib/log";
import { getUnitScope } from "@/lib/org/queries";
import { getInitiativeFormOptions, getInitiativePage } from "@/lib/initiatives/queries";
import { updateInitiative } from "../../actions";
import { InitiativeForm } from "../../_components/initiative-form";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Edit initiative" };

export default async function EditInitiativePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const n = routeId(id);
  const page = n ? await getInitiativePage(user, n) : null;
  const scope = page ? await getUnitScope(page.initiative.leadUnitId) : null;
  // Out of scope, or in scope but not editable: not found either way.
  if (!page || !scope || !can(user, "initiative:edit", scope)) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/initiatives/${id}/edit` });
    notFound();
  }
  const i = page.initiative;
  const measureIds = page.measures.map((m) => m.id).sort((a, b) => a - b);
  const options = await getInitiativeFormOptions(user, measureIds);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/initiatives/${i.id}`}>Back to the initiative</Link>
        <p className="mt-3 font-mono text-ink-muted">{i.cspRef}</p>
        <h1 className="text-3xl font-bold">Edit initiative: {i.title}</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          The business-plan fields. The RAG rating, milestones and forecasts are updated on the initiative&apos;s page.
        </p>
      </div>
      <InitiativeForm
        action={updateInitiative}
        options={options}
        initial={{
          id: i.id,
          version: i.version,
          cspRef: i.cspRef,
          title: i.title,
          deliverables: i.deliverables,
          leadUnitId: i.leadUnitId,
          type: i.type,
          priorityId: i.priorityId,
          keyObjectiveId: i.keyObjectiveId,
          startDate: i.startDate,
          targetDate: i.targetDate,
          targetDateLabel: i.targetDateLabel,
          wellbeingOutcomes: i.wellbeingOutcomes,
          impactedMeasuresText: i.impactedMeasuresText,
          measureIds,
          ongoing: i.ongoing,
          successCriterion: i.successCriterion,
          status: i.status,
        }}
      />
    </div>
  );
}
