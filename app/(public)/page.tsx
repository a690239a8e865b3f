import type { Metadata } from "next";
import { StatusBadge, type MeasureStatus } from "@/components/measures/status-badge";
import { ButtonLink } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = {
  title: { absolute: "Baseline · Government performance" },
};

const FEATURES = [
  {
    title: "Record monthly figures",
    body: "Department leads enter each KPI’s figure every month with a short commentary, and keep Government Plan initiatives, milestones and risks up to date.",
    icon: "M4 19h16M7 15v-4M12 15V7M17 15v-6",
  },
  {
    title: "Review what needs attention",
    body: "The Senior Leadership Team sees what is off target, late or risky in one place, and works through it at its monthly performance meeting.",
    icon: "M12 4l9 15H3zM12 10v4M12 16.5v.5",
  },
  {
    title: "Publish quarterly reports",
    body: "Approved quarterly reports are published for the Public Accounts Committee and the public to read, with any later correction shown openly.",
    icon: "M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6",
  },
] as const;

/** Example rows for the illustration: statuses only, no figures, so nothing reads as real performance. */
const EXAMPLE: { measure: string; status: MeasureStatus }[] = [
  { measure: "Network service average uptime", status: "on_target" },
  { measure: "Customer satisfaction (CSAT)", status: "within_tolerance" },
  { measure: "Working days lost to sickness absence per FTE", status: "off_target" },
  { measure: "Organisations engaging with cluster groups", status: "no_target" },
  { measure: "Calls answered", status: "no_data" },
];

export default async function HomePage() {
  const user = await getCurrentUser();

  return (
    <>
      <section aria-labelledby="hero-title" className="border-b border-line-soft bg-white">
        <div className="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 sm:py-16 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)] lg:items-center">
          <div>
            <p className="mb-3 font-semibold tracking-wide text-accent uppercase">Government of Jersey</p>
            <h1 id="hero-title" className="mb-5 text-4xl font-bold tracking-tight text-navy sm:text-5xl">
              Performance you can follow, month by month
            </h1>
            <p className="prose-width mb-4 text-xl leading-relaxed">
              Baseline is where departments record their monthly KPI figures with commentary and keep their Government Plan
              initiatives, milestones and risks up to date.
            </p>
            <p className="prose-width mb-8 text-lg text-ink-muted">
              The Senior Leadership Team reviews what is off target, late or risky at its monthly meeting. The Public Accounts
              Committee and the public read the published quarterly performance reports — no account needed.
            </p>
            <div className="flex flex-wrap gap-3">
              {user ? (
                <ButtonLink href="/dashboard" size="lg" className="w-full sm:w-auto">
                  Go to your dashboard
                </ButtonLink>
              ) : (
                <ButtonLink href="/login" size="lg" className="w-full sm:w-auto">
                  Sign in
                </ButtonLink>
              )}
              <ButtonLink href="/reports" variant="secondary" size="lg" className="w-full sm:w-auto">
                Read published reports
              </ButtonLink>
            </div>
            {!user && <p className="mt-4 text-sm text-ink-muted">Sign-in is for Government of Jersey staff with a Baseline account.</p>}
          </div>

          <figure className="rounded-md border border-line-soft bg-canvas p-5 shadow-sm sm:p-6">
            <figcaption className="mb-4">
              <span className="block text-sm font-semibold tracking-wide text-ink-muted uppercase">Example</span>
              <span className="block text-lg font-bold text-navy">How a month’s measures look at a glance</span>
            </figcaption>
            <ul className="divide-y divide-line-soft rounded-sm border border-line-soft bg-white">
              {EXAMPLE.map((row) => (
                <li key={row.measure} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1.5 px-4 py-3">
                  <span className="min-w-0 flex-1 basis-40 text-[0.9375rem]">{row.measure}</span>
                  <StatusBadge status={row.status} />
                </li>
              ))}
            </ul>
            <p className="mt-3 text-sm text-ink-muted">
              Illustration only. Every status is shown with a word and a shape, not by colour alone.
            </p>
          </figure>
        </div>
      </section>

      <section aria-labelledby="features-title" className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
        <h2 id="features-title" className="mb-8 text-2xl font-bold text-navy sm:text-3xl">
          One place for the whole performance cycle
        </h2>
        <ol className="grid gap-6 md:grid-cols-3">
          {FEATURES.map((f, i) => (
            <li key={f.title} className="flex flex-col rounded-md border border-line-soft border-t-4 border-t-accent bg-white p-6 shadow-sm">
              <div className="mb-4 flex items-center gap-3">
                <span className="flex size-11 shrink-0 items-center justify-center rounded-full bg-accent-soft text-accent-dark">
                  <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
                    <path d={f.icon} />
                  </svg>
                </span>
                <span className="text-sm font-semibold text-ink-muted">Step {i + 1}</span>
              </div>
              <h3 className="mb-2 text-xl font-bold">{f.title}</h3>
              <p>{f.body}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
