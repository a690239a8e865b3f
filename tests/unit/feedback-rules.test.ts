import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMetric } from "@/lib/feedback/format";
import { maskPersonalData, MASKS } from "@/lib/feedback/mask";
import { changeText, isLowSample, parseMinResponses, responsesText, summarise, surveyCommentary, surveyPeriod } from "@/lib/feedback/rules";
import { buttonSnippet, linkSnippet, surveyUrl } from "@/lib/feedback/snippet";
import { answersInput, publicResponseInput } from "@/lib/validation/feedback";

describe("maskPersonalData", () => {
  it.each([
    ["Email me at jo.bloggs+x@gov.je please", `Email me at ${MASKS.email} please`],
    ["my SSN is JY 12 34 56 A ok", `my SSN is ${MASKS.ssn} ok`],
    ["my number JY123456A", `my number ${MASKS.ssn}`],
    ["NI number QQ 12 34 56 C", `NI number ${MASKS.ssn}`],
    ["NI number AB-12-34-56-D.", `NI number ${MASKS.ssn}.`],
    ["jy123456b", MASKS.ssn],
    ["call 01534 123456 today", `call ${MASKS.phone} today`],
    ["call +44 (0)7797 123 456!", `call ${MASKS.phone}!`],
    ["ring 07797-123-456 or 445566", `ring ${MASKS.phone} or 445566`],
  ])("masks %j", (input, expected) => {
    expect(maskPersonalData(input).text).toBe(expected);
  });

  it("counts what it found", () => {
    expect(maskPersonalData("a@b.je, 07797 123456, JY 12 34 56 A").found).toEqual({ email: 1, phone: 1, ssn: 1 });
  });

  it.each(["Waited 40 minutes in 2026, cost £1,250", "3 to 5 days", "Queue ticket 12345", "Office hours 9-5, 12/05/2026"])("leaves %j alone", (input) => {
    expect(maskPersonalData(input).text).toBe(input);
  });

  it("never lets an email, a phone number or an SSN through, wherever they sit in the text", () => {
    const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.stringMatching(/^[a-z]{2,8}$/)).map(([u, d]) => `${u}@${d}.je`);
    const phone = fc.stringMatching(/^07[0-9]{3} [0-9]{6}$/);
    const ssn = fc.stringMatching(/^JY [0-9]{2} [0-9]{2} [0-9]{2} [A-D]$/);
    const words = fc.array(fc.constantFrom("hello", "the", "service", "was", "slow", "thanks", ",", "."), { maxLength: 5 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(words, fc.oneof(email, phone, ssn), words, (before, secret, after) => {
        const out = maskPersonalData(`${before} ${secret} ${after}`).text;
        expect(out).not.toContain(secret);
        expect(out).not.toMatch(/@|\d{6}/);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const once = maskPersonalData(s).text;
        expect(maskPersonalData(once).text).toBe(once);
      }),
    );
  });
});

