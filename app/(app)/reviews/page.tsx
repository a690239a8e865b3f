import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { lastCompletedMonth, monthLabel, monthParam } from "@/lib/entry/periods";
import { getReviewsOverview } from "@/lib/reviews/queries";
import { actionIsOverdue } from "@/lib/reviews/rules";

export const metadata: Metadata = { title: "Monthly reviews" };

const day = (iso: string | null) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");

export default async function ReviewsPage() {
  const user = await requireUser();
  if (!can(user, "unit:view")) notFound();
  const { departments, meetings, openActions } = await getReviewsOverview(user);
  const today = format(new Date(), "yyyy-MM-dd");
  const lastMonth = monthParam(lastCompletedMonth(new Date()));
  const overdue = openActions.filter((a) => actionIsOverdue(a, today)).length;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">Monthly reviews</h1>
        <p className="mt-2 max-w-2xl text-ink-muted">
          The Senior Leadership Team&apos;s monthly performance reviews: each meeting&apos;s pack, and every action agreed that is still open.
        </p>
      </div>

      <Card title="Packs for last month" description={`The pack for ${monthLabel(`${lastMonth}-01`)}, assembled from the latest figures, risks and plans.`}>
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {departments.map((d) => (
            <li key={d.id}>
              <Link href={`/reviews/${d.slug}/${lastMonth}`}>
                {d.name}: {monthLabel(`${lastMonth}-01`)} pack
              </Link>
            </li>
          ))}
        </ul>
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
                    <Link href={`/reviews/${a.departmentSlug}/${monthParam(a.meetingPeriod)}`}>
                      {a.departmentName}, {monthLabel(a.meetingPeriod)}
                    </Link>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="meetings">
        <h2 id="meetings" className="mb-3 text-2xl font-bold">
          Meetings
        </h2>
        {meetings.length === 0 ? (
          <p>No meetings recorded yet.</p>
        ) : (
          <Table caption="Meetings, newest first" captionHidden>
            <THead>
              <tr>
                <Th>Month reviewed</Th>
                <Th>Department</Th>
                <Th>Status</Th>
                <Th numeric>Open actions</Th>
                <Th numeric>All actions</Th>
              </tr>
            </THead>
            <TBody>
              {meetings.map((m) => (
                <Tr key={m.id}>
                  <Th scope="row">
                    <Link href={`/reviews/${m.departmentSlug}/${monthParam(m.period)}`}>
                      {monthLabel(m.period)}
                      <span className="sr-only"> – {m.departmentName}</span>
                    </Link>
                  </Th>
                  <Td>{m.departmentName}</Td>
                  <Td>{m.status === "held" ? `Held on ${day(m.heldOn)}` : "Planned"}</Td>
                  <Td numeric>{m.openActions}</Td>
                  <Td numeric>{m.totalActions}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
