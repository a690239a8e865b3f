import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DepartmentSearch } from "@/components/lists/department-search";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser, type SessionUser } from "@/lib/auth/current-user";
import { can, seesAllDepartments } from "@/lib/auth/permissions";
import { lastCompletedMonth, monthLabel, monthParam } from "@/lib/entry/periods";
import { getViewableDepartment, type DepartmentRow } from "@/lib/measures/department";
import { pageWindow, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";
import { getDepartmentReviews, listReviewDepartments } from "@/lib/reviews/queries";
import { actionIsOverdue } from "@/lib/reviews/rules";

export const metadata: Metadata = { title: "Monthly reviews" };

type Params = Record<string, string | string[] | undefined>;

const day = (iso: string | null) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/**
 * Across government (ADMIN, VIEWER): one row per department, paged, with a link into each. With
 * `?department=` — or for SLT and leads, who see one department — that department's packs,
 * open actions and meetings. The page never lists every department's meetings or actions at once.
 */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [user, params] = await Promise.all([requireUser(), searchParams]);
  if (!can(user, "unit:view")) notFound();
  const today = format(new Date(), "yyyy-MM-dd");
  const slug = one(params.department);

  if (slug === "" && seesAllDepartments(user)) return <GovernmentReviews user={user} params={params} today={today} />;

  // SLT and leads see their own department; its row comes from the same scoped query.
  const department: DepartmentRow | null =
    slug !== ""
      ? await getViewableDepartment(user, slug)
      : await listReviewDepartments(user, { today }).then(({ rows: [d] }) => (d ? { id: d.id, slug: d.slug, name: d.name, shortName: d.name } : null));
  if (!department) notFound();
  return <DepartmentReviewsView user={user} department={department} params={params} today={today} linkBack={seesAllDepartments(user)} />;
}

function Intro() {
  return (
    <div>
      <h1 className="text-3xl font-bold">Monthly reviews</h1>
      <p className="mt-2 max-w-2xl text-ink-muted">
        The Senior Leadership Team&apos;s monthly performance reviews: each meeting&apos;s pack, and every action agreed that is still open.
      </p>
    </div>
  );
}