describe("month figures", () => {
  it("CSAT is the % satisfied (4–5), CES the mean, CSI % positive − % negative", () => {
    const f = summarise([
      { csat: 5, ces: 7, csi: 5 },
      { csat: 4, ces: 6, csi: 3 },
      { csat: 3, ces: 2, csi: 2 },
      { csat: 1, ces: 1, csi: 1 },
    ]);
    expect(f).toEqual({ responses: 4, satisfied: 2, csat: 50, ces: 4, csi: -25 });
  });

  it("an empty month has no figures", () => {
    expect(summarise([])).toEqual({ responses: 0, satisfied: 0, csat: null, ces: null, csi: null });
  });

  it("keeps every figure within its scale", () => {
    const answer = fc.record({ csat: fc.integer({ min: 1, max: 5 }), ces: fc.integer({ min: 1, max: 7 }), csi: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 60 }), (rs) => {
        const f = summarise(rs);
        expect(f.csat!).toBeGreaterThanOrEqual(0);
        expect(f.csat!).toBeLessThanOrEqual(100);
        expect(f.ces!).toBeGreaterThanOrEqual(1);
        expect(f.ces!).toBeLessThanOrEqual(7);
        expect(f.csi!).toBeGreaterThanOrEqual(-100);
        expect(f.csi!).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("flags a low sample below the minimum and says so in the commentary", () => {
    expect(isLowSample(29, 30)).toBe(true);
    expect(isLowSample(30, 30)).toBe(false);
    expect(surveyCommentary(143, 30, 120)).toBe("Calculated from 143 customer survey responses, 120 verified.");
    expect(surveyCommentary(1, 30, 0)).toBe("Calculated from 1 customer survey response, 0 verified. Low sample: fewer than 30 responses, so treat this figure with caution.");
    expect(responsesText(1412, 389)).toBe("1,412 responses, 389 verified");
    expect(responsesText(1, 1)).toBe("1 response, 1 verified");
  });

  it("reads the minimum setting, falling back to 30", () => {
    expect(parseMinResponses(50)).toBe(50);
    expect(parseMinResponses("50")).toBe(30);
    expect(parseMinResponses(0)).toBe(30);
    expect(parseMinResponses(null)).toBe(30);
  });

  it("counts a response in its Jersey month", () => {
    expect(surveyPeriod(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01"); // 00:30 BST on 1 July
    expect(surveyPeriod(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-01"); // GMT in winter
  });

  it("words a theme's change", () => {
    expect(changeText(5, 3)).toBe("up 2 from 3");
    expect(changeText(1, 4)).toBe("down 3 from 4");
    expect(changeText(2, 2)).toBe("no change from 2");
    expect(changeText(2, 0)).toMatch(/^new this month/);
  });

  it("formats figures in words people read", () => {
    expect(formatMetric("csat", 84.2857)).toBe("84.3%");
    expect(formatMetric("ces", 5.1)).toBe("5.1 out of 7");
    expect(formatMetric("csi", 43.8)).toBe("+44");
    expect(formatMetric("csi", -12.2)).toBe("-12");
    expect(formatMetric("csat", null)).toBe("No responses");
  });
});

describe("answers", () => {
  const ok = { csat: "4", ces: "6", csi: "5", key: "abcdefgh-1234" };
  it("accepts answers on each scale", () => {
    expect(answersInput.parse(ok)).toMatchObject({ csat: 4, ces: 6, csi: 5 });
  });
  it.each([
    ["csat", "6"],
    ["csat", "0"],
    ["ces", "8"],
    ["csi", "2.5"],
    ["csi", "five"],
  ])("refuses %s = %s as out of range", (field, value) => {
    const r = answersInput.safeParse({ ...ok, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^Choose one of the/);
  });
  it("asks for a missing answer", () => {
    const r = answersInput.safeParse({ ...ok, ces: undefined });
    expect(r.error!.issues[0]!.message).toBe("Choose how easy it was to get the help you needed");
  });
  it("refuses an unknown channel and takes an empty one as none", () => {
    const base = { ...ok, token: "demo-customer-services" };
    expect(publicResponseInput.safeParse({ ...base, channel: "fax" }).success).toBe(false);
    expect(publicResponseInput.parse({ ...base, channel: "" }).channel).toBeUndefined();
  });
});

describe("email-signature snippet", () => {
  const url = surveyUrl("https://baseline.gov.je/", "abc_DEF-123456789012");
  it("builds the public link", () => {
    expect(url).toBe("https://baseline.gov.je/feedback/abc_DEF-123456789012");
  });
  it("is plain HTML with inline styles only: no class, no style element, no script", () => {
    const html = buttonSnippet(url);
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('bgcolor="#1d70b8"');
    expect(html).toMatch(/style="[^"]*color:#ffffff/);
    expect(html).not.toMatch(/class=|<style|<script/);
    expect(linkSnippet(url)).toBe(`<a href="${url}">Click here to rate our service</a>`);
  });
  it("escapes the address", () => {
    expect(buttonSnippet('https://x.je/?a=1&b="2"')).toContain('href="https://x.je/?a=1&amp;b=&quot;2&quot;"');
  });
});
