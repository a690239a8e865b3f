import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/**
 * What a page of one month shows instead of its content when the month is refused (it has not
 * started yet: see viewOfMonth in lib/entry/periods.ts): the page's heading, why, and a way back.
 */
export function MonthRefused({ heading, message, backHref, backLabel }: { heading: string; message: string; backHref: string; backLabel: string }) {
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{heading}</h1>
      <Alert tone="warning" title="This month has not started">
        <p>{message}</p>
      </Alert>
      <p>
        <Link href={backHref}>{backLabel}</Link>
      </p>
    </div>
  );
}
