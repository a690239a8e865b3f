import { describe, expect, it } from "vitest";
import { groupClaim, matchingRule, needsUserinfo, ssoEmail } from "@/lib/auth/sso-claims";
import { SSO_REFUSAL_CODES, SSO_REFUSALS, ssoRefusalMessage, ssoRefusalOfCode } from "@/lib/auth/sso-refusal";
import { ssoRoleMapping, ssoRoleMappingInput } from "@/lib/validation/sso";

const SUB = "a1b2c3";

describe("the email address read from a provider's claims", () => {
  it("takes the ID token's email (trimmed, lower case) and does not need userinfo", () => {
    const id = { sub: SUB, email: " Lead.MD@Baseline.test ", email_verified: true };
    expect(ssoEmail(id, null)).toEqual({ email: "lead.md@baseline.test", claim: "email", from: "id_token" });
    expect(needsUserinfo(id)).toBe(false);
  });

  it("reads userinfo's email when the ID token has none (the OpenID Connect default for the email scope)", () => {
    const id = { sub: SUB };
    expect(needsUserinfo(id)).toBe(true);
    expect(ssoEmail(id, null)).toBeNull();
    expect(ssoEmail(id, { sub: SUB, email: "lead.md@baseline.test", email_verified: true })).toEqual({ email: "lead.md@baseline.test", claim: "email", from: "userinfo" });
  });

  it("ignores a userinfo response about another subject", () => {
    expect(ssoEmail({ sub: SUB }, { sub: "someone-else", email: "admin@baseline.test" })).toBeNull();
  });

  it("Entra ID without the optional email claim: preferred_username when it is an address", () => {
    const id = { sub: SUB, tid: "tenant", oid: "object", name: "Jo Bloggs", preferred_username: "Jo.Bloggs@gov.je" };
    expect(needsUserinfo(id)).toBe(true);
    expect(ssoEmail(id, null)).toEqual({ email: "jo.bloggs@gov.je", claim: "preferred_username", from: "id_token" });
    // Entra ID's userinfo (Microsoft Graph) can carry the mail address: the email claim comes first.
    expect(ssoEmail(id, { sub: SUB, email: "jo.bloggs@jersey.gov.je" })).toEqual({ email: "jo.bloggs@jersey.gov.je", claim: "email", from: "userinfo" });
  });

  it("then upn, when preferred_username is not an address", () => {
    const id = { sub: SUB, preferred_username: "JBLOGGS", upn: "jbloggs@gov.je" };
    expect(ssoEmail(id, null)).toEqual({ email: "jbloggs@gov.je", claim: "upn", from: "id_token" });
    // upn only in userinfo
    expect(ssoEmail({ sub: SUB, preferred_username: "jbloggs" }, { sub: SUB, upn: "jbloggs@gov.je" })).toEqual({ email: "jbloggs@gov.je", claim: "upn", from: "userinfo" });
  });

  it("none of them an address: no email", () => {
    expect(ssoEmail({ sub: SUB, preferred_username: "jbloggs", upn: "jbloggs", name: "Jo Bloggs" }, { sub: SUB, name: "Jo" })).toBeNull();
    expect(ssoEmail({ sub: SUB, email: "not an address" }, null)).toBeNull();
    expect(ssoEmail({ sub: SUB, email: 42, preferred_username: ["a@b.example"] }, null)).toBeNull();
  });

  it("an email the provider marks unverified is not used; the next claim may be", () => {
    expect(ssoEmail({ sub: SUB, email: "admin@baseline.test", email_verified: false }, null)).toBeNull();
    expect(ssoEmail({ sub: SUB, email: "admin@baseline.test", email_verified: false, preferred_username: "jo@gov.je" }, null)).toEqual({
      email: "jo@gov.je",
      claim: "preferred_username",
      from: "id_token",
    });
    expect(needsUserinfo({ sub: SUB, email: "x@gov.je", email_verified: false })).toBe(true);
  });
});

