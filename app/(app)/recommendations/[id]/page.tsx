import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ProgressUpdateForm } from "@/components/recommendations/progress-update-form";
import { DueBadge, RecommendationStatusBadge } from "@/components/recommendations/status-badge";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { getRecommendation } from "@/lib/recommendations/queries";
import { ACCEPTANCE_LABELS, daysLate, isDueSoon, isOverdue, SOURCE_LABELS, STATUS_LABELS } from "@/lib/recommendations/rules";
import { addRecommendationUpdate } from "../actions";
import { routeId } from "@/lib/validation/route-id";

interface PageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string | string[] }>;
}

const day = (iso: string) => format(parseISO(iso), "d MMM yyyy");

const SAVED: Record<string, string> = {
  created: "Recommendation added",
  updated: "Changes saved",
  progress: "Progress update added",
};

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const id = routeId((await params).id);
  const rec = id === null ? null : await getRecommendation(await requireUser(), id);
  return { title: rec ? `Recommendation ${rec.ref}` : "Page not found" };
}

function Item({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="font-bold">{term}</dt>
      <dd className="mt-0.5 whitespace-pre-line">{children}</dd>
    </div>
  );
}

export default async function RecommendationPage({ params, searchParams }: PageProps) {
  const user = await requireUser();
  const id = routeId((await params).id);
  if (id === null) notFound();
  const rec = await getRecommendation(user, id);
  if (!rec) notFound();
  const saved = (await searchParams).saved;
  const savedMessage = typeof saved === "string" ? SAVED[saved] : undefined;
  const today = format(new Date(), "yyyy-MM-dd");
  const overdue = isOverdue(rec, today);
  const canEdit = can(user, "recommendation:edit", rec.scope);

  return (
    <div className="space-y-8">
      <Link href="/recommendations" className="inline-block">
        Back to recommendations
      </Link>
      {/* Keyed by version: a second save on the same URL still re-announces the message. */}
      {savedMessage && <Alert key={rec.version} tone="success" title={savedMessage} />}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-3xl">
          <p className="text-ink-muted">
            {SOURCE_LABELS[rec.source]} · {rec.departmentName}
          </p>
          <h1 className="text-3xl font-bold">Recommendation {rec.ref}</h1>
          <p className="mt-3 text-lg">{rec.text}</p>
          <p className="mt-3 flex flex-wrap items-center gap-2">
            <RecommendationStatusBadge status={rec.status} />
            <DueBadge overdue={overdue} dueSoon={isDueSoon(rec, today)} />
            {overdue && rec.targetDate && <span>{daysLate(rec.targetDate, today)} days past its target date</span>}
          </p>
        </div>
        {canEdit && (
          <ButtonLink href={`/recommendations/${rec.id}/edit`} variant="secondary">
            Edit details
          </ButtonLink>
        )}
      </div>

      <section aria-labelledby="details" className="rounded-md border border-line-soft bg-surface p-5 shadow-sm sm:p-6">
        <h2 id="details" className="mb-4 text-xl font-bold">
          Details
        </h2>
        <dl className="grid gap-x-8 gap-y-4 sm:grid-cols-2">
          <Item term="Report" wide>
            {rec.reportTitle}
            {rec.reportDate ? `, ${day(rec.reportDate)}` : ""}
          </Item>
          <Item term="Unit responsible">
            {rec.unitName} ({rec.departmentName})
          </Item>
          <Item term="Owner">{rec.ownerName}</Item>
          <Item term="Target date">{rec.targetDate ? day(rec.targetDate) : "None set"}</Item>
          <Item term="Status">{STATUS_LABELS[rec.status]}</Item>
          <Item term="Department's answer">{rec.acceptance ? ACCEPTANCE_LABELS[rec.acceptance] : "Not yet answered"}</Item>
          <Item term={rec.acceptance === "rejected" ? "Response and reason for rejecting it" : "Response"} wide>
            {rec.response ?? "None recorded"}
          </Item>
          <Item term="Evidence of implementation" wide>
            {rec.completionEvidence ?? "None recorded yet"}
          </Item>
          {rec.implementedOn && <Item term="Implemented on">{day(rec.implementedOn)}</Item>}
        </dl>
      </section>

      <section aria-labelledby="trail" className="space-y-4">
        <h2 id="trail" className="text-2xl font-bold">
          Progress updates
        </h2>
        {rec.updates.length === 0 ? (
          <p>No progress updates yet.</p>
        ) : (
          <ol className="space-y-3" aria-label="Progress updates, oldest first">
            {rec.updates.map((u) => (
              <li key={u.id} className="border-l-4 border-line bg-surface py-2 pr-3 pl-4" data-testid="progress-update">
                <p className="text-sm text-ink-muted">
                  <time dateTime={u.at}>{format(new Date(u.at), "d MMM yyyy, HH:mm")}</time> · {u.author ?? "Unknown"}
                </p>
                {u.statusFrom && u.statusTo && (
                  <p className="font-semibold">
                    Status: {STATUS_LABELS[u.statusFrom]} → {STATUS_LABELS[u.statusTo]}
                  </p>
                )}
                <p className="whitespace-pre-line">{u.note}</p>
              </li>
            ))}
          </ol>
        )}
      </section>

      {canEdit && (
        <ProgressUpdateForm
          action={addRecommendationUpdate}
          recommendation={{ id: rec.id, ref: rec.ref, version: rec.version, status: rec.status, completionEvidence: rec.completionEvidence, implementedOn: rec.implementedOn }}
        />
      )}
    </div>
  );
}
