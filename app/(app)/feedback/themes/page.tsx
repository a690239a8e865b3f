import { format, parseISO, subMonths } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { MonthFiguresRow } from "@/components/feedback/month-figures-row";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { monthLabel } from "@/lib/entry/periods";
import { getMinResponses, listFeedbackUnits, listMonthSummaries, listThemeCounts } from "@/lib/feedback/queries";
import { changeText, surveyPeriod } from "@/lib/feedback/rules";
import { addTheme } from "../actions";
import { chosenMonth, MonthPicker } from "../_components/month-picker";
import { AddThemeForm } from "./add-theme-form";

export const metadata: Metadata = { title: "Customer feedback themes" };


const ARROWS = (current: number, previous: number) => (current > previous ? "↑" : current < previous ? "↓" : "→");

/**
 * What customers are telling us: the month's survey figures per service (last six months, low
 * samples flagged) and the top comment themes with their change on the month before and example
 * comments. SLT of the department, leads of their unit, administrators.
 */
export default async function FeedbackThemesPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const user = await requirePermission("feedback:enter");
  const units = await listFeedbackUnits(user, "feedback:enter");
  const latest = surveyPeriod(new Date());
  const month = chosenMonth((await searchParams).month, latest);
  const previous = format(subMonths(parseISO(month), 1), "yyyy-MM-dd");
  const from = format(subMonths(parseISO(month), 5), "yyyy-MM-dd");
  const ids = units.map((u) => u.id);
  const departments = [...new Map(units.map((u) => [u.departmentId, { id: u.departmentId, name: u.departmentName }])).values()];
  const manageable = departments.filter((d) => can(user, "feedback:manage", { unitId: d.id, departmentId: d.id, ancestorIds: [] }));
  const [summaries, themes, minimum] = await Promise.all([
    listMonthSummaries(ids, from, month),
    listThemeCounts(ids, departments.map((d) => d.id), month),
    getMinResponses(),
  ]);
  const tagged = themes.filter((t) => t.current > 0 || t.previous > 0);

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold">Customer feedback</h1>
        <p className="max-w-3xl text-lg">
          Survey figures by service, and the themes of customers&apos; comments. A month with fewer than {minimum} responses is
          marked as a low sample: read its figures with caution.
        </p>
        <p>
          <Link href={`/feedback/comments?month=${month.slice(0, 7)}`}>Review and tag {monthLabel(month)}&apos;s comments</Link> ·{" "}
          <Link href="/feedback/phone">Phone survey form</Link>
          {can(user, "feedback:manage") && (
            <>
              {" "}
              · <Link href="/admin/feedback">Survey links</Link>
            </>
          )}
        </p>
        <MonthPicker action="/feedback/themes" month={month} latest={latest} />
      </div>

      <Card title={`Top themes in ${monthLabel(month)}`} description={`Comments tagged with each theme, against ${monthLabel(previous)}.`}>
        {tagged.length === 0 ? (
          <p>No comments have been tagged in {monthLabel(month)} or the month before.</p>
        ) : (
          <Table caption={`Comments by theme, ${monthLabel(month)} against ${monthLabel(previous)}, most frequent first`} captionHidden>
            <THead>
              <tr>
                <Th>Theme</Th>
                <Th numeric>{monthLabel(month)}</Th>
                <Th numeric>{monthLabel(previous)}</Th>
                <Th>Change</Th>
              </tr>
            </THead>
            <TBody>
              {tagged.map((t) => (
                <Tr key={t.themeId}>
                  <Th scope="row">{t.name}</Th>
                  <Td numeric className="font-bold">
                    {t.current}
                  </Td>
                  <Td numeric>{t.previous}</Td>
                  <Td>
                    <span aria-hidden="true">{ARROWS(t.current, t.previous)} </span>
                    {changeText(t.current, t.previous)}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      {tagged.some((t) => t.examples.length > 0) && (
        <section aria-labelledby="examples-heading" className="space-y-4">
          <h2 id="examples-heading" className="text-2xl font-bold">
            Example comments, {monthLabel(month)}
          </h2>
          {tagged
            .filter((t) => t.examples.length > 0)
            .map((t) => (
              <div key={t.themeId} className="border border-line-soft bg-surface p-4">
                <h3 className="mb-2 text-lg font-bold">{t.name}</h3>
                <ul className="space-y-3">
                  {t.examples.map((e) => (
                    <li key={e.id} className="border-l-4 border-line pl-3">
                      <p>&ldquo;{e.comment}&rdquo;</p>
                      <p className="text-sm text-ink-muted">
                        {e.unit} · satisfaction {e.csat} of 5 · {format(parseISO(e.submittedAt), "d MMM yyyy")}
                      </p>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
        </section>
      )}

      <section aria-labelledby="figures-heading" className="space-y-4">
        <h2 id="figures-heading" className="text-2xl font-bold">
          Survey figures by month
        </h2>
        <p className="max-w-3xl text-ink-muted">
          CSAT: % of responses satisfied or very satisfied. CES: mean ease on 1 (very difficult) to 7 (very easy). CSI: % positive
          minus % negative, from −100 to +100.
        </p>
        {units.map((u) => (
          <div key={u.id} className="border border-line-soft bg-surface p-4 shadow-sm">
            <Table caption={`${u.name}: survey figures, newest first`}>
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
                {summaries
                  .filter((s) => s.unitId === u.id)
                  .reverse()
                  .map((s) => (
                    <MonthFiguresRow key={s.period} month={s} minimum={minimum} current={s.period === latest} />
                  ))}
              </TBody>
            </Table>
          </div>
        ))}
      </section>

      {manageable.length > 0 && (
        <Card title="Add a theme" description="Built-in themes: consistency of information, how the customer felt after the interaction, quality of service. Add your department's own.">
          <AddThemeForm action={addTheme} departments={manageable} />
        </Card>
      )}
    </div>
  );
}
