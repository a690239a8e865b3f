import { describe, expect, it } from "vitest";
import { composeObligationReminder, composeReminder, relativeDue, type ReminderItem } from "@/lib/reminders/compose";

const md = { unitId: 4, unitName: "Modernisation and Digital" };
const item = (over: Partial<ReminderItem>): ReminderItem => ({
  measureName: "Incident resolution by severity – P1",
  ...md,
  frequency: "monthly",
  month: "2026-10-01",
  storedAt: "2026-10-01",
  status: null,
  due: "2026-11-13",
  ...over,
});

describe("relativeDue", () => {
  it.each([
    ["2026-11-13", "2026-11-13", "today"],
    ["2026-11-13", "2026-11-12", "tomorrow"],
    ["2026-11-13", "2026-11-10", "in 3 days"],
    ["2026-11-13", "2026-11-14", "1 day ago"],
    ["2026-11-13", "2026-11-23", "10 days ago"],
  ])("due %s, today %s → %s", (due, today, words) => {
    expect(relativeDue(due, today)).toBe(words);
  });
});

describe("composeReminder: due soon", () => {
  const september = { month: "2026-09-01", storedAt: "2026-09-01", due: "2026-10-14" };
  const message = composeReminder({
    kind: "due-soon",
    recipientName: "Morgan Falle",
    today: "2026-10-12",
    baseUrl: "https://baseline.example/",
    items: [
      item({ ...september, status: "draft" }),
      item({ ...september, measureName: "Network service average uptime" }),
      item({ ...september, measureName: "Quarterly survey", frequency: "quarterly", storedAt: "2026-07-01", unitId: 9, unitName: "Local Services" }),
    ],
  });

  it("names the count and the due date in the subject", () => {
    expect(message.subject).toBe("Baseline: 3 figures due by Wed 14 Oct (in 2 days)");
  });

  it("greets the lead and lists each figure with its state, by unit, with a link to enter each unit's month", () => {
    expect(message.body).toMatch(/^Dear Morgan Falle,\n/);
    expect(message.body).toContain("The figures below are due by Wednesday 14 October 2026 (in 2 days) and have not been submitted yet.");
    expect(message.body).toContain("Modernisation and Digital – September 2026 (due Wednesday 14 October 2026)\n");
    expect(message.body).toContain("  - Incident resolution by severity – P1: draft saved, not submitted");
    expect(message.body).toContain("  - Network service average uptime: not entered");
    expect(message.body).toContain("  Enter them: https://baseline.example/entry?unit=4&month=2026-09");
    expect(message.body).toContain("Local Services – September 2026");
    expect(message.body).toContain("  - Quarterly survey – Q3 2026 (quarterly): not entered");
    expect(message.body).toContain("  Enter them: https://baseline.example/entry?unit=9&month=2026-09");
    expect(message.body.indexOf("Local Services")).toBeLessThan(message.body.indexOf("Modernisation and Digital"));
  });
});

describe("composeReminder", () => {
  it("a single figure due in two days", () => {
    const m = composeReminder({ kind: "due-soon", recipientName: "Robin", today: "2026-11-11", baseUrl: "http://localhost:3000", items: [item({})] });
    expect(m.subject).toBe("Baseline: 1 figure due by Fri 13 Nov (in 2 days)");
    expect(m.body).toContain("The figures below are due by Friday 13 November 2026 (in 2 days) and have not been submitted yet.");
  });

  it("late figures say how late each month is", () => {
    const m = composeReminder({
      kind: "late",
      recipientName: "Casey",
      today: "2026-11-23",
      baseUrl: "http://localhost:3000",
      items: [item({ status: "draft" }), item({ month: "2026-08-01", storedAt: "2026-08-01", due: "2026-09-14", measureName: "IT calls logged" })],
    });
    expect(m.subject).toBe("Baseline: 2 figures past the due date");
    expect(m.body).toContain("past their due date and have not been submitted yet");
    expect(m.body).toContain("Modernisation and Digital – October 2026 (due Friday 13 November 2026, 10 days late)");
    expect(m.body).toContain("Modernisation and Digital – August 2026 (due Monday 14 September 2026, 70 days late)");
    expect(m.body).toContain("  - IT calls logged: not entered");
    // Newest month first.
    expect(m.body.indexOf("October 2026")).toBeLessThan(m.body.indexOf("August 2026"));
    expect(m.body).not.toContain("localhost:3000//");
  });

  it("refuses to compose a reminder about nothing", () => {
    expect(() => composeReminder({ kind: "late", recipientName: "X", today: "2026-11-23", baseUrl: "http://x", items: [] })).toThrow(/no items/);
  });
});

describe("the HTML part", () => {
  const hostile = "<script>alert('x')</script> & \"quotes\"";
  const figures = composeReminder({
    kind: "late",
    recipientName: `Casey ${hostile}`,
    today: "2026-11-23",
    baseUrl: "https://baseline.example",
    items: [item({ status: "draft", measureName: `Uptime ${hostile}`, unitName: `M&D ${hostile}` })],
  });
  const other = composeObligationReminder({
    kind: "risk-review",
    state: "late",
    recipientName: "Robin",
    today: "2026-11-23",
    baseUrl: "https://baseline.example",
    items: [{ title: `R-12 – ${hostile}`, context: "Modernisation and Digital", due: "2026-11-13", href: "/risks/12" }],
  });

  it("is a whole document with its language and title, headings, paragraphs, lists and links, no tables or styles", () => {
    for (const m of [figures, other]) {
      expect(m.html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">/);
      expect(m.html).toContain(`<title>${m.subject.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")}</title>`);
      expect(m.html).toMatch(/<h1>[^<]+<\/h1>/);
      expect(m.html).toMatch(/<ul>\n<li>/);
      expect(m.html).not.toMatch(/<table|<style|style=|<script/i);
    }
    expect(figures.html).toMatch(/<h2>M&amp;D .+ – October 2026<\/h2>/);
  });

  it("escapes every piece of user content", () => {
    for (const m of [figures, other]) {
      expect(m.html).not.toContain(hostile);
      expect(m.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
    }
  });

  it("says what the text says: the same figures, states, due dates and links, with link text that names its target", () => {
    expect(figures.body).toContain(`Uptime ${hostile}: draft saved, not submitted`);
    expect(figures.html).toContain("<li>Uptime &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;: draft saved, not submitted</li>");
    expect(figures.body).toContain("due Friday 13 November 2026, 10 days late");
    expect(figures.html).toContain("<p>Due Friday 13 November 2026, 10 days late</p>");
    expect(figures.html).toMatch(/<a href="https:\/\/baseline\.example\/entry\?unit=4&amp;month=2026-10">Enter the figures for M&amp;D .+, October 2026<\/a>/);
    expect(figures.html).toContain("<p>A saved draft does not count until it is submitted.</p>");

    expect(other.body).toContain("  Due Friday 13 November 2026, 10 days late");
    expect(other.html).toContain("<p>Due Friday 13 November 2026, 10 days late</p>");
    expect(other.html).toMatch(/<a href="https:\/\/baseline\.example\/risks\/12">Confirm or re-rate it: R-12 – &lt;script&gt;/);
    expect(other.html).toContain('<a href="https://baseline.example/my-updates">My updates</a>');
  });
});
