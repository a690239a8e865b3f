import { Td, Th, Tr } from "@/components/ui/table";
import { monthLabel } from "@/lib/entry/periods";
import { formatMetric } from "@/lib/feedback/format";
import { LowSampleBadge } from "./low-sample-badge";

interface MonthFigures {
  period: string;
  responses: number;
  verified: number;
  held: number;
  csat: number | null;
  ces: number | null;
  csi: number | null;
}

/**
 * One month of a service's survey figures: the responses they count (and how many of those are
 * verified), CSAT, CES and CSI, flagged when the sample is low; held responses, not in the figures,
 * are named beside the count.
 */
export function MonthFiguresRow({ month, minimum, current }: { month: MonthFigures; minimum: number; current: boolean }) {
  return (
    <Tr>
      <Th scope="row" className="font-semibold">
        {monthLabel(month.period)}
        {current ? " (so far)" : ""}
        <span className="block">
          <LowSampleBadge responses={month.responses} minimum={minimum} />
        </span>
      </Th>
      <Td numeric>
        {month.responses.toLocaleString("en-GB")}
        <span className="block text-sm text-ink-muted">{month.verified.toLocaleString("en-GB")} verified</span>
        {month.held > 0 && <span className="block text-sm text-ink-muted">{month.held.toLocaleString("en-GB")} held, not counted</span>}
      </Td>
      <Td numeric>{formatMetric("csat", month.csat)}</Td>
      <Td numeric>{formatMetric("ces", month.ces)}</Td>
      <Td numeric>{formatMetric("csi", month.csi)}</Td>
    </Tr>
  );
}
