import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RecommendationForm } from "@/components/recommendations/recommendation-form";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getRecommendation, listEditableUnits } from "@/lib/recommendations/queries";
import { updateRecommendation } from "../../actions";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Edit a recommendation" };

export default async function EditRecommendationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const recId = routeId(id);
  if (recId === null) notFound();
  const [rec, units] = await Promise.all([getRecommendation(user, recId), listEditableUnits(user)]);
  // Out of scope, or in scope but not editable by this user: not found either way.
  if (!rec || !can(user, "recommendation:edit", rec.scope)) notFound();
  return (
    <div className="space-y-6">
      <Link href={`/recommendations/${rec.id}`} className="inline-block">
        Back to recommendation {rec.ref}
      </Link>
      <div>
        <h1 className="text-3xl font-bold">Edit recommendation {rec.ref}</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          The report, the recommendation and the department&apos;s response. To record progress or change its status, add a
          progress update on the recommendation&apos;s page.
        </p>
      </div>
      <RecommendationForm
        mode="edit"
        action={updateRecommendation}
        units={units}
        recommendation={{
          id: rec.id,
          version: rec.version,
          ref: rec.ref,
          source: rec.source,
          reportTitle: rec.reportTitle,
          reportDate: rec.reportDate,
          unitId: rec.unitId,
          text: rec.text,
          acceptance: rec.acceptance,
          response: rec.response,
          ownerName: rec.ownerName,
          targetDate: rec.targetDate,
        }}
      />
    </div>
  );
}
