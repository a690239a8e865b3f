import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BandBadge, EscalationBadge } from "@/components/risks/band-badge";
import { EscalationForm } from "@/components/risks/escalation-form";
import { AddMitigationForm, CompleteMitigationButton, EditMitigationForm } from "@/components/risks/mitigation-forms";
import { RatingHistoryChart } from "@/components/risks/rating-history-chart";
import { RiskReviewForm } from "@/components/risks/review-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getRisk, type RiskDetail, type RiskMitigationRow } from "@/lib/risks/queries";
import { escalationState, IMPACT_LABELS, LIKELIHOOD_LABELS, RISK_BAND_LABELS } from "@/lib/risks/scoring";
import { getRiskBands } from "@/lib/settings";
import { MITIGATION_STATUS_LABELS } from "@/lib/risks/labels";
import { addRiskMitigation, completeRiskMitigation, deescalateRisk, escalateRisk, reviewRisk, updateRiskMitigation } from "../actions";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Risk" };

const day = (iso: string) => format(parseISO(iso), "d MMM yyyy");

function RatingItem({ title, rating }: { title: string; rating: RiskDetail["residual"] }) {
  return (
    <div className="border border-line-soft bg-surface p-4">
      <dt className="text-sm text-ink-muted">{title}</dt>
      <dd className="mt-1 space-y-1">
        <BandBadge score={rating.score} band={rating.band} />
        <span className="block text-sm">
          Likelihood {rating.likelihood} ({LIKELIHOOD_LABELS[rating.likelihood - 1]}) × impact {rating.impact} ({IMPACT_LABELS[rating.impact - 1]})
        </span>
      </dd>
    </div>
  );
}

function chartSummary(risk: RiskDetail): string {
  const reviews = risk.reviews;
  if (reviews.length === 0) return "No reviews yet.";
  const first = reviews[0]!;
  const last = reviews.at(-1)!;
  const above = reviews.filter((r) => r.score > risk.appetiteScore).length;
  return (
    `Residual score at ${reviews.length} ${reviews.length === 1 ? "review" : "reviews"} from ${day(first.reviewedOn)} to ${day(last.reviewedOn)}: ` +
    `first ${first.score}, latest ${last.score} (${RISK_BAND_LABELS[last.band]}), against an appetite of ${risk.appetiteScore}; ` +
    `${above} of ${reviews.length} above appetite. Every review is in the table.`
  );
}

