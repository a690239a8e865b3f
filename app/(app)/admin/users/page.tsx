import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/enums";
import { isFiltered, USER_SORT_LABELS, USER_SORTS, USER_STATUSES, userListQuery, userListState } from "@/lib/users/list-params";
import { listUserDepartments, listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

const STATUS_LABELS = { active: "Active", disabled: "Disabled" } as const;

type Search = Record<string, string | string[] | undefined>;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("user:manage");
  const [params, departments] = await Promise.all([searchParams, listUserDepartments(user)]);
  const query = userListQuery(params, departments.map((d) => d.id));
  const { rows, window } = await listUsers(user, query);
  const saved = typeof params.saved === "string" && params.saved !== "";
  const state = userListState(query);
  const filtered = isFiltered(query);

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

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3 border border-line-soft bg-surface p-4" aria-label="Filter users">
        <Input name="q" type="search" label="Name or email contains" defaultValue={query.q} fieldClassName="mb-0" className="min-w-56" />
        <Select name="role" label="Role" defaultValue={query.role ?? ""} placeholder="All roles" fieldClassName="mb-0">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
        <Select name="department" label="Department" defaultValue={query.departmentId ? String(query.departmentId) : ""} placeholder="All departments" fieldClassName="mb-0">
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
        <Select name="status" label="Status" defaultValue={query.status ?? ""} placeholder="Active or disabled" fieldClassName="mb-0" className="min-w-40">
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select name="sort" label="Sort by" defaultValue={query.sort} fieldClassName="mb-0">
          {USER_SORTS.map((s) => (
            <option key={s} value={s}>
              {USER_SORT_LABELS[s]}
            </option>
          ))}
        </Select>
        <div className="flex min-h-11 items-center gap-4">
          <Button type="submit" variant="secondary">
            Show users
          </Button>
          {(filtered || query.sort !== "name") && <Link href="/admin/users">Clear filters</Link>}
        </div>
      </form>

      <PageSummary window={window} noun="user" plural="users" filtered={filtered} />

      {rows.length > 0 && (
        <Table caption={`User accounts, sorted by ${USER_SORT_LABELS[query.sort].toLowerCase()}`} captionHidden>
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
                <Td className="break-words">{u.email}</Td>
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
      )}
      <Pagination label="Users" window={window} path="/admin/users" query={state} />
    </div>
  );
}
