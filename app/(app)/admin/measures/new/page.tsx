import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";
import { listManageableUnits } from "@/lib/measures/catalogue";
import { createMeasure } from "../actions";
import { MeasureForm } from "../_components/measure-form";

export const metadata: Metadata = { title: "Add a measure" };

export default async function NewMeasurePage() {
  const user = await requirePermission("measure:manage");
  const units = await listManageableUnits(user);
  return (
    <div className="space-y-6">
      <Link href="/admin/measures" className="inline-block">
        Back to measures
      </Link>
      <div>
        <h1 className="text-3xl font-bold">Add a measure</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          What is measured, where the figures come from and the first target. The target can be changed later; earlier
          targets are kept, so past months are still judged against the target in force then.
        </p>
      </div>
      {units.length === 0 ? (
        <p>Your account is not linked to a department, so there is nowhere to add a measure. Ask an administrator.</p>
      ) : (
        <MeasureForm mode="create" action={createMeasure} units={units} />
      )}
    </div>
  );
}
