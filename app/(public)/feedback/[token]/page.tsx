import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublicLink } from "@/lib/feedback/queries";
import { SurveyForm } from "./survey-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Rate our service",
  robots: { index: false, follow: false },
};

/** The public "rate our service" survey: no sign-in, works without JavaScript. */
export default async function SurveyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await getPublicLink(token);
  if (!link) notFound();
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <p className="mb-1 font-semibold text-ink-muted">
        {link.unitName}
        {link.departmentName && link.departmentName !== link.unitName ? ` · ${link.departmentName}` : ""}
      </p>
      <h1 className="mb-4 text-3xl font-bold sm:text-4xl">Rate our service</h1>
      <SurveyForm token={link.token} submissionKey={randomUUID()} paused={link.paused} unitName={link.unitName} />
    </div>
  );
}
