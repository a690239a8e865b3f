import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listUnits } from "@/lib/org/queries";
import { createUser } from "../actions";
import { UserForm } from "../user-form";

export const metadata: Metadata = { title: "Add a user" };

export default async function NewUserPage() {
  await requirePermission("user:manage");
  const units = await listUnits();
  return (
    <div className="space-y-6">
      <Link href="/admin/users" className="inline-block">
        Back to users
      </Link>
      <h1 className="text-3xl font-bold">Add a user</h1>
      <UserForm mode="create" action={createUser} units={units} roleLabels={ROLE_LABELS} />
    </div>
  );
}
