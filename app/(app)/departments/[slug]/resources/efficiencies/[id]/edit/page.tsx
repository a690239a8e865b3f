import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/current-user";
import { getViewableDepartment } from "@/lib/measures/department";
import { canOnDepartment, getDefinitionOptions, getEfficiencyForEdit } from "@/lib/resources/return-queries";
import { routeId } from "@/lib/validation/route-id";
import { updateEfficiency } from "../../actions";
import { EfficiencyForm } from "../../_components/efficiency-form";

export const metadata: Metadata = { title: "Edit an efficiency" };

interface PageProps {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<{ created?: string }>;
}

/** Edits an efficiency of the department; unknown ids and other departments' efficiencies are not found alike. */
export default async function EditEfficiencyPage({ params, searchParams }: PageProps) {
  const [{ slug, id: rawId }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const id = routeId(rawId);
  const department = await getViewableDepartment(user, slug);
  if (id === null || !department || !canOnDepartment(user, "budget:manage", department)) notFound();
  const [efficiency, options] = await Promise.all([getEfficiencyForEdit(department, id), getDefinitionOptions(department)]);
  if (!efficiency) notFound();
  const base = `/departments/${department.slug}/resources`;
  return (
    <div className="space-y-6">
      <p>
        <Link href={`${base}/month`}>Monthly resource return</Link>
      </p>
      <h1 className="text-3xl font-bold">Edit an efficiency</h1>
      <p className="text-xl font-semibold">{efficiency.title}</p>
      {query.created === "1" && (
        <Alert tone="success" title="Efficiency added">
          <p>Its monthly delivery and forecast are entered in the monthly return.</p>
        </Alert>
      )}
      <EfficiencyForm action={updateEfficiency} departmentId={department.id} departmentName={department.name} base={base} units={options.units} efficiency={efficiency} defaultYear={efficiency.year} />
    </div>
  );
}
