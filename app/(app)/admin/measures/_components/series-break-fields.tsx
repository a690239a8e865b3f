"use client";

import { useState } from "react";
import { Input, Textarea } from "@/components/ui/input";
import { Checkbox } from "@/components/forms/checkbox";
import { breakMonthLabel, changesText, type SeriesBreakField } from "@/lib/measures/series-breaks";
import { Section } from "./choice-fields";

interface Props {
  /** The break fields the user has changed so far (seriesDefinitionChanges of the stored and the typed definition). */
  changed: readonly SeriesBreakField[];
  /** The month offered at first, "YYYY-MM" (the current month). */
  defaultMonth: string;
  err: (field: string) => string | undefined;
}

/**
 * "Record a break in the series from <month>", offered on the edit form once the definition, data
 * source, unit of measurement or scale differs from what is stored (and kept while ticked, so that
 * undoing the change shows why the break is then refused). Hidden, its month and reason are
 * disabled and not sent.
 */
export function SeriesBreakFields({ changed, defaultMonth, err }: Props) {
  const [ticked, setTicked] = useState(false);
  const [month, setMonth] = useState(defaultMonth);
  const hasError = Boolean(err("recordBreak") || err("breakFrom") || err("breakReason"));
  const offered = changed.length > 0 || ticked || hasError;
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <div hidden={!offered}>
      <Section
        legend="Break in the series"
        hint={
          <>
            {changed.length > 0 ? `You have changed the ${changesText(changed)}. ` : ""}
            If figures from a month on are not comparable with earlier ones, record a break: trends and control limits restart
            there, and comparisons across it say &ldquo;not comparable&rdquo;.
          </>
        }
      >
        <Checkbox
          name="recordBreak"
          label={`Record a break in the series from ${valid ? breakMonthLabel(`${month}-01`) : "the month below"}`}
          onChange={setTicked}
          error={err("recordBreak")}
        />
        <div hidden={!ticked} className="ml-3 border-l-4 border-line pl-6">
          <Input
            name="breakFrom"
            type="month"
            label="First month of the new series"
            hint="The first month whose figure follows the new definition, for example 2026-04."
            className="max-w-56"
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            disabled={!ticked}
            error={err("breakFrom")}
          />
          <Textarea
            name="breakReason"
            label="Why the figures are not comparable"
            hint="Shown with the break and kept in the audit log, for example: Counted from the new service desk tool, which logs calls by channel."
            rows={2}
            maxLength={500}
            disabled={!ticked}
            error={err("breakReason")}
          />
        </div>
      </Section>
    </div>
  );
}
