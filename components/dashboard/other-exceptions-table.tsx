import { format, parseISO } from "date-fns";
import Link from "next/link";
import { RagBadge } from "@/components/measures/status-badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { OtherException } from "@/lib/dashboard/overview";
import { monthParam, type Period } from "@/lib/entry/periods";

const KIND_LABELS = {
  initiative: "Initiative",
  risk: "Risk",
  milestone: "Milestone overdue",
  action: "SLT action overdue",
  recommendation: "Recommendation overdue",
  overspend: "Overspend beyond tolerance",
  efficiency: "Efficiency off track",
} as const;

/**
 * Red and amber initiatives, High risks, overdue items, overspends and off-track efficiencies
 * (listOtherExceptions), each linked to its page; an SLT action to the review pack of `month`.
 */
export function OtherExceptionsTable({ items, month }: { items: OtherException[]; month: Period }) {
  return (
    <div className="border border-line-soft bg-surface p-4">
      <Table caption="Initiatives red or amber, risks High after mitigation, what is overdue (milestones, SLT actions, recommendations), overspends beyond tolerance and efficiencies off track">
        <THead>
          <tr>
            <Th>Type</Th>
            <Th>Item</Th>
            <Th>Unit</Th>
            <Th>Detail</Th>
            <Th>Date</Th>
          </tr>
        </THead>
        <TBody>
          {items.map((e) => (
            <Tr key={`${e.kind}-${e.id}`}>
              <Td className="whitespace-nowrap">
                {e.kind === "initiative" ? <RagBadge rag={e.detail.startsWith("red") ? "red" : "amber"} /> : KIND_LABELS[e.kind]}
              </Td>
              <Th scope="row" className="font-semibold">
                {e.href ? (
                  <Link href={e.href}>{e.title}</Link>
                ) : e.kind === "action" ? (
                  <Link href={`/reviews/${e.departmentSlug}/${monthParam(month)}`}>{e.title}</Link>
                ) : (
                  e.title
                )}
              </Th>
              <Td>{e.unitName}</Td>
              <Td>{e.kind === "initiative" ? e.detail.replace(/^(red|amber): ?/, "") : e.detail}</Td>
              <Td className="whitespace-nowrap">{e.date ? format(parseISO(e.date), "d MMM yyyy") : ""}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
