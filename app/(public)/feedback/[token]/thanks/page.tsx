import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPublicLink } from "@/lib/feedback/queries";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Thank you for your feedback", robots: { index: false, follow: false } };

export default async function ThanksPage({ params }: { params: Promise<{ token: string }> }) {
  const link = await getPublicLink((await params).token);
  if (!link) notFound();
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="mb-8 bg-success p-6 text-white">
        <h1 className="text-3xl font-bold sm:text-4xl">Thank you for your feedback</h1>
        <p className="mt-3 text-lg">Your answers have been sent to {link.unitName}.</p>
      </div>
      <h2 className="mb-2 text-xl font-bold">What happens next</h2>
      <p className="mb-3 text-lg">
        We read every comment. Your answers count towards this month&apos;s customer satisfaction, ease and sentiment
        figures, which we publish in our quarterly performance reports.
      </p>
      <p className="mb-3 text-lg">You can now close this page.</p>
      <p className="text-lg">
        <Link href="/reports">Read our published performance reports</Link>
      </p>
    </div>
  );
}
