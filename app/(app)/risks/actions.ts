"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as edit from "@/lib/risks/edit";
import * as escalation from "@/lib/risks/escalation";
import * as mitigations from "@/lib/risks/mitigations";
import * as review from "@/lib/risks/review";
import {
  addMitigationInput,
  completeMitigationInput,
  createRiskInput,
  deescalateRiskInput,
  escalateRiskInput,
  reviewRiskInput,
  updateMitigationInput,
  updateRiskInput,
} from "@/lib/validation/risk";

function revalidate(id?: number) {
  revalidatePath("/risks", "layout");
  if (id !== undefined) revalidatePath(`/risks/${id}`);
  // The monthly review pack lists the risks above appetite.
  revalidatePath("/reviews", "layout");
}

export const createRisk = action({ name: "createRisk", schema: createRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const result = await edit.createRisk(actor, input);
  revalidate();
  return result;
});

export const updateRisk = action({ name: "updateRisk", schema: updateRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const result = await edit.updateRisk(actor, input);
  revalidate(input.id);
  return result;
});

/** The owner's monthly review (rating history, residual rating, date last reviewed). */
export const reviewRisk = action({ name: "reviewRisk", schema: reviewRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const result = await review.reviewRisk(actor, input);
  revalidate(input.id);
  return result;
});

export const escalateRisk = action({ name: "escalateRisk", schema: escalateRiskInput, permission: "risk:escalate" }, async (input, actor) => {
  const result = await escalation.escalateRisk(actor, input);
  revalidate(input.id);
  return result;
});

export const deescalateRisk = action({ name: "deescalateRisk", schema: deescalateRiskInput, permission: "risk:escalate" }, async (input, actor) => {
  const result = await escalation.deescalateRisk(actor, input);
  revalidate(input.id);
  return result;
});

export const addRiskMitigation = action({ name: "addRiskMitigation", schema: addMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const result = await mitigations.addRiskMitigation(actor, input);
  revalidate(input.riskId);
  return result;
});

export const updateRiskMitigation = action({ name: "updateRiskMitigation", schema: updateMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const { riskId, ...result } = await mitigations.updateRiskMitigation(actor, input);
  revalidate(riskId);
  return result;
});

export const completeRiskMitigation = action({ name: "completeRiskMitigation", schema: completeMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const { riskId, ...result } = await mitigations.completeRiskMitigation(actor, input);
  revalidate(riskId);
  return result;
});
