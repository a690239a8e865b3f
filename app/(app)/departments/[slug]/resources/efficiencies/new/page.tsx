import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { getViewableDepartment } from "@/lib/measures/department";
import { canOnDepartment, getDefinitionOptions } from "@/lib/resources/return-queries";
import { createEfficiency } from "../actions";
import { EfficiencyForm } from "../_components/efficiency-form";

export const metadata: Metadata = { title: "Add an efficiency" };

/** A new efficiency with its target (budget:manage: the department's SLT, an administrator). */
export default async function NewEfficiencyPage({ params }: { params: Promise<{ slug: string }> }) {
  const [{ slug }, user] = await Promise.all([params, requireUser()]);
  const department = await getViewableDepartment(user, slug);
  if (!department || !canOnDepartment(user, "budget:manage", department)) notFound();
  const options = await getDefinitionOptions(department);
  const base = `/departments/${department.slug}/resources`;
  return (
    <div className="space-y-6">
      <p>
        <Link href={`${base}/month`}>Monthly resource return</Link>
      </p>
      <h1 className="text-3xl font-bold">Add an efficiency</h1>
      <p className="max-w-3xl text-ink-muted">{department.name}: a departmental or cross-cutting efficiency and its target saving for the year.</p>
      <EfficiencyForm action={createEfficiency} departmentId={department.id} departmentName={department.name} base={base} units={options.units} defaultYear={new Date().getFullYear()} />
    </div>
  );
}
