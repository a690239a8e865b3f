import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { monthLabel } from "@/lib/entry/periods";
import { requirePermission } from "@/lib/auth/current-user";
import { COMMENTS_PAGE_SIZE, listComments, listFeedbackUnits, listThemes } from "@/lib/feedback/queries";
import { surveyPeriod } from "@/lib/feedback/rules";
import { CHANNEL_LABELS, QUESTIONS } from "@/lib/feedback/scales";
import { tagComment } from "../actions";
import { chosenMonth, MonthPicker } from "../_components/month-picker";
import { TagForm } from "./tag-form";

export const metadata: Metadata = { title: "Customer comments" };

const words = (i: number, v: number) => QUESTIONS[i]!.points.find(([n]) => n === v)?.[1] ?? String(v);

/** A month's comments, untagged first, each with its theme checkboxes (SLT of the department, leads of their unit). */
export default async function FeedbackCommentsPage({ searchParams }: { searchParams: Promise<{ month?: string; page?: string }> }) {
  const user = await requirePermission("feedback:enter");
  const params = await searchParams;
  const units = await listFeedbackUnits(user, "feedback:enter");
  const latest = surveyPeriod(new Date());
  const month = chosenMonth(params.month, latest);
  const page = Math.max(1, Math.min(1000, Number.parseInt(params.page ?? "1", 10) || 1));
  const departmentIds = [...new Set(units.map((u) => u.departmentId))];
  const [{ rows, total, untagged }, themes] = await Promise.all([listComments(units, month, page), listThemes(departmentIds)]);
  const pages = Math.max(1, Math.ceil(total / COMMENTS_PAGE_SIZE));
  const pageLink = (p: number) => `/feedback/comments?month=${month.slice(0, 7)}&page=${p}`;

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold">Customer comments</h1>
        <p className="max-w-3xl text-lg">
          Tag each comment with the themes it raises; the <Link href={`/feedback/themes?month=${month.slice(0, 7)}`}>themes page</Link> counts
          them month by month. Personal details were removed before the comments were stored.
        </p>
        <MonthPicker action="/feedback/comments" month={month} latest={latest} />
        <p className="font-semibold">
          {total === 0 ? `No comments in ${monthLabel(month)}.` : `${monthLabel(month)}: ${total} comments, ${untagged} not tagged yet. Untagged comments come first.`}
        </p>
      </div>
      <ol className="space-y-4">
        {rows.map((r) => (
          <li key={r.id} className="border border-line-soft bg-surface p-4 shadow-sm">
            <p className="mb-1 text-sm text-ink-muted">
              {r.unit} · {format(parseISO(r.submittedAt), "d MMM yyyy, HH:mm")} · {r.source === "phone" ? "phone survey" : "survey link"}
              {r.channel ? ` · contacted us ${CHANNEL_LABELS[r.channel].toLowerCase()}` : ""}
            </p>
            <blockquote className="mb-2 text-lg">&ldquo;{r.comment}&rdquo;</blockquote>
            <p className="mb-3 text-sm">
              Satisfaction: {words(0, r.csat)} ({r.csat} of 5) · Ease: {words(1, r.ces)} ({r.ces} of 7) · Feeling: {words(2, r.csi)} ({r.csi} of 5)
            </p>
            <TagForm
              action={tagComment}
              responseId={r.id}
              themes={themes.filter((t) => t.departmentId === null || t.departmentId === r.departmentId)}
              selected={r.themeIds}
              excerpt={r.comment.length > 60 ? `${r.comment.slice(0, 60)}…` : r.comment}
            />
          </li>
        ))}
      </ol>
      {pages > 1 && (
        <nav aria-label="Pages of comments" className="flex flex-wrap gap-4">
          {page > 1 && <Link href={pageLink(page - 1)}>Previous page</Link>}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && <Link href={pageLink(page + 1)}>Next page</Link>}
        </nav>
      )}
    </div>
  );
}
