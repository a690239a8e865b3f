import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { PAGE_SIZE } from "@/lib/paging/page";
import { DELIVERY_LABELS, DELIVERY_STATES, deliveryOf } from "@/lib/reminders/delivery";
import { listOutbox, outboxQuery, outboxState, type OutboxRow } from "@/lib/reminders/outbox";
import { MAX_ATTEMPTS } from "@/lib/reminders/rules";
import { smtpConfigured } from "@/lib/reminders/smtp";
import { retryMessage } from "./actions";
import { RetryForm } from "./retry-form";

export const metadata: Metadata = { title: "Outbox" };

const when = (d: Date) => format(d, "d MMM yyyy, HH:mm");

const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;

function LastFailure({ row, label = "Last try failed" }: { row: OutboxRow; label?: string }) {
  if (!row.error) return null;
  return (
    <span className="mt-1 block text-sm break-words">
      {label}: <span className="text-danger-dark">{row.error}</span>
    </span>
  );
}

// Each state in words and a symbol as well as colour.
function Delivery({ row, smtp }: { row: OutboxRow; smtp: boolean }) {
  switch (deliveryOf(row, smtp)) {
    case "sent":
      return (
        <>
          <Badge tone="success">
            <span aria-hidden="true">✓</span> Sent{row.sentAt ? ` ${when(row.sentAt)}` : ""}
          </Badge>
          {row.attempts > 1 && <span className="mt-1 block text-sm">On try {row.attempts}</span>}
        </>
      );
    case "waiting":
      return (
        <>
          <Badge tone="info">
            <span aria-hidden="true">→</span> {DELIVERY_LABELS.waiting}
          </Badge>
          <span className="mt-1 block text-sm">Goes with the next delivery run.</span>
          <LastFailure row={row} label="Before it was retried" />
        </>
      );
    case "retrying":
      return (
        <>
          <Badge tone="warning">
            <span aria-hidden="true">↻</span> {DELIVERY_LABELS.retrying}
          </Badge>
          <span className="mt-1 block text-sm">
            {tries(row.attempts)} of {MAX_ATTEMPTS}
            {row.nextAttemptAt ? `; next try ${when(row.nextAttemptAt)}` : ""}
          </span>
          <LastFailure row={row} />
        </>
      );
    case "unconfigured":
      return (
        <>
          <Badge>
            <span aria-hidden="true">–</span> {DELIVERY_LABELS.unconfigured}
          </Badge>
          <LastFailure row={row} />
        </>
      );
    case "gave-up":
      return (
        <>
          <Badge tone="danger">
            <span aria-hidden="true">✕</span> Gave up after {tries(row.attempts)}
          </Badge>
          <LastFailure row={row} />
          <RetryForm action={retryMessage} id={row.id} subject={row.subject} toEmail={row.toEmail} />
        </>
      );
  }
}

type Search = Record<string, string | string[] | undefined>;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("user:manage");
  const query = outboxQuery(await searchParams);
  const smtp = smtpConfigured();
  const { rows, window } = await listOutbox(db, user, query, smtp);
  const filtered = Boolean(query.delivery || query.q);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Outbox</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Reminders Baseline has written, newest first ({PAGE_SIZE} a page). Each is written once and emailed through the mail server
          set in <code>SMTP_URL</code>. A message that fails is tried again after 1 minute, then 2, 4, 8 and so on (at most 4 hours
          apart), up to {MAX_ATTEMPTS} tries; then Baseline gives up on it, and you can try it again here.
        </p>
        <p className="mt-2 max-w-3xl">
          {smtp ? (
            <>A mail server is configured: messages due are sent within a minute.</>
          ) : (
            <>
              No mail server is configured (<code>SMTP_URL</code> is not set), so nothing is emailed now. The messages here are sent
              once it is set: the next delivery run picks them up.
            </>
          )}
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3 border border-line-soft bg-surface p-4" aria-label="Filter messages">
        <Input name="q" type="search" label="Recipient contains" defaultValue={query.q} fieldClassName="mb-0" className="min-w-56" />
        <Select name="delivery" label="Delivery" defaultValue={query.delivery ?? ""} placeholder="Any delivery" fieldClassName="mb-0">
          {DELIVERY_STATES.filter((s) => s === query.delivery || (smtp ? s !== "unconfigured" : s !== "waiting" && s !== "retrying")).map((s) => (
            <option key={s} value={s}>
              {DELIVERY_LABELS[s]}
            </option>
          ))}
        </Select>
        <div className="flex min-h-11 items-center gap-4">
          <Button type="submit" variant="secondary">
            Show messages
          </Button>
          {filtered && <Link href="/admin/outbox">Clear filters</Link>}
        </div>
      </form>

      <PageSummary window={window} noun="message" plural="messages" filtered={filtered} />

      {rows.length === 0 ? (
        window.total === 0 && !filtered ? (
          <p>
            No messages yet. Reminders appear here after <code>npm run reminders</code> runs.
          </p>
        ) : null
      ) : (
        <Table caption={`Outgoing messages, page ${window.page} of ${window.pages}`} captionHidden>
          <THead>
            <tr>
              <Th>To</Th>
              <Th>Subject and message</Th>
              <Th>Created</Th>
              <Th>Delivery</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.id}>
                <Td className="min-w-48 break-words">{row.toEmail}</Td>
                <Th scope="row" className="min-w-72 font-normal">
                  <details>
                    <summary className="cursor-pointer font-semibold">{row.subject}</summary>
                    <pre className="mt-2 max-w-2xl font-sans text-sm whitespace-pre-wrap">{row.body}</pre>
                  </details>
                </Th>
                <Td className="whitespace-nowrap">{when(row.createdAt)}</Td>
                <Td className="min-w-56">
                  <Delivery row={row} smtp={smtp} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Pagination label="Outbox" window={window} path="/admin/outbox" query={outboxState(query)} />
    </div>
  );
}
