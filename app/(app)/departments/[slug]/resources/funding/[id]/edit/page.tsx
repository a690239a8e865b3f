import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/current-user";
import { getViewableDepartment } from "@/lib/measures/department";
import { canOnDepartment, getDefinitionOptions, getFundingLineForEdit } from "@/lib/resources/return-queries";
import { routeId } from "@/lib/validation/route-id";
import { updateFundingLine } from "../../actions";
import { FundingLineForm } from "../../_components/funding-line-form";

export const metadata: Metadata = { title: "Edit a funding line" };

interface PageProps {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<{ created?: string }>;
}

/** Edits a funding line of the department; unknown ids and other departments' lines are not found alike. */
export default async function EditFundingLinePage({ params, searchParams }: PageProps) {
  const [{ slug, id: rawId }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const id = routeId(rawId);
  const department = await getViewableDepartment(user, slug);
  if (id === null || !department || !canOnDepartment(user, "budget:manage", department)) notFound();
  const [line, options] = await Promise.all([getFundingLineForEdit(department, id), getDefinitionOptions(department)]);
  if (!line) notFound();
  const base = `/departments/${department.slug}/resources`;
  return (
    <div className="space-y-6">
      <p>
        <Link href={`${base}/month`}>Monthly resource return</Link>
      </p>
      <h1 className="text-3xl font-bold">Edit a funding line</h1>
      <p className="text-xl font-semibold">{line.ref ? `${line.ref} ${line.name}` : line.name}</p>
      {query.created === "1" && (
        <Alert tone="success" title="Funding line added">
          <p>Its monthly spend and forecast are entered in the monthly return.</p>
        </Alert>
      )}
      <FundingLineForm
        action={updateFundingLine}
        departmentId={department.id}
        departmentName={department.name}
        base={base}
        units={options.units}
        initiatives={options.initiatives}
        line={line}
        defaultYear={line.year}
      />
    </div>
  );
}
