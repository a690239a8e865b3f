import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listUnits } from "@/lib/org/queries";
import { getUser } from "@/lib/users/queries";
import { updateUser } from "../actions";
import { UserForm } from "../user-form";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Edit user" };

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("user:manage");
  const id = routeId((await params).id);
  if (id === null) notFound();
  const [user, units] = await Promise.all([getUser(actor, id), listUnits()]);
  if (!user) notFound();

  return (
    <div className="space-y-6">
      <Link href="/admin/users" className="inline-block">
        Back to users
      </Link>
      <div>
        <h1 className="text-3xl font-bold">{user.name}</h1>
        <p className="mt-1 text-ink-muted">{user.email}</p>
      </div>
      <UserForm mode="edit" action={updateUser} units={units} roleLabels={ROLE_LABELS} user={user} />
    </div>
  );
}
