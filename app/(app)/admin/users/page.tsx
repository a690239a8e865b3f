import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const user = await requirePermission("user:manage");
  const [rows, { saved }] = await Promise.all([listUsers(user), searchParams]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Users</h1>
          <p className="mt-2 max-w-2xl text-ink-muted">
            Who can sign in, their role and the part of the organisation they work in. Changing a role or disabling an
            account ends that person&apos;s current sessions at once.
          </p>
        </div>
        <ButtonLink href="/admin/users/new">Add a user</ButtonLink>
      </div>
      {saved && <Alert tone="success" title="Changes saved" />}
      <Table caption="All user accounts" captionHidden>
        <THead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Scope</Th>
            <Th>Status</Th>
            <Th>Last sign-in</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {rows.map((u) => (
            <Tr key={u.id}>
              <Th scope="row" className="font-semibold">
                {u.name}
              </Th>
              <Td>{u.email}</Td>
              <Td>{ROLE_LABELS[u.role]}</Td>
              <Td>{u.unitName ?? "Whole organisation"}</Td>
              <Td>{u.active ? <Badge tone="success">Active</Badge> : <Badge tone="danger">Disabled</Badge>}</Td>
              <Td>{u.lastSignInAt ? format(u.lastSignInAt, "d MMM yyyy, HH:mm") : "Never"}</Td>
              <Td>
                <Link href={`/admin/users/${u.id}`}>
                  Edit<span className="sr-only"> {u.name}</span>
                </Link>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
