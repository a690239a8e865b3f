import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/current-user";
import { getInitiativeFormOptions } from "@/lib/initiatives/queries";
import { createInitiative } from "../actions";
import { InitiativeForm } from "../_components/initiative-form";

export const metadata: Metadata = { title: "New initiative" };

export default async function NewInitiativePage() {
  const user = await requirePermission("initiative:edit");
  const options = await getInitiativeFormOptions(user);
  // A user whose scope holds no unit (e.g. an account without one) has nowhere to record it.
  if (options.units.length === 0) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/initiatives">Back to initiatives</Link>
        <h1 className="mt-3 text-3xl font-bold">New initiative</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Record a Government Plan initiative as the business plan sets it out. Milestones and monthly updates are added on its page once it is saved.
        </p>
      </div>
      <InitiativeForm action={createInitiative} options={options} />
    </div>
  );
}
