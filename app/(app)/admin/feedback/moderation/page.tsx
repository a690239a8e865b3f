import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { monthLabel } from "@/lib/entry/periods";
import { listFeedbackUnits, listModeration, MODERATION_PAGE_SIZE } from "@/lib/feedback/queries";
import { HOLD_REASON_TEXT, HOLD_RULE } from "@/lib/feedback/rules";
import { moderateResponses } from "../actions";
import { ModerationForm } from "./moderation-form";

export const metadata: Metadata = { title: "Survey moderation queue" };

const VIEWS = { held: "Held", accepted: "Accepted", rejected: "Rejected" } as const;
type View = keyof typeof VIEWS;

const when = (iso: string) => format(parseISO(iso), "d MMM yyyy, HH:mm");

/**
 * Open-link survey responses held for moderation (issue 15), for administrators: accept them (they
 * join their month's figures) or reject them (kept, never counted), in bulk. Accepted and rejected
 * ones can be looked back on.
 */
export default async function ModerationPage({ searchParams }: { searchParams: Promise<{ show?: string; page?: string }> }) {
  const user = await requirePermission("feedback:moderate");
  const params = await searchParams;
  const view: View = params.show === "accepted" || params.show === "rejected" ? params.show : "held";
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.page ?? "1", 10) || 1));
  const units = await listFeedbackUnits(user, "feedback:moderate");
  const { rows, total } = await listModeration(
    units.map((u) => u.id),
    view,
    page,
  );
  const pages = Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE));
  const pageLink = (p: number) => `/admin/feedback/moderation?show=${view}&page=${p}`;

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <p>
          <Link href="/admin/feedback">Back to the survey links</Link>
        </p>
        <h1 className="text-3xl font-bold">Survey moderation queue</h1>
        <p className="max-w-3xl text-lg">
          Responses through a service&apos;s open link (the email-signature button) are held here, out of the figures, when
          more than {HOLD_RULE.address.max} arrive from one source address within {HOLD_RULE.address.windowMinutes} minutes, or
          when a link receives more than {HOLD_RULE.link.factor} times its usual rate (at least {HOLD_RULE.link.floor}) in{" "}
          {HOLD_RULE.link.windowMinutes} minutes. Accept the ones that look genuine: they then count in their month&apos;s CSAT, CES
          and CSI. Rejected ones are kept but never count. Responses through single-use links are verified and never held.
        </p>
        <nav aria-label="Moderation views">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            {(Object.keys(VIEWS) as View[]).map((v) => (
              <li key={v}>
                {v === view ? (
                  <span aria-current="page" className="font-bold">
                    {VIEWS[v]}
                  </span>
                ) : (
                  <Link href={`/admin/feedback/moderation?show=${v}`}>{VIEWS[v]}</Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
      </div>

      {total === 0 ? (
        <p role="status">{view === "held" ? "No responses are waiting for moderation." : `No responses have been ${view} yet.`}</p>
      ) : view === "held" ? (
        <ModerationForm
          action={moderateResponses}
          caption={`Held responses, oldest first: ${total.toLocaleString("en-GB")} in all${pages > 1 ? `, page ${page} of ${pages}` : ""}`}
          rows={rows.map((r) => ({
            id: r.id,
            unit: r.unit,
            received: when(r.submittedAt),
            month: monthLabel(r.period),
            reason: r.holdReason ? HOLD_REASON_TEXT[r.holdReason] : "",
            csat: r.csat,
            ces: r.ces,
            csi: r.csi,
            comment: r.comment,
          }))}
        />
      ) : (
        <Table caption={`${VIEWS[view]} responses, latest decision first: ${total.toLocaleString("en-GB")} in all`}>
          <THead>
            <tr>
              <Th>Received</Th>
              <Th>Service</Th>
              <Th>Why held</Th>
              <Th numeric>Satisfaction</Th>
              <Th>Comment</Th>
              <Th>Decided</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id}>
                <Th scope="row" className="font-normal whitespace-nowrap">
                  {when(r.submittedAt)}
                </Th>
                <Td>{r.unit}</Td>
                <Td>{r.holdReason ? HOLD_REASON_TEXT[r.holdReason] : ""}</Td>
                <Td numeric>{r.csat} of 5</Td>
                <Td className="max-w-md break-words">{r.comment ?? <span className="text-ink-muted">No comment</span>}</Td>
                <Td>
                  {VIEWS[view]} by {r.reviewedBy ?? "a former user"}
                  {r.reviewedAt && <span className="block text-sm text-ink-muted">{when(r.reviewedAt)}</span>}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {pages > 1 && (
        <nav aria-label="Moderation queue pages" className="flex flex-wrap gap-4">
          {page > 1 && <Link href={pageLink(page - 1)}>Previous page</Link>}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && <Link href={pageLink(page + 1)}>Next page</Link>}
        </nav>
      )}
    </div>
  );
}