function MitigationTable({ risk, kind, editable }: { risk: RiskDetail; kind: RiskMitigationRow["kind"]; editable: boolean }) {
  const items = risk.mitigations.filter((m) => m.kind === kind);
  const caption = kind === "control" ? "Controls in place" : "Mitigating actions";
  if (items.length === 0) return <p className="text-ink-muted">No {kind === "control" ? "controls" : "actions"} recorded.</p>;
  return (
    <Table caption={caption}>
      <THead>
        <Tr>
          <Th>{kind === "control" ? "Control" : "Action"}</Th>
          <Th>Owner</Th>
          <Th>Due</Th>
          <Th>Status</Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((m) => (
          <Tr key={m.id} data-testid="mitigation">
            <Th scope="row" className="min-w-64 font-normal">
              {m.description}
              {editable && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-accent underline">Edit</summary>
                  <EditMitigationForm action={updateRiskMitigation} mitigation={m} />
                </details>
              )}
            </Th>
            <Td className="min-w-40 text-sm">{m.ownerName}</Td>
            <Td className="whitespace-nowrap">{m.dueDate ? day(m.dueDate) : "Ongoing"}</Td>
            <Td className="space-y-2">
              <Badge tone={m.status === "complete" ? "success" : m.status === "in_progress" ? "info" : "neutral"}>
                {m.status === "complete" && <span aria-hidden="true">✓</span>}
                {MITIGATION_STATUS_LABELS[m.status]}
              </Badge>
              {editable && m.status !== "complete" && (
                <div>
                  <CompleteMitigationButton action={completeRiskMitigation} mitigation={m} />
                </div>
              )}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

export default async function RiskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  if (id === null) notFound();
  const bands = await getRiskBands(db);
  const risk = await getRisk(user, id, bands);
  if (!risk) notFound();

  const canEdit = can(user, "risk:edit", risk.scope);
  const canEscalate = can(user, "risk:escalate", risk.scope);
  const state = escalationState({
    residualLikelihood: risk.residual.likelihood,
    residualImpact: risk.residual.impact,
    appetiteScore: risk.appetiteScore,
    escalated: risk.escalated,
  });
  const open = risk.status === "open";
  const history = [...risk.reviews].reverse();

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link href={`/risks?department=${risk.departmentSlug}`}>Back to the risk register</Link>
        <p className="font-mono text-ink-muted">
          {risk.ref}{" "}
          <span className="font-sans">
            · {risk.unitName} · {risk.departmentName}
          </span>
        </p>
        <h1 className="text-3xl font-bold">
          {risk.title} {!open && <Badge className="align-middle">Closed</Badge>}
        </h1>
        <div className="flex flex-wrap items-center gap-3">
          <EscalationBadge state={state} showWithin />
          {canEdit && (
            <ButtonLink href={`/risks/${risk.id}/edit`} variant="secondary" size="sm">
              Edit the risk
            </ButtonLink>
          )}
        </div>
      </div>

      <section aria-labelledby="rating-heading" className="space-y-4">
        <h2 id="rating-heading" className="text-2xl font-bold">
          Rating
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <RatingItem title="Inherent (before controls)" rating={risk.inherent} />
          <RatingItem title="Residual (with controls)" rating={risk.residual} />
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Appetite (target score)</dt>
            <dd className="mt-1">
              <span className="block text-2xl font-bold tabular-nums">{risk.appetiteScore}</span>
              <span className="block text-sm">
                {risk.aboveAppetite ? `Residual ${risk.residual.score} is above it by ${risk.residual.score - risk.appetiteScore}` : "Residual score within it"}
              </span>
            </dd>
          </div>
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Last reviewed</dt>
            <dd className="mt-1 text-lg font-bold">{risk.lastReviewedAt ? format(risk.lastReviewedAt, "d MMM yyyy") : "Never"}</dd>
          </div>
        </dl>
      </section>

      {(state !== "within" || risk.escalated) && (
        <section aria-labelledby="escalation-heading" className="space-y-4">
          <h2 id="escalation-heading" className="text-2xl font-bold">
            Escalation
          </h2>
          {state === "escalated" ? (
            <Alert tone="info" title="Escalated to the Executive Leadership Team">
              <p>
                {risk.escalatedAt ? format(risk.escalatedAt, "d MMM yyyy") : ""}
                {risk.escalatedByName ? ` by ${risk.escalatedByName}` : ""}.
              </p>
              {risk.escalationNote && <p>{risk.escalationNote}</p>}
            </Alert>
          ) : (
            <Alert tone="warning" title="Above appetite – escalate">
              <p>
                The residual score, {risk.residual.score}, is above the appetite of {risk.appetiteScore}. The Senior Leadership Team decides whether to escalate
                it to the Executive Leadership Team.
              </p>
            </Alert>
          )}
          {canEscalate && state === "escalate" && <EscalationForm action={escalateRisk} riskId={risk.id} version={risk.version} mode="escalate" />}
          {canEscalate && state === "escalated" && <EscalationForm action={deescalateRisk} riskId={risk.id} version={risk.version} mode="deescalate" />}
        </section>
      )}

      <section aria-labelledby="definition-heading" className="space-y-4">
        <h2 id="definition-heading" className="text-2xl font-bold">
          Definition
        </h2>
        <dl className="grid max-w-4xl gap-4 sm:grid-cols-3">
          <div className="sm:col-span-3">
            <dt className="font-bold">Cause</dt>
            <dd>{risk.cause}</dd>
          </div>
          <div className="sm:col-span-3">
            <dt className="font-bold">Event</dt>
            <dd>{risk.event}</dd>
          </div>
          <div className="sm:col-span-3">
            <dt className="font-bold">Impact</dt>
            <dd>{risk.impact}</dd>
          </div>
          <div>
            <dt className="font-bold">Category</dt>
            <dd>{risk.category}</dd>
          </div>
          <div>
            <dt className="font-bold">Owner</dt>
            <dd>{risk.ownerName}</dd>
          </div>
          <div>
            <dt className="font-bold">Unit</dt>
            <dd>{risk.unitName}</dd>
          </div>
          <div className="sm:col-span-3">
            <dt className="font-bold">Published in quarterly reports</dt>
            <dd>{risk.isPublic ? "Yes" : "No"}</dd>
          </div>
        </dl>
      </section>

      {canEdit && open && (
        <Card title="Monthly review" description="Confirm the residual rating, or re-rate it, with a note. Each review is kept in the rating history.">
          <RiskReviewForm action={reviewRisk} riskId={risk.id} version={risk.version} likelihood={risk.residual.likelihood} impact={risk.residual.impact} />
        </Card>
      )}

      <section aria-labelledby="history-heading" className="space-y-4">
        <h2 id="history-heading" className="text-2xl font-bold">
          Rating history
        </h2>
        {risk.reviews.length > 0 && (
          <figure className="rounded-md border border-line-soft bg-surface p-4">
            <RatingHistoryChart reviews={risk.reviews} appetite={risk.appetiteScore} summary={chartSummary(risk)} />
            <figcaption className="mt-2 text-sm text-ink-muted">
              Residual score at each review (points above appetite in red, within it in green); the dashed line is the appetite.
            </figcaption>
          </figure>
        )}
        <Table caption="Reviews, newest first">
          <THead>
            <Tr>
              <Th>Reviewed</Th>
              <Th>Residual rating</Th>
              <Th>Note</Th>
              <Th>By</Th>
            </Tr>
          </THead>
          <TBody>
            {history.map((r) => (
              <Tr key={r.id} data-testid="review">
                <Th scope="row" className="font-normal whitespace-nowrap">
                  {day(r.reviewedOn)}
                </Th>
                <Td className="whitespace-nowrap">
                  <BandBadge score={r.score} band={r.band} />
                  <span className="block text-sm">
                    L{r.likelihood} × I{r.impact}
                    {r.score > risk.appetiteScore ? " · above appetite" : ""}
                  </span>
                </Td>
                <Td className="min-w-64">{r.note ?? ""}</Td>
                <Td className="text-sm">{r.reviewerName ?? "—"}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </section>

      <section aria-labelledby="mitigations-heading" className="space-y-6">
        <h2 id="mitigations-heading" className="text-2xl font-bold">
          Controls and mitigating actions
        </h2>
        <MitigationTable risk={risk} kind="control" editable={canEdit} />
        <MitigationTable risk={risk} kind="action" editable={canEdit} />
        {canEdit && (
          <details className="rounded-md border border-line-soft bg-surface p-4">
            <summary className="cursor-pointer font-bold text-accent underline">Add a control or action</summary>
            <div className="mt-4">
              <AddMitigationForm action={addRiskMitigation} riskId={risk.id} />
            </div>
          </details>
        )}
      </section>
    </div>
  );
}
