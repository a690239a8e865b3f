import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  canMoveTo,
  countWords,
  daysLate,
  implementedOnAfter,
  isDueSoon,
  isOverdue,
  needsEvidence,
  nextStatuses,
  RECOMMENDATION_STATUSES,
  statusChangeErrors,
  type RecommendationStatus,
} from "@/lib/recommendations/rules";
import { addProgressUpdateInput, createRecommendationInput, filterParams, parseFilters, updateRecommendationInput } from "@/lib/validation/recommendation";

const today = "2026-11-23";
const status = fc.constantFrom(...RECOMMENDATION_STATUSES);
const isoDay = fc.integer({ min: -2000, max: 2000 }).map((n) => addDays(today, n));

describe("addDays and daysLate", () => {
  it("cross month, year and leap-day boundaries", () => {
    expect(addDays("2026-11-23", 30)).toBe("2026-12-23");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysLate("2026-10-31", today)).toBe(23);
  });
  it("are inverse", () => {
    fc.assert(fc.property(fc.integer({ min: -5000, max: 5000 }), (n) => daysLate(today, addDays(today, n)) === n));
  });
});

describe("isOverdue", () => {
  it("is overdue when open or in progress and the target date has passed", () => {
    expect(isOverdue({ status: "open", targetDate: "2026-11-22" }, today)).toBe(true);
    expect(isOverdue({ status: "in_progress", targetDate: "2021-03-31" }, today)).toBe(true);
  });
  it("is not overdue on the target day itself, without a target date, or once finished", () => {
    expect(isOverdue({ status: "open", targetDate: today }, today)).toBe(false);
    expect(isOverdue({ status: "open", targetDate: null }, today)).toBe(false);
    for (const s of ["implemented", "closed", "superseded"] as const) expect(isOverdue({ status: s, targetDate: "2020-01-01" }, today)).toBe(false);
  });
});

describe("isDueSoon", () => {
  it("covers today to 30 days ahead, inclusive, for open and in-progress recommendations", () => {
    expect(isDueSoon({ status: "open", targetDate: today }, today)).toBe(true);
    expect(isDueSoon({ status: "in_progress", targetDate: "2026-12-23" }, today)).toBe(true);
    expect(isDueSoon({ status: "in_progress", targetDate: "2026-12-24" }, today)).toBe(false);
    expect(isDueSoon({ status: "open", targetDate: "2026-11-22" }, today)).toBe(false);
    expect(isDueSoon({ status: "implemented", targetDate: "2026-12-01" }, today)).toBe(false);
    expect(isDueSoon({ status: "open", targetDate: null }, today)).toBe(false);
  });
  it("is never true together with overdue", () => {
    fc.assert(
      fc.property(status, fc.option(isoDay, { nil: null }), (s, targetDate) => !(isOverdue({ status: s, targetDate }, today) && isDueSoon({ status: s, targetDate }, today))),
    );
  });
});

describe("status transitions", () => {
  it("allows work to start, finish or be overtaken, and finished ones only to be reopened", () => {
    expect(nextStatuses("open")).toEqual(["in_progress", "implemented", "closed", "superseded"]);
    expect(canMoveTo("implemented", "closed")).toBe(true);
    expect(canMoveTo("implemented", "open")).toBe(false);
    expect(canMoveTo("closed", "implemented")).toBe(false);
    expect(canMoveTo("closed", "in_progress")).toBe(true);
    expect(canMoveTo("superseded", "closed")).toBe(false);
  });
  it("always allows staying put (a note only), and never lists the current status as a next one", () => {
    fc.assert(fc.property(status, (s) => canMoveTo(s, s) && !nextStatuses(s).includes(s)));
  });
});

describe("completion needs evidence", () => {
  const change = (to: RecommendationStatus, extra: Partial<Parameters<typeof statusChangeErrors>[0]> = {}) =>
    statusChangeErrors({ from: "in_progress", to, acceptance: "accepted", completionEvidence: null, implementedOn: null, ...extra }, today);

  it("refuses implemented or closed without evidence, with a field error", () => {
    expect(change("implemented").completionEvidence?.[0]).toMatch(/what shows the recommendation is complete/);
    expect(change("closed").completionEvidence).toBeDefined();
    expect(change("implemented", { completionEvidence: "   " }).completionEvidence).toBeDefined();
  });
  it("accepts them with evidence, and other statuses without", () => {
    expect(change("implemented", { completionEvidence: "Report published" })).toEqual({});
    expect(change("superseded")).toEqual({});
    expect(change("open")).toEqual({});
  });
  it("lets a rejected recommendation close on its reasons, but never be implemented", () => {
    expect(needsEvidence("closed", "rejected")).toBe(false);
    expect(change("closed", { acceptance: "rejected" })).toEqual({});
    expect(change("implemented", { acceptance: "rejected", completionEvidence: "x" }).status).toBeDefined();
  });
  it("refuses a transition that is not allowed and a future implementation date", () => {
    expect(statusChangeErrors({ from: "closed", to: "implemented", acceptance: "accepted", completionEvidence: "x", implementedOn: null }, today).status).toBeDefined();
    expect(change("implemented", { completionEvidence: "x", implementedOn: "2026-11-24" }).implementedOn).toBeDefined();
    expect(change("implemented", { completionEvidence: "x", implementedOn: today })).toEqual({});
  });
  it("holds for every transition: implemented and closed (not rejected) are refused without evidence", () => {
    fc.assert(
      fc.property(status, status, fc.constantFrom("accepted" as const, "partially_accepted" as const, null), (from, to, acceptance) => {
        const errors = statusChangeErrors({ from, to, acceptance, completionEvidence: null, implementedOn: null }, today);
        return (to === "implemented" || to === "closed") === ("completionEvidence" in errors);
      }),
    );
  });
});

