import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createUserInput, updateUserInput } from "@/lib/validation/user";

/** Field errors keyed by input name, as the action wrapper builds them from safeParse. */
function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

/** What a submitted form looks like once read from FormData: every value a string. */
function form(fields: Record<string, string>): Record<string, FormDataEntryValue> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return Object.fromEntries(fd.entries());
}

const validCreate = {
  email: "casey.le-sueur@gov.je",
  name: "Casey Le Sueur",
  password: "correct horse battery",
  role: "LEAD",
  unitId: "4",
};

describe("createUserInput", () => {
  it("accepts a complete form and coerces its strings", () => {
    const parsed = createUserInput.parse(form(validCreate));
    expect(parsed).toEqual({ email: "casey.le-sueur@gov.je", name: "Casey Le Sueur", password: "correct horse battery", role: "LEAD", unitId: 4 });
  });

  it("trims and lower-cases the email and trims the name", () => {
    const parsed = createUserInput.parse(form({ ...validCreate, email: "  Casey.Le-Sueur@GOV.JE ", name: "  Casey  " }));
    expect(parsed.email).toBe("casey.le-sueur@gov.je");
    expect(parsed.name).toBe("Casey");
  });

  it("reads an empty unit select as no unit", () => {
    const parsed = createUserInput.parse(form({ ...validCreate, role: "VIEWER", unitId: "" }));
    expect(parsed.unitId).toBeNull();
    expect(createUserInput.parse({ ...validCreate, role: "ADMIN", unitId: undefined }).unitId).toBeNull();
  });

  it("rejects a malformed email on the email field", () => {
    const r = createUserInput.safeParse(form({ ...validCreate, email: "casey@" }));
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toEqual({ email: ["Enter an email address like name@gov.je"] });
  });

  it("rejects a password shorter than 12 characters, and accepts exactly 12", () => {
    const short = createUserInput.safeParse(form({ ...validCreate, password: "elevenchars" }));
    expect(short.success).toBe(false);
    expect(fieldErrors(short.error!)).toEqual({ password: ["Use at least 12 characters"] });
    expect(createUserInput.safeParse(form({ ...validCreate, password: "twelve chars" })).success).toBe(true);
  });

  it("rejects a one-letter name", () => {
    const r = createUserInput.safeParse(form({ ...validCreate, name: " C " }));
    expect(fieldErrors(r.error!)).toEqual({ name: ["Enter the person's name"] });
  });

  it("rejects an unknown role", () => {
    const r = createUserInput.safeParse(form({ ...validCreate, role: "SUPERUSER" }));
    expect(fieldErrors(r.error!)).toEqual({ role: ["Choose a role"] });
  });

  it("requires a department for an SLT member", () => {
    const r = createUserInput.safeParse(form({ ...validCreate, role: "SLT", unitId: "" }));
    expect(fieldErrors(r.error!)).toEqual({ unitId: ["Choose the department this person leads"] });
  });

  it("requires a unit for a lead", () => {
    const r = createUserInput.safeParse(form({ ...validCreate, role: "LEAD", unitId: "" }));
    expect(fieldErrors(r.error!)).toEqual({ unitId: ["Choose the unit this lead works for"] });
  });

  it.each(["abc", "0", "-3", "2.5"])("rejects the unit id %j", (unitId) => {
    const r = createUserInput.safeParse(form({ ...validCreate, unitId }));
    expect(r.success).toBe(false);
    expect(Object.keys(fieldErrors(r.error!))).toEqual(["unitId"]);
  });

  it("reports every bad field at once", () => {
    const r = createUserInput.safeParse(form({ email: "nope", name: "", password: "short", role: "LEAD", unitId: "" }));
    expect(Object.keys(fieldErrors(r.error!)).sort()).toEqual(["email", "name", "password", "unitId"]);
  });
});

const validUpdate = { id: "12", version: "3", role: "SLT", unitId: "1", active: "on", reason: "  Promoted to SLT  " };

describe("updateUserInput", () => {
  it("coerces ids and versions from strings and trims the reason", () => {
    expect(updateUserInput.parse(form(validUpdate))).toEqual({ id: 12, version: 3, role: "SLT", unitId: 1, active: true, reason: "Promoted to SLT" });
  });

  it('reads a ticked checkbox ("on") as active and an absent one as disabled', () => {
    expect(updateUserInput.parse(form(validUpdate)).active).toBe(true);
    const { active: _unticked, ...withoutActive } = validUpdate;
    void _unticked;
    expect(updateUserInput.parse(form(withoutActive)).active).toBe(false);
  });

  it.each([
    ["on", true],
    ["true", true],
    [true, true],
    ["off", false],
    ["false", false],
    ["", false],
    [false, false],
  ] as const)("active %j → %s", (active, expected) => {
    expect(updateUserInput.parse({ ...validUpdate, active }).active).toBe(expected);
  });

  it("defaults a missing reason to an empty string", () => {
    const { reason: _none, ...withoutReason } = validUpdate;
    void _none;
    expect(updateUserInput.parse(form(withoutReason)).reason).toBe("");
  });

  it("rejects a reason longer than 500 characters", () => {
    const r = updateUserInput.safeParse(form({ ...validUpdate, reason: "x".repeat(501) }));
    expect(Object.keys(fieldErrors(r.error!))).toEqual(["reason"]);
  });

  it("requires a positive id and version", () => {
    const r = updateUserInput.safeParse(form({ ...validUpdate, id: "", version: "0" }));
    expect(r.success).toBe(false);
    expect(Object.keys(fieldErrors(r.error!)).sort()).toEqual(["id", "version"]);
  });

  it("requires a unit for SLT and LEAD but not for ADMIN or VIEWER", () => {
    expect(fieldErrors(updateUserInput.safeParse(form({ ...validUpdate, role: "LEAD", unitId: "" })).error!)).toEqual({
      unitId: ["Choose the unit this lead works for"],
    });
    expect(fieldErrors(updateUserInput.safeParse(form({ ...validUpdate, role: "SLT", unitId: "" })).error!)).toEqual({
      unitId: ["Choose the department this person leads"],
    });
    expect(updateUserInput.parse(form({ ...validUpdate, role: "VIEWER", unitId: "" })).unitId).toBeNull();
    expect(updateUserInput.parse(form({ ...validUpdate, role: "ADMIN", unitId: "" })).unitId).toBeNull();
  });
});