describe("the group claim", () => {
  it("reads a list or a single value, from the ID token first", () => {
    expect(groupClaim("groups", { sub: SUB, groups: ["g1", "g2", 3] }, null)).toEqual({ values: ["g1", "g2"], overage: false });
    expect(groupClaim("roles", { sub: SUB, roles: "Baseline.Admin" }, null)).toEqual({ values: ["Baseline.Admin"], overage: false });
    expect(groupClaim("groups", { sub: SUB }, { sub: SUB, groups: ["/coo/slt"] })).toEqual({ values: ["/coo/slt"], overage: false });
    expect(groupClaim("groups", { sub: SUB }, { sub: "other", groups: ["/coo/slt"] })).toEqual({ values: null, overage: false });
  });

  it("recognises Entra ID's overage (a reference instead of the groups)", () => {
    const id = { sub: SUB, _claim_names: { groups: "src1" }, _claim_sources: { src1: { endpoint: "https://graph.microsoft.com/…" } } };
    expect(groupClaim("groups", id, null)).toEqual({ values: null, overage: true });
  });

  it("the first rule whose group the person is in applies", () => {
    const rules = [
      { group: "admins", role: "ADMIN" as const, unitId: null },
      { group: "coo-slt", role: "SLT" as const, unitId: 1 },
      { group: "everyone", role: "VIEWER" as const, unitId: null },
    ];
    expect(matchingRule(rules, ["everyone", "coo-slt"])).toBe(rules[1]);
    expect(matchingRule(rules, ["nobody"])).toBeNull();
  });
});

describe("the sign-in page's refusal messages", () => {
  it("each refusal has its own code and words; the address appears only when the page knows it", () => {
    const codes = SSO_REFUSALS.map((r) => SSO_REFUSAL_CODES[r]);
    expect(new Set(codes).size).toBe(3);
    for (const r of SSO_REFUSALS) expect(ssoRefusalOfCode(SSO_REFUSAL_CODES[r])).toBe(r);
    expect(ssoRefusalOfCode("AccessDenied")).toBeNull();
    const messages = SSO_REFUSALS.map((r) => ssoRefusalMessage(r, null));
    expect(new Set(messages).size).toBe(3);
    expect(ssoRefusalMessage("no_account", "jo@gov.je")).toContain("jo@gov.je");
    expect(ssoRefusalMessage("disabled", "jo@gov.je")).toContain("jo@gov.je");
    for (const m of messages) expect(m).not.toContain("@");
  });
});

describe("the group → role setting's form", () => {
  it("gathers rows, drops rows without a group, ignores a unit given to a viewer", () => {
    const parsed = ssoRoleMappingInput.parse({
      claim: " groups ",
      group1: "g-admin",
      role1: "ADMIN",
      unitId1: "",
      group2: "",
      role2: "VIEWER",
      group3: "g-coo",
      role3: "SLT",
      unitId3: "12",
      group4: "g-all",
      role4: "VIEWER",
      unitId4: "12",
      reason: "",
    });
    expect(parsed).toEqual({
      claim: "groups",
      reason: "",
      rules: [
        { row: 1, group: "g-admin", role: "ADMIN", unitId: null },
        { row: 3, group: "g-coo", role: "SLT", unitId: 12 },
        { row: 4, group: "g-all", role: "VIEWER", unitId: null },
      ],
    });
  });

  it("names the row's field of each problem", () => {
    const result = ssoRoleMappingInput.safeParse({ claim: "has space", group1: "g", role1: "", group2: "g", role2: "LEAD", unitId2: "", group3: "x", role3: "OWNER" });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields).toEqual({
      claim: expect.stringContaining("claim"),
      role1: "Choose the role members of this group get",
      group2: "This group is already in row 1",
      unitId2: "Choose the unit this group's members work for",
      role3: "Choose the role members of this group get",
    });
  });

  it("no rows is a valid setting: off", () => {
    expect(ssoRoleMappingInput.parse({ claim: "groups" })).toEqual({ claim: "groups", reason: "", rules: [] });
  });

  it("the stored setting holds scope and role together", () => {
    expect(ssoRoleMapping.safeParse({ claim: "groups", rules: [{ group: "g", role: "SLT", unitId: null }] }).success).toBe(false);
    expect(ssoRoleMapping.safeParse({ claim: "groups", rules: [{ group: "g", role: "VIEWER", unitId: 3 }] }).success).toBe(false);
    expect(ssoRoleMapping.safeParse({ claim: "groups", rules: [{ group: "g", role: "LEAD", unitId: 3 }, { group: "g", role: "VIEWER", unitId: null }] }).success).toBe(false);
    expect(ssoRoleMapping.safeParse({ claim: "roles", rules: [{ group: "g", role: "LEAD", unitId: 3 }] }).success).toBe(true);
  });
});