describe("implementedOnAfter", () => {
  it("dates an implementation today unless given, keeps it on closing, clears it on reopening", () => {
    expect(implementedOnAfter({ from: "in_progress", to: "implemented", given: null, stored: null }, today)).toBe(today);
    expect(implementedOnAfter({ from: "in_progress", to: "implemented", given: "2026-11-01", stored: null }, today)).toBe("2026-11-01");
    expect(implementedOnAfter({ from: "implemented", to: "closed", given: null, stored: "2026-10-01" }, today)).toBe("2026-10-01");
    expect(implementedOnAfter({ from: "implemented", to: "in_progress", given: null, stored: "2026-10-01" }, today)).toBeNull();
  });
});

describe("countWords", () => {
  it("says no, one or many", () => {
    expect(countWords(0, "overdue recommendation")).toBe("no overdue recommendations");
    expect(countWords(1, "overdue recommendation")).toBe("1 overdue recommendation");
    expect(countWords(12, "recommendation")).toBe("12 recommendations");
  });
});

describe("recommendation validation", () => {
  const valid = {
    ref: "pac-cls-08",
    source: "pac",
    reportTitle: "PAC follow-up",
    reportDate: "2021-05-19",
    unitId: "5",
    text: "Publish the quarterly report.",
    acceptance: "accepted",
    response: "",
    ownerName: "Director General",
    targetDate: "",
  };
  it("normalises the reference and empty optional fields", () => {
    const parsed = createRecommendationInput.parse(valid);
    expect(parsed).toMatchObject({ ref: "PAC-CLS-08", unitId: 5, response: null, targetDate: null });
  });
  it("refuses a rejection without its reason, on the response field", () => {
    const r = createRecommendationInput.safeParse({ ...valid, acceptance: "rejected" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["response"]);
    expect(updateRecommendationInput.safeParse({ ...valid, id: "1", version: "1", acceptance: "rejected", response: "Not proposed." }).success).toBe(true);
  });
  it("names each missing field", () => {
    const r = createRecommendationInput.safeParse({ ...valid, ref: "", source: "", text: "", ownerName: "", targetDate: "2026-02-30" });
    expect(new Set(r.error?.issues.map((i) => i.path.join(".")))).toEqual(new Set(["ref", "source", "text", "ownerName", "targetDate"]));
  });
  it("needs a note on a progress update, and evidence with it to mark it implemented", () => {
    const r = addProgressUpdateInput.safeParse({ id: "1", version: "2", note: " ", status: "in_progress" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["note"]);
    const both = addProgressUpdateInput.safeParse({ id: "1", version: "2", note: "", status: "implemented", completionEvidence: " " });
    expect(both.error?.issues.map((i) => i.path.join("."))).toEqual(["note", "completionEvidence"]);
    // Closing depends on the stored acceptance: the rules decide, not the schema.
    expect(addProgressUpdateInput.safeParse({ id: "1", version: "2", note: "Closed as rejected.", status: "closed", completionEvidence: "" }).success).toBe(true);
  });
  it("reads the page's filters, ignoring anything unknown", () => {
    const paging = { q: "", sort: "priority", dir: "asc", page: 1 };
    expect(parseFilters({ view: "overdue", department: "cls", source: "pac", status: "open" })).toEqual({ view: "overdue", department: "cls", source: "pac", status: "open", ...paging });
    expect(parseFilters({ view: "nope", department: "<script>", source: ["cag", "pac"], status: "done", sort: "b.id; --", dir: "up", page: "0" })).toEqual({
      view: "all",
      department: null,
      source: "cag",
      status: null,
      ...paging,
    });
    const f = parseFilters({ view: "active", q: " PAC-CLS ", sort: "target", dir: "desc", page: "2" });
    expect(f).toMatchObject({ q: "PAC-CLS", sort: "target", dir: "desc", page: 2 });
    // Written back without the page (Pagination adds it), read back the same.
    expect(parseFilters({ ...filterParams(f), page: "2" })).toEqual(f);
    expect(filterParams(parseFilters({}))).toEqual({});
  });
});
