/**
 * The URL state of the users list (/admin/users): filters, sort and page. Pure, so that the page,
 * the query and the tests read the same values; anything unknown or malformed is ignored.
 */
import { ROLES, type Role } from "@/lib/enums";
import { oneOf, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";

type Params = Record<string, string | string[] | undefined>;

export const USER_SORTS = ["name", "email", "role", "last-sign-in"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const USER_SORT_LABELS: Record<UserSort, string> = {
  name: "Name (A to Z)",
  email: "Email (A to Z)",
  role: "Role",
  "last-sign-in": "Last sign-in (most recent first)",
};

export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UserListQuery {
  role: Role | null;
  /** A department id: users of that department or any unit below it. */
  departmentId: number | null;
  status: UserStatus | null;
  /** Text found in the name or the email ("" for none). */
  q: string;
  sort: UserSort;
  page: number;
}

/** The list's state from `params`; a department is kept only when it is one of `departmentIds`. */
export function userListQuery(params: Params, departmentIds: readonly number[]): UserListQuery {
  const dept = oneOf(params, "department", departmentIds.map(String), "");
  return {
    role: oneOf<Role | "">(params, "role", ROLES, "") || null,
    departmentId: dept ? Number(dept) : null,
    status: oneOf<UserStatus | "">(params, "status", USER_STATUSES, "") || null,
    q: searchText(params),
    sort: oneOf(params, "sort", USER_SORTS, "name"),
    page: requestedPage(params),
  };
}

/** The URL state to keep on page links (defaults left out, so that URLs stay short). */
export function userListState(q: UserListQuery): Record<string, string | number | null> {
  return { role: q.role, department: q.departmentId, status: q.status, q: q.q || null, sort: q.sort === "name" ? null : q.sort };
}

export const isFiltered = (q: UserListQuery) => Boolean(q.role || q.departmentId || q.status || q.q);
