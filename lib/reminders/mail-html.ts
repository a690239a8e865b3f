/**
 * The HTML part of a message (pure). Every value put into the `html` template is escaped unless it
 * is HTML made by `html` itself, so user content (names, titles, units) can never become markup.
 */

/** HTML made by the `html` template: safe to put in another as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text escaped for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(part: Part): string {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  if (part === null || part === undefined || part === false) return "";
  return escapeHtml(String(part as string | number));
}

/** A tagged template: html`<p>${name}</p>` escapes `name`; arrays are joined; null, undefined and false are left out. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ""), ""));
}

/**
 * A whole message: language and title declared, and a body of headings, paragraphs, lists and links
 * only — no layout tables and no styles, so it reads the same without CSS, in any mail client and
 * in a screen reader, as the plain-text part does.
 */
export function htmlDocument(title: string, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
${body}
</body>
</html>
`.value;
}
