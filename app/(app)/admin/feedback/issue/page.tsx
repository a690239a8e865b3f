import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";
import { listFeedbackUnits, listIssuableLinks } from "@/lib/feedback/queries";
import { issueInteractionLinks } from "../actions";
import { IssueForm } from "./issue-form";

export const metadata: Metadata = { title: "Single-use survey links" };

/**
 * Single-use survey links (issue 15), for whoever manages a service's survey link: one per
 * interaction (a case, a call, an email reply), signed, expiring, taking one response. Responses
 * through them are verified and always counted.
 */
export default async function IssueLinksPage() {
  const user = await requirePermission("feedback:manage");
  const units = await listFeedbackUnits(user, "feedback:manage");
  const links = await listIssuableLinks(units);
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <p>
          <Link href="/admin/feedback">Back to the survey links</Link>
        </p>
        <h1 className="text-3xl font-bold">Single-use survey links</h1>
        <p className="max-w-3xl text-lg">
          A link for one conversation with a customer: it takes one response, which counts as verified, and expires. Enter
          one reference, or many (one a line) to get a CSV of links for a mail merge.
        </p>
      </div>
      {links.length === 0 ? (
        <p>There is no survey link you can issue single-use links for. Create the service&apos;s survey link first.</p>
      ) : (
        <IssueForm action={issueInteractionLinks} services={links.map((l) => ({ linkId: l.id, name: `${l.unitName} (${l.departmentName})`, paused: l.paused }))} />
      )}
    </div>
  );
}
