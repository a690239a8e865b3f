import { format, parseISO, subMonths } from "date-fns";
import { buttonClasses } from "@/components/ui/button";

/** A GET form choosing one of the last 12 months (works without JavaScript). */
export function MonthPicker({ action, month, latest }: { action: string; month: string; latest: string }) {
  const options = Array.from({ length: 12 }, (_, i) => format(subMonths(parseISO(latest), i), "yyyy-MM"));
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="month" className="mb-1 block font-bold">
          Month
        </label>
        <select id="month" name="month" defaultValue={month.slice(0, 7)} className="block min-h-11 border-2 border-ink bg-white px-2.5 py-2 text-base">
          {options.map((o) => (
            <option key={o} value={o}>
              {format(parseISO(`${o}-01`), "MMMM yyyy")}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses("secondary")}>
        Show
      </button>
    </form>
  );
}

/** The month asked for in the URL if it is one of the last 12, else the latest. */
export function chosenMonth(param: string | undefined, latest: string): string {
  if (!param || !/^\d{4}-(0[1-9]|1[0-2])$/.test(param)) return latest;
  const p = `${param}-01`;
  return p <= latest && p > format(subMonths(parseISO(latest), 12), "yyyy-MM-dd") ? p : latest;
}
