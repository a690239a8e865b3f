import { Td, Th, Tr } from "@/components/ui/table";
import { monthLabel } from "@/lib/entry/periods";
import { formatMetric } from "@/lib/feedback/format";
import { LowSampleBadge } from "./low-sample-badge";

interface MonthFigures {
  period: string;
  responses: number;
  csat: number | null;
  ces: number | null;
  csi: number | null;
}

/** One month of a service's survey figures: responses, CSAT, CES and CSI, flagged when the sample is low. */
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
      <Td numeric>{month.responses}</Td>
      <Td numeric>{formatMetric("csat", month.csat)}</Td>
      <Td numeric>{formatMetric("ces", month.ces)}</Td>
      <Td numeric>{formatMetric("csi", month.csi)}</Td>
    </Tr>
  );
}
