import { describe, expect, it } from "vitest";
import { addMitigationInput, createRiskInput, escalateRiskInput, reviewRiskInput, riskBandsInput } from "@/lib/validation/risk";

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

const newRisk = {
  unitId: "3",
  title: "Supplier failure",
  cause: "A single supplier for the service desk.",
  event: "The supplier stops trading.",
  impact: "Service desk unavailable.",
  category: "Operational",
  ownerName: "Director of M&D",
  inherentLikelihood: "4",
  inherentImpact: "4",
  residualLikelihood: "2",
  residualImpact: "4",
  appetiteScore: "6",
};

describe("risk inputs", () => {
  it("accepts a well-formed risk, turning the form's text into numbers", () => {
    const r = createRiskInput.safeParse(newRisk);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ unitId: 3, inherentLikelihood: 4, residualImpact: 4, appetiteScore: 6 });
  });

  it("says which rating is outside 1–5", () => {
    const r = createRiskInput.safeParse({ ...newRisk, inherentLikelihood: "6", residualImpact: "0" });
    expect(messages(r)).toEqual({
      inherentLikelihood: "Inherent likelihood outside 1–5: choose a whole number from 1 to 5",
      residualImpact: "Residual impact outside 1–5: choose a whole number from 1 to 5",
    });
    expect(messages(createRiskInput.safeParse({ ...newRisk, inherentImpact: "2.5" })).inherentImpact).toMatch(/outside 1–5/);
    expect(messages(createRiskInput.safeParse({ ...newRisk, inherentImpact: "" })).inherentImpact).toBe("Choose the inherent impact, from 1 to 5");
  });

  it("refuses an appetite outside 1–25 and a residual score above the inherent one", () => {
    expect(messages(createRiskInput.safeParse({ ...newRisk, appetiteScore: "30" })).appetiteScore).toMatch(/Appetite outside 1–25/);
    expect(messages(createRiskInput.safeParse({ ...newRisk, residualLikelihood: "5", residualImpact: "5" })).residualImpact).toMatch(/cannot be above the inherent/);
  });

  it("needs the cause, event and impact", () => {
    const r = createRiskInput.safeParse({ ...newRisk, cause: " ", event: "", impact: undefined });
    expect(Object.keys(messages(r)).sort()).toEqual(["cause", "event", "impact"]);
  });

  it("a review needs a 1–5 rating and a note", () => {
    const ok = reviewRiskInput.safeParse({ id: "1", version: "2", residualLikelihood: "3", residualImpact: "4", note: "Confirmed." });
    expect(ok.success).toBe(true);
    const bad = reviewRiskInput.safeParse({ id: "1", version: "2", residualLikelihood: "6", residualImpact: "4", note: "" });
    expect(messages(bad)).toEqual({
      residualLikelihood: "Likelihood outside 1–5: choose a whole number from 1 to 5",
      note: "Add a note: what the review found, or why the rating changed",
    });
  });

  it("escalation needs a note", () => {
    expect(escalateRiskInput.safeParse({ id: "1", version: "1", note: "" }).success).toBe(false);
    expect(escalateRiskInput.safeParse({ id: "1", version: "1", note: "Needs ELT funding decision." }).success).toBe(true);
  });

  it("a mitigating action needs a due date; a control does not", () => {
    const base = { riskId: "1", description: "Quarterly supplier review", ownerName: "Head of Commercial", status: "planned", dueDate: "" };
    expect(messages(addMitigationInput.safeParse({ ...base, kind: "action" }))).toEqual({ dueDate: "A mitigating action needs a due date" });
    expect(addMitigationInput.safeParse({ ...base, kind: "control" }).success).toBe(true);
    expect(messages(addMitigationInput.safeParse({ ...base, kind: "action", dueDate: "2026-02-30" })).dueDate).toMatch(/real date/);
  });

  it("the bands form reads text and keeps the setting's rules", () => {
    expect(riskBandsInput.safeParse({ mediumFrom: "4", highFrom: "8", veryHighFrom: "15", reason: "" }).data).toEqual({ mediumFrom: 4, highFrom: 8, veryHighFrom: 15, reason: "" });
    expect(messages(riskBandsInput.safeParse({ mediumFrom: "8", highFrom: "8", veryHighFrom: "15" }))).toEqual({ highFrom: "High must start above Medium" });
    expect(messages(riskBandsInput.safeParse({ mediumFrom: "", highFrom: "8", veryHighFrom: "15" })).mediumFrom).toBe("Medium from: enter a whole number from 2 to 25");
  });
});
