/**
 * Removes Next.js's client runtime from a streamed HTML document (issue 19; used by
 * server/script-free.ts): its chunk scripts (`<script src="/_next/…">`) and their preloads, the
 * React Server Components payload (`self.__next_f.push(…)`, which repeats the whole page for
 * hydration: about 60% of a report's HTML) and the bundler's bootstrap (`TURBOPACK`). Every other
 * element is passed on as it came, other inline scripts included (the document's own script,
 * components/layout/document-script.tsx, and React's streaming instructions, should a page stream).
 *
 * It reads HTML as React renders it: every `<` in text and attribute values is escaped, so a
 * `<script` or `<link` is always a tag, and a script's own text never holds `</script` (Next
 * escapes `<` in the payload as \u003c). Chunks may split anything, a tag or a script's text included.
 */

/** Whether an inline script, by its first characters, is Next's runtime. */
const RUNTIME_INLINE = /^\s*\(?\s*(?:self\.__next_[a-z]+\b|globalThis\[["']TURBOPACK["']\])/;
/** Enough of a script's text to recognise it by RUNTIME_INLINE. */
const PREFIX = 40;
const OPEN_TAG = /<(script|link)(?=[\s/>])/i;
const CLOSE_SCRIPT = /<\/script\s*>/i;

type Mode = "text" | "drop-script" | "pass-script";

/** The value of `name` in a start tag, or null. */
function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? "") : null;
}

/** Where the start tag beginning at `from` ends (its `>`), skipping quoted attribute values; -1 when not yet complete. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const c = html[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

const fromNext = (url: string | null) => url !== null && url.startsWith("/_next/");

/** A `<link>` that only fetches Next's scripts early. */
function isScriptPreload(tag: string): boolean {
  const rel = (attribute(tag, "rel") ?? "").toLowerCase();
  const as = (attribute(tag, "as") ?? "").toLowerCase();
  return fromNext(attribute(tag, "href")) && (rel === "modulepreload" || (rel === "preload" && as === "script"));
}

export class ScriptStripper {
  private buffer = "";
  private mode: Mode = "text";

  /** Takes the next piece of the document; returns what can be sent now. */
  push(html: string): string {
    this.buffer += html;
    return this.drain(false);
  }

  /** The document has ended: returns the rest. */
  end(): string {
    return this.drain(true);
  }

  private drain(final: boolean): string {
    let out = "";
    let s = this.buffer;
    for (;;) {
      if (this.mode !== "text") {
        const close = CLOSE_SCRIPT.exec(s);
        if (!close) {
          // Keep a tail that may be the start of "</script>"; pass or drop the rest of the script's text.
          const keep = final ? 0 : Math.min(s.length, 16);
          if (this.mode === "pass-script") out += s.slice(0, s.length - keep);
          s = s.slice(s.length - keep);
          break;
        }
        const after = close.index + close[0].length;
        if (this.mode === "pass-script") out += s.slice(0, after);
        s = s.slice(after);
        this.mode = "text";
        continue;
      }
      const open = OPEN_TAG.exec(s);
      if (!open) {
        // Hold back a tail that may begin a tag the next piece completes ("<scr").
        const lt = s.lastIndexOf("<");
        const rest = s.slice(lt).toLowerCase();
        const hold = !final && lt >= 0 && ("<script".startsWith(rest) || "<link".startsWith(rest)) ? lt : s.length;
        out += s.slice(0, hold);
        s = s.slice(hold);
        break;
      }
      out += s.slice(0, open.index);
      s = s.slice(open.index);
      const end = tagEnd(s, open[0].length);
      if (end < 0) {
        if (final) {
          out += s;
          s = "";
        }
        break;
      }
      const tag = s.slice(0, end + 1);
      if (open[1]!.toLowerCase() === "link") {
        if (!isScriptPreload(tag)) out += tag;
        s = s.slice(end + 1);
        continue;
      }
      if (attribute(tag, "src") !== null) {
        const drop = fromNext(attribute(tag, "src"));
        if (!drop) out += tag;
        s = s.slice(end + 1);
        this.mode = drop ? "drop-script" : "pass-script";
        continue;
      }
      // An inline script: decided by its first characters, so wait until they (or its end) are here.
      const text = s.slice(end + 1);
      if (!final && text.length < PREFIX && !CLOSE_SCRIPT.test(text)) break;
      const drop = RUNTIME_INLINE.test(text);
      if (!drop) out += tag;
      s = text;
      this.mode = drop ? "drop-script" : "pass-script";
    }
    this.buffer = s;
    return out;
  }
}

/** The whole document at once (tests, small pages). */
export function stripScripts(html: string): string {
  const stripper = new ScriptStripper();
  return stripper.push(html) + stripper.end();
}
