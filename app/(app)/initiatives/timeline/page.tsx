import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MilestoneStateKey } from "@/components/initiatives/milestone-state-badge";
import { TimelineGrid } from "@/components/initiatives/timeline-grid";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requireUser } from "@/lib/auth/current-user";
import { log } from "@/lib/log";
import { getViewableDepartment } from "@/lib/measures/department";
import { getTimeline } from "@/lib/initiatives/queries";
import { listViewableDepartments } from "@/lib/org/queries";
import styles from "./print.module.css";

export const metadata: Metadata = { title: "Initiatives timeline" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function TimelinePage({ searchParams }: { searchParams: Promise<Search> }) {
  const [query, user] = await Promise.all([searchParams, requireUser()]);
  const today = format(new Date(), "yyyy-MM-dd");
  const thisYear = Number(today.slice(0, 4));
  // One department at a time; the select holds one option per department, read without their units.
  const departments = await listViewableDepartments(user);
  const asked = one(query.department) || (departments.find((d) => d.id === user.departmentId) ?? departments[0])?.slug || "";
  const department = await getViewableDepartment(user, asked);
  if (!department) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/initiatives/timeline?department=${asked}` });
    notFound();
  }
  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  const askedYear = Number(one(query.year));
  const year = years.includes(askedYear) ? askedYear : thisYear;
  const initiatives = await getTimeline(department.id, year);

  return (
    <div className={`${styles.timeline} space-y-8`}>
      <div className="space-y-3">
        <p data-print="hide">
          <Link href={`/initiatives?department=${department.slug}`}>List of initiatives</Link>
        </p>
        <h1 className="text-3xl font-bold">
          {department.name}: initiatives timeline, {year}
        </h1>
        <p className="max-w-3xl text-ink-muted">
          Each initiative&apos;s milestones in the month they were achieved, or are forecast (or planned) to be, as of{" "}
          {format(new Date(), "d MMMM yyyy")}. The number is the day of the month. The same milestones are listed as a table below.
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3" aria-label="Choose department and year" data-print="hide">
        {departments.length > 1 && (
          <Select name="department" label="Department" defaultValue={department.slug} fieldClassName="mb-0">
            {departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </Select>
        )}
        {departments.length <= 1 && <input type="hidden" name="department" value={department.slug} />}
        <Select name="year" label="Year" defaultValue={String(year)} fieldClassName="mb-0" className="min-w-28">
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          Show timeline
        </Button>
      </form>

      <MilestoneStateKey />

      {initiatives.length === 0 ? <p>This department has no initiatives.</p> : <TimelineGrid initiatives={initiatives} year={year} today={today} />}
    </div>
  );
}
