import { format, parseISO, subMonths } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { MonthFiguresRow } from "@/components/feedback/month-figures-row";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TBody, Th, THead } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { countHeldResponses, getMinResponses, listFeedbackUnits, listLinks, listMonthSummaries } from "@/lib/feedback/queries";
import { surveyPeriod } from "@/lib/feedback/rules";
import { METRIC_NAMES } from "@/lib/feedback/scales";
import { buttonSnippet, linkSnippet, surveyUrl } from "@/lib/feedback/snippet";
import { createFeedbackLink, setFeedbackLinkPaused } from "./actions";
import { CreateLinkForm, PauseForm } from "./link-controls";

export const metadata: Metadata = { title: "Customer survey links" };

/** Survey links per service (ADMIN, and SLT of the department): the public link, the email-signature snippet, pause/resume. */
export default async function FeedbackLinksPage() {
  const user = await requirePermission("feedback:manage");
  const units = await listFeedbackUnits(user, "feedback:manage");
  const thisMonth = surveyPeriod(new Date());
  const lastMonth = format(subMonths(parseISO(thisMonth), 1), "yyyy-MM-dd");
  const ids = units.map((u) => u.id);
  const moderates = can(user, "feedback:moderate");
  const [links, summaries, minimum, base, held] = await Promise.all([
    listLinks(ids),
    listMonthSummaries(ids, lastMonth, thisMonth),
    getMinResponses(),
    Promise.resolve(publicBaseUrl()),
    moderates ? countHeldResponses(ids) : Promise.resolve(0),
  ]);
  const linkOf = new Map(links.map((l) => [l.unitId, l]));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">Customer survey links</h1>
        <p className="mt-2 max-w-3xl text-lg">
          Each service has its own &ldquo;rate our service&rdquo; link. Paste the button into email signatures; responses
          become the month&apos;s satisfaction (CSAT), effort (CES) and sentiment (CSI) figures of the service&apos;s survey
          measures. A month with fewer than {minimum} responses is marked as a low sample.
        </p>
        <p className="mt-2 max-w-3xl">
          The open link suits email signatures; responses through it that arrive faster than usual are held for moderation,
          out of the figures, until an administrator accepts them. For a reply to one case, call or email, send a single-use
          link instead: it takes one response, which counts as verified.
        </p>
        <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <Link href="/admin/feedback/issue">Create single-use survey links</Link>
          </li>
          {moderates && (
            <li>
              <Link href="/admin/feedback/moderation">
                Moderation queue ({held.toLocaleString("en-GB")} held {held === 1 ? "response" : "responses"})
              </Link>
            </li>
          )}
          <li>
            <Link href="/feedback/themes">Feedback themes and monthly figures</Link>
          </li>
          <li>
            <Link href="/feedback/phone">Phone survey form</Link>
          </li>
        </ul>
      </div>
      {units.length === 0 && <p>There are no services you can manage survey links for.</p>}
      {units.map((u) => {
        const row = linkOf.get(u.id);
        const link = row?.link ?? null;
        const url = link ? surveyUrl(base, link.token) : null;
        const months = summaries.filter((s) => s.unitId === u.id).reverse();
        return (
          <section key={u.id} aria-labelledby={`unit-${u.id}`} className="rounded-md border border-line-soft bg-surface p-5 shadow-sm sm:p-6">
            <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
              <h2 id={`unit-${u.id}`} className="text-xl font-bold">
                {u.name} ({u.departmentName})
              </h2>
              {link ? (
                link.paused ? (
                  <Badge tone="warning">
                    <span aria-hidden="true">❚❚</span> Paused
                  </Badge>
                ) : (
                  <Badge tone="success">
                    <span aria-hidden="true">●</span> Taking responses
                  </Badge>
                )
              ) : (
                <Badge>No link yet</Badge>
              )}
            </div>
            {!link || !url ? (
              <CreateLinkForm action={createFeedbackLink} unitId={u.id} unitName={u.name} />
            ) : (
              <div className="space-y-5">
                <p>
                  Public link: <a href={url} className="break-all">{url}</a>
                </p>
                <Table caption={`${u.name}: survey figures this month and last`}>
                  <THead>
                    <tr>
                      <Th>Month</Th>
                      <Th numeric>Responses</Th>
                      <Th numeric>CSAT</Th>
                      <Th numeric>CES</Th>
                      <Th numeric>CSI</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {months.map((m) => (
                      <MonthFiguresRow key={m.period} month={m} minimum={minimum} current={m.period === thisMonth} />
                    ))}
                  </TBody>
                </Table>
                <p className="text-ink-muted">
                  {row && row.measures.length > 0
                    ? `Feeds the measures ${row.measures.map((m) => `${m.code} (${METRIC_NAMES[m.metric]})`).join(", ")}.`
                    : "No measure of this service is fed by the survey: responses are collected and shown here and on the themes page only."}
                </p>
                <div>
                  <label htmlFor={`button-${u.id}`} className="mb-1 block font-bold">
                    Button for email signatures (HTML)
                  </label>
                  <p id={`button-${u.id}-hint`} className="mb-2 text-ink-muted">
                    Paste into the signature editor&apos;s HTML or source view. It looks like this:
                  </p>
                  {/* Our own markup, built from a checked token and escaped URL (lib/feedback/snippet.ts). */}
                  <div className="mb-2 border border-line-soft bg-white p-3" dangerouslySetInnerHTML={{ __html: buttonSnippet(url) }} />
                  <textarea
                    id={`button-${u.id}`}
                    readOnly
                    rows={4}
                    aria-describedby={`button-${u.id}-hint`}
                    value={buttonSnippet(url)}
                    className="block w-full border-2 border-ink bg-white p-2 font-mono text-sm"
                  />
                  <div className="mt-2">
                    <CopyButton targetId={`button-${u.id}`} label="Copy the button HTML" />
                  </div>
                </div>
                <div>
                  <label htmlFor={`link-${u.id}`} className="mb-1 block font-bold">
                    Text link (HTML)
                  </label>
                  <textarea id={`link-${u.id}`} readOnly rows={2} value={linkSnippet(url)} className="block w-full border-2 border-ink bg-white p-2 font-mono text-sm" />
                  <div className="mt-2">
                    <CopyButton targetId={`link-${u.id}`} label="Copy the text link" />
                  </div>
                </div>
                <PauseForm action={setFeedbackLinkPaused} linkId={link.id} version={link.version} paused={link.paused} unitName={u.name} />
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
