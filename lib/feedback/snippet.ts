import { stringify } from "csv-stringify/sync";

/**
 * What a unit pastes into its email signatures: the survey link, and a button as plain HTML with
 * inline styles only (email clients strip <style> and classes). The button is a one-cell table
 * with a background colour on the cell, which Outlook honours, and padding on the link for the rest.
 */
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function surveyUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/feedback/${encodeURIComponent(token)}`;
}

export const BUTTON_TEXT = "Click here to rate our service";

export function linkSnippet(url: string): string {
  return `<a href="${escapeHtml(url)}">${BUTTON_TEXT}</a>`;
}

export function buttonSnippet(url: string): string {
  const href = escapeHtml(url);
  return [
    `<table role="presentation" border="0" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">`,
    `<tr><td bgcolor="#1d70b8" style="background-color:#1d70b8;border-radius:4px;">`,
    `<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:10px 18px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:underline;border-radius:4px;">${BUTTON_TEXT}</a>`,
    `</td></tr></table>`,
  ].join("");
}

/**
 * The single-use links issued for a batch of interactions as CSV (reference, link, expires): what an
 * advisor pastes into a mail merge or the case system. Cells are quoted where needed by csv-stringify.
 */
export function interactionLinksCsv(baseUrl: string, links: readonly { reference: string; path: string; expiresAt: string }[]): string {
  const base = baseUrl.replace(/\/+$/, "");
  return stringify([["reference", "link", "expires"], ...links.map((l) => [l.reference, `${base}${l.path}`, l.expiresAt])], { record_delimiter: "\r\n" });
}
