import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";
import { listFeedbackUnits } from "@/lib/feedback/queries";
import { recordPhoneResponse } from "../actions";
import { PhoneForm } from "./phone-form";

export const metadata: Metadata = { title: "Phone survey" };

/** The quick form advisors fill in at the end of a call (LEAD of the unit, SLT, administrators). */
export default async function PhoneSurveyPage() {
  const user = await requirePermission("feedback:enter");
  const units = await listFeedbackUnits(user, "feedback:enter");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Phone survey</h1>
        <p className="mt-2 max-w-2xl text-lg">
          Read each question and its answers to the customer, then record what they say. Use the arrow keys to choose an
          answer, Tab to move on, and Enter to save.
        </p>
        <p className="mt-2">
          <Link href="/feedback/themes">Feedback themes and monthly figures</Link>
        </p>
      </div>
      {units.length === 0 ? (
        <p>You are not set up to record survey responses for any service.</p>
      ) : (
        <PhoneForm
          action={recordPhoneResponse}
          units={units.map((u) => ({ id: u.id, label: `${u.name} (${u.departmentName})` }))}
          initialKey={randomUUID()}
        />
      )}
    </div>
  );
}
