import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { getViewableDepartment } from "@/lib/measures/department";
import { canOnDepartment, getDefinitionOptions } from "@/lib/resources/return-queries";
import { createFundingLine } from "../actions";
import { FundingLineForm } from "../_components/funding-line-form";

export const metadata: Metadata = { title: "Add a funding line" };

/** A new Government Plan growth or capital line (budget:manage: the department's SLT, an administrator). */
export default async function NewFundingLinePage({ params }: { params: Promise<{ slug: string }> }) {
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
      <h1 className="text-3xl font-bold">Add a funding line</h1>
      <p className="max-w-3xl text-ink-muted">{department.name}: a Government Plan growth programme or capital project, its allocation for the year and the initiatives it funds.</p>
      <FundingLineForm action={createFundingLine} departmentId={department.id} departmentName={department.name} base={base} units={options.units} initiatives={options.initiatives} defaultYear={new Date().getFullYear()} />
    </div>
  );
}
