import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { checkInteraction } from "@/lib/feedback/interaction-links";
import { getPublicLink } from "@/lib/feedback/queries";
import { SurveyForm } from "./survey-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Rate our service",
  robots: { index: false, follow: false },
};

/**
 * The public "rate our service" survey: no sign-in, works without JavaScript. With `?i=` it is a
 * single-use link for one interaction: checked up front, so a used, expired or altered link says so
 * instead of showing questions whose answers could not be taken.
 */
export default async function SurveyPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ i?: string | string[] }> }) {
  const [{ token }, { i }] = await Promise.all([params, searchParams]);
  const link = await getPublicLink(token);
  if (!link) notFound();
  const interaction = typeof i === "string" && i !== "" ? i : null;
  const checked = interaction && !link.paused ? await checkInteraction(link.id, interaction, new Date()) : null;
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <p className="mb-1 font-semibold text-ink-muted">
        {link.unitName}
        {link.departmentName && link.departmentName !== link.unitName ? ` · ${link.departmentName}` : ""}
      </p>
      <h1 className="mb-4 text-3xl font-bold sm:text-4xl">Rate our service</h1>
      {checked && !checked.ok ? (
        <div role="status" className="border-l-[6px] border-accent bg-accent-soft p-4">
          <h2 className="mb-1 text-xl font-bold">
            {checked.kind === "used" ? "Already answered" : checked.kind === "expired" ? "This link has expired" : "This link is not valid"}
          </h2>
          <p>{checked.message}</p>
        </div>
      ) : (
        <SurveyForm token={link.token} interaction={interaction} submissionKey={randomUUID()} paused={link.paused} unitName={link.unitName} />
      )}
    </div>
  );
}
