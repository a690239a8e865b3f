import type { Metadata } from "next";
import Link from "next/link";
import { RecommendationForm } from "@/components/recommendations/recommendation-form";
import { requirePermission } from "@/lib/auth/current-user";
import { listEditableUnits } from "@/lib/recommendations/queries";
import { createRecommendation } from "../actions";

export const metadata: Metadata = { title: "Add a recommendation" };

export default async function NewRecommendationPage() {
  const user = await requirePermission("recommendation:edit");
  const units = await listEditableUnits(user);
  return (
    <div className="space-y-6">
      <Link href="/recommendations" className="inline-block">
        Back to recommendations
      </Link>
      <div>
        <h1 className="text-3xl font-bold">Add a recommendation</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          A recommendation from a C&amp;AG, PAC or internal audit report, with the department&apos;s response. It starts as open;
          progress and completion are recorded as progress updates.
        </p>
      </div>
      {units.length === 0 ? (
        <p>Your account is not linked to a unit, so there is nowhere to add a recommendation. Ask an administrator.</p>
      ) : (
        <RecommendationForm mode="create" action={createRecommendation} units={units} />
      )}
    </div>
  );
}
