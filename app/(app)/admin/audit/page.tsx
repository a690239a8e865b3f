import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { auditDiff, type FieldChange } from "@/lib/audit/diff";
import { AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES, entityHref, entityLabel } from "@/lib/audit/entities";
import { auditFilterState, auditQuery, isAuditFiltered } from "@/lib/audit/list-params";
import { listAuditTrail, type AuditRow } from "@/lib/audit/queries";
import { requirePermission } from "@/lib/auth/current-user";
import { pageHref } from "@/lib/paging/page";

export const metadata: Metadata = { title: "Audit trail" };

const PATH = "/admin/audit";
const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "Europe/Jersey" });

function Who({ row }: { row: AuditRow }) {
  if (row.actorName) {
    return (
      <>
        <span className="font-semibold">{row.actorName}</span>
        <span className="block text-sm break-words text-ink-muted">{row.actorEmail}</span>
        {row.apiToken && (
          <span className="block text-sm break-words">
            through API token “{row.apiToken.name}” <span className="font-mono text-ink-muted">{row.apiToken.prefix}…</span>
          </span>
        )}
      </>
    );
  }
  // No account: a failed sign-in's typed email, or a system writer such as the public survey.
  return row.actorEmail ? <span className="break-words">{row.actorEmail}</span> : <span className="text-ink-muted">System</span>;
}

function What({ row }: { row: AuditRow }) {
  const label = `${entityLabel(row.entityType)}${row.entityId ? ` ${row.entityId}` : ""}`;
  const href = entityHref(row.entityType, row.entityId);
  return href ? <Link href={href}>{label}</Link> : <>{label}</>;
}

function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <span className="text-ink-muted">No fields changed</span>;
  const names = changes.map((c) => c.field);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  return (
    <details>
      <summary className="cursor-pointer">
        {changes.length === 1 ? "1 field" : `${changes.length} fields`}: {shown}
      </summary>
      <dl className="mt-2 space-y-2 text-sm">
        {changes.map((c) => (
          <div key={c.field}>
            <dt className="font-semibold">{c.field}</dt>
            <dd className="break-words">
              <span className="font-semibold">Before:</span> {c.before ?? <em>not set</em>}
            </dd>
            <dd className="break-words">
              <span className="font-semibold">After:</span> {c.after ?? <em>not set</em>}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

type Search = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("user:manage");
  const query = auditQuery(await searchParams);
  const { rows, total, capped, olderThan, newerThan } = await listAuditTrail(user, query);
  const state = auditFilterState(query);
  const filtered = isAuditFiltered(query);
  const count = capped ? `More than ${total.toLocaleString("en-GB")} entries` : total === 1 ? "1 entry" : `${total.toLocaleString("en-GB")} entries`;
  const paged = query.older !== null || query.newer !== null;
  const first = rows[0];
  const last = rows[rows.length - 1];

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Audit trail</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Every change to figures, targets, plans, risks, reports, settings and users, and every sign-in, newest first: who,
          when, what, why, and what it was before. Entries cannot be changed or deleted.
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3 border border-line-soft bg-surface p-4" aria-label="Filter the audit trail">
        <Select name="type" label="Kind of record" defaultValue={query.entityType ?? ""} placeholder="Any kind" fieldClassName="mb-0">
          {AUDIT_ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {AUDIT_ENTITY_LABELS[t]}
            </option>
          ))}
        </Select>
        <Input name="entity" label="Record id" hint="e.g. 42" defaultValue={query.entityId ?? ""} fieldClassName="mb-0" className="w-32" />
        <Input name="action" label="Action" hint="e.g. user.update, or auth for all sign-ins" defaultValue={query.action ?? ""} fieldClassName="mb-0" className="min-w-56" />
        <Input name="actor" type="search" label="Who (email or name contains)" defaultValue={query.actor} fieldClassName="mb-0" className="min-w-56" />
        <Input name="from" type="date" label="From" defaultValue={query.from ?? ""} fieldClassName="mb-0" className="w-44" />
        <Input name="to" type="date" label="To" defaultValue={query.to ?? ""} fieldClassName="mb-0" className="w-44" />
        <div className="flex min-h-11 items-center gap-4">
          <Button type="submit" variant="secondary">
            Show entries
          </Button>
          {filtered && <Link href={PATH}>Clear filters</Link>}
        </div>
      </form>

      <p role="status" className="font-semibold">
        {count}
        {filtered ? " match the filters" : ""}.
        {first && last && (paged || olderThan !== null) ? ` Showing ${rows.length}, from ${when.format(first.at)} back to ${when.format(last.at)}.` : ""}
      </p>

      {rows.length === 0 && paged && (
        <p>
          Nothing on this page. <Link href={pageHref(PATH, state, 1)}>Go to the newest entries</Link>.
        </p>
      )}

      {rows.length > 0 && (
        <Table caption="Audit entries, newest first" captionHidden>
          <THead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>Action</Th>
              <Th>Why</Th>
              <Th>Changes</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.id}>
                <Th scope="row" className="font-normal whitespace-nowrap">
                  <time dateTime={row.at.toISOString()}>{when.format(row.at)}</time>
                </Th>
                <Td className="min-w-40">
                  <Who row={row} />
                </Td>
                <Td className="min-w-32">
                  <What row={row} />
                </Td>
                <Td>
                  <code className="break-all">{row.action}</code>
                </Td>
                <Td className="min-w-40 break-words">{row.reason ?? <span className="text-ink-muted">None given</span>}</Td>
                <Td className="min-w-56">
                  <Changes changes={auditDiff(row.before, row.after)} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {(newerThan !== null || olderThan !== null) && (
        <nav aria-label="Audit trail pages" className="flex flex-wrap items-center gap-x-6 gap-y-2">
          {newerThan !== null && (
            <Link href={pageHref(PATH, { ...state, newer: newerThan }, 1)} rel="prev" className="inline-flex min-h-11 items-center">
              Newer entries
            </Link>
          )}
          {olderThan !== null && (
            <Link href={pageHref(PATH, { ...state, older: olderThan }, 1)} rel="next" className="inline-flex min-h-11 items-center">
              Older entries
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
