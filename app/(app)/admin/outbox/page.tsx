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

export const metadata: Metadata = { title: "Outbox" };

const when = (d: Date) => format(d, "d MMM yyyy, HH:mm");

// Each state in words as well as colour.
function Delivery({ row }: { row: OutboxRow }) {
  switch (deliveryOf(row)) {
    case "sent":
      return <Badge tone="success">Sent{row.sentAt ? ` ${when(row.sentAt)}` : ""}</Badge>;
    case "error":
      return (
        <>
          <Badge tone="danger">Not sent</Badge>
          <span className="mt-1 block text-sm break-words text-danger-dark">{row.error}</span>
        </>
      );
    case "kept":
      return <Badge>Kept in outbox</Badge>;
    case "waiting":
      return <Badge tone="warning">Waiting</Badge>;
  }
}

type Search = Record<string, string | string[] | undefined>;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("user:manage");
  const query = outboxQuery(await searchParams);
  const { rows, window } = await listOutbox(db, user, query);
  const filtered = Boolean(query.delivery || query.q);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Outbox</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Reminders Baseline has written, newest first ({PAGE_SIZE} a page). They are emailed when SMTP is set up (
          <code>SMTP_URL</code>); otherwise they are kept here. Each reminder is written once.
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3 border border-line-soft bg-surface p-4" aria-label="Filter messages">
        <Input name="q" type="search" label="Recipient contains" defaultValue={query.q} fieldClassName="mb-0" className="min-w-56" />
        <Select name="delivery" label="Delivery" defaultValue={query.delivery ?? ""} placeholder="Any delivery" fieldClassName="mb-0">
          {DELIVERY_STATES.map((s) => (
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
              <Th>Transport</Th>
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
                <Td>{row.transport}</Td>
                <Td>
                  <Delivery row={row} />
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