async function GovernmentReviews({ user, params, today }: { user: SessionUser; params: Params; today: string }) {
  const search = searchText(params);
  const requested = requestedPage(params);
  const { total, rows, openActions, overdueActions } = await listReviewDepartments(user, { today, page: requested, search });
  const window = pageWindow(total, requested);
  const lastMonth = monthParam(lastCompletedMonth(new Date()));
  const lastLabel = monthLabel(`${lastMonth}-01`);

  return (
    <div className="space-y-8">
      <Intro />
      <DepartmentSearch action="/reviews" search={search} />
      <div className="space-y-1">
        <PageSummary window={window} noun="department" plural="departments" filtered={search !== ""} />
        <p>
          {openActions} open {openActions === 1 ? "action" : "actions"}, {overdueActions} overdue, in {search === "" ? "the departments you can see" : "these departments"}.
        </p>
      </div>
      {rows.length > 0 && (
        <Table caption="Departments: meetings and open actions" captionHidden>
          <THead>
            <tr>
              <Th>Department</Th>
              <Th>Pack for {lastLabel}</Th>
              <Th>Latest meeting</Th>
              <Th numeric>Meetings</Th>
              <Th numeric>Open actions</Th>
              <Th numeric>Overdue</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((d) => (
              <Tr key={d.id}>
                <Th scope="row">
                  <Link href={`/reviews?department=${d.slug}`}>
                    {d.name}
                    <span className="sr-only">: meetings and open actions</span>
                  </Link>
                </Th>
                <Td>
                  <Link href={`/reviews/${d.slug}/${lastMonth}`}>
                    {lastLabel} pack<span className="sr-only">, {d.name}</span>
                  </Link>
                </Td>
                <Td className="whitespace-nowrap">{d.latestMeeting ? monthLabel(d.latestMeeting) : "None yet"}</Td>
                <Td numeric>{d.meetings}</Td>
                <Td numeric>{d.openActions}</Td>
                <Td numeric>
                  {d.overdueActions > 0 ? <Badge tone="danger">{d.overdueActions} overdue</Badge> : <span>0<span className="sr-only"> overdue</span></span>}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Pagination label="Departments" window={window} path="/reviews" query={{ q: search }} />
    </div>
  );
}

async function DepartmentReviewsView({ user, department: d, params, today, linkBack }: { user: SessionUser; department: DepartmentRow; params: Params; today: string; linkBack: boolean }) {
  const requested = requestedPage(params);
  const { meetings, meetingTotal, openActions } = await getDepartmentReviews(user, d.id, { page: requested });
  const window = pageWindow(meetingTotal, requested);
  const lastMonth = monthParam(lastCompletedMonth(new Date()));
  const overdue = openActions.filter((a) => actionIsOverdue(a, today)).length;
  const query = { department: linkBack ? d.slug : null };

  return (
    <div className="space-y-8">
      {linkBack && (
        <p>
          <Link href="/reviews">All departments</Link>
        </p>
      )}
      <Intro />

      <Card title="Packs for last month" description={`The pack for ${monthLabel(`${lastMonth}-01`)}, assembled from the latest figures, risks and plans.`}>
        <p>
          <Link href={`/reviews/${d.slug}/${lastMonth}`}>
            {d.name}: {monthLabel(`${lastMonth}-01`)} pack
          </Link>
        </p>
      </Card>

      <section aria-labelledby="open-actions">
        <h2 id="open-actions" className="mb-1 text-2xl font-bold">
          Open actions
        </h2>
        <p className="mb-3 text-ink-muted">
          {openActions.length} open, {overdue} overdue.
        </p>
        {openActions.length === 0 ? (
          <p>No open actions.</p>
        ) : (
          <Table caption="All open actions" captionHidden>
            <THead>
              <tr>
                <Th>Action</Th>
                <Th>Owner</Th>
                <Th>Due</Th>
                <Th>Agreed at</Th>
              </tr>
            </THead>
            <TBody>
              {openActions.map((a) => (
                <Tr key={a.id}>
                  <Th scope="row" className="font-normal">
                    {a.description}
                  </Th>
                  <Td>{a.ownerName}</Td>
                  <Td className="whitespace-nowrap">
                    {day(a.dueDate)} {actionIsOverdue(a, today) && <Badge tone="danger">Overdue</Badge>}
                  </Td>
                  <Td>
                    <Link href={`/reviews/${d.slug}/${monthParam(a.meetingPeriod)}`}>
                      {d.name}, {monthLabel(a.meetingPeriod)}
                    </Link>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="meetings" className="space-y-3">
        <h2 id="meetings" className="text-2xl font-bold">
          Meetings
        </h2>
        {meetings.length === 0 ? (
          <p>No meetings recorded yet.</p>
        ) : (
          <>
            <PageSummary window={window} noun="meeting" plural="meetings" />
            <Table caption="Meetings, newest first" captionHidden>
              <THead>
                <tr>
                  <Th>Month reviewed</Th>
                  <Th>Status</Th>
                  <Th numeric>Open actions</Th>
                  <Th numeric>All actions</Th>
                </tr>
              </THead>
              <TBody>
                {meetings.map((m) => (
                  <Tr key={m.id}>
                    <Th scope="row">
                      <Link href={`/reviews/${d.slug}/${monthParam(m.period)}`}>
                        {monthLabel(m.period)}
                        <span className="sr-only"> – {d.name}</span>
                      </Link>
                    </Th>
                    <Td>{m.status === "held" ? `Held on ${day(m.heldOn)}` : "Planned"}</Td>
                    <Td numeric>{m.openActions}</Td>
                    <Td numeric>{m.totalActions}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            <Pagination label="Meetings" window={window} path="/reviews" query={query} />
          </>
        )}
      </section>
    </div>
  );
}
