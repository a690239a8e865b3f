import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Administration" };

const TOOLS = [
  { href: "/admin/users", title: "Users", text: "Accounts, roles and the part of the organisation each person works in." },
  { href: "/admin/measures", title: "Measures", text: "The measures catalogue: definitions, baselines and target history." },
  { href: "/admin/settings", title: "Settings", text: "When monthly figures fall due, risk bands, the customer survey's low-sample minimum." },
  { href: "/admin/feedback", title: "Customer survey links", text: "Each service's “rate our service” link and email-signature button; pause or resume it; single-use links for one interaction." },
  { href: "/admin/feedback/moderation", title: "Survey moderation queue", text: "Open-link responses held as a possible flood: accept or reject them in bulk." },
  { href: "/admin/api-tokens", title: "API tokens", text: "Tokens that let other systems read the measures due and send figures: create, see when each was last used, revoke." },
  { href: "/admin/outbox", title: "Outbox", text: "Reminders: sent, waiting to be sent or retried, and those given up." },
  { href: "/admin/audit", title: "Audit trail", text: "Who changed what, when and why, with the values before and after; every sign-in." },
];

export default async function AdminPage() {
  await requirePermission("user:manage");
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Administration</h1>
      <ul className="grid gap-4 sm:grid-cols-2">
        {TOOLS.map((t) => (
          <li key={t.href} className="border border-line-soft bg-surface p-5">
            <h2 className="text-xl font-bold">
              <Link href={t.href}>{t.title}</Link>
            </h2>
            <p className="mt-1 text-ink-muted">{t.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
