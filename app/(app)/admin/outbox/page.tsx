import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { listOutbox, OUTBOX_PAGE_SIZE, type OutboxPage } from "@/lib/reminders/outbox";
import { OUTBOX_ONLY } from "@/lib/reminders/send";

export const metadata: Metadata = { title: "Outbox" };

const when = (d: Date) => format(d, "d MMM yyyy, HH:mm");

function Delivery({ row }: { row: OutboxPage["rows"][number] }) {
  if (row.sentAt) return <Badge tone="success">Sent {when(row.sentAt)}</Badge>;
  if (row.error)
    return (
      <>
        <Badge tone="danger">Not sent</Badge>
        <span className="mt-1 block text-sm break-words text-danger-dark">{row.error}</span>
      </>
    );
  if (row.transport === OUTBOX_ONLY) return <Badge>Kept in outbox</Badge>;
  return <Badge tone="warning">Waiting</Badge>;
}

function Pagination({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Outbox pages" className="flex flex-wrap items-center gap-4">
      {page > 1 ? <Link href={page === 2 ? "/admin/outbox" : `/admin/outbox?page=${page - 1}`}>Newer messages</Link> : null}
      <span className="text-ink-muted">
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={`/admin/outbox?page=${page + 1}`}>Older messages</Link> : null}
    </nav>
  );
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requirePermission("user:manage");
  const { page: pageParam } = await searchParams;
  const requested = /^\d{1,6}$/.test(pageParam ?? "") ? Number(pageParam) : 1;
  const { rows, page, pages, total } = await listOutbox(db, requested);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Outbox</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Reminders Baseline has written, newest first ({total} in all, {OUTBOX_PAGE_SIZE} a page). They are emailed when
          SMTP is set up (<code>SMTP_URL</code>); otherwise they are kept here. Each reminder is written once.
        </p>
      </div>
      {rows.length === 0 ? (
        <p>
          {total === 0 ? (
            <>
              No messages yet. Reminders appear here after <code>npm run reminders</code> runs.
            </>
          ) : (
            <>
              There are no messages on this page. <Link href="/admin/outbox">Go to the newest messages</Link>.
            </>
          )}
        </p>
      ) : (
        <Table caption={`Outgoing messages, page ${page} of ${pages}`} captionHidden>
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
      <Pagination page={page} pages={pages} />
    </div>
  );
}
