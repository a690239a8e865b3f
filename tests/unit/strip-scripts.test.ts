import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScriptStripper, stripScripts } from "@/server/strip-scripts";

/*
 * server/strip-scripts.ts on a document shaped as Next.js 16 (Turbopack) renders one: chunk
 * scripts and their preload in the head, the RSC payload and the bundler's bootstrap at the end of
 * the body, and what must stay (styles, the document's own script, React's streaming instructions,
 * escaped user text).
 */
const N = 'nonce="n0nce=="';
const payload = `self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n2:I[39756,[],\\"default\\"]\\n3:[\\"$\\",\\"p\\",null,{\\"children\\":\\"\\u003cscript\\u003e and \\u003c/script\\u003e\\"}]\\n"])`;

const head = [
  `<!DOCTYPE html><html lang="en-GB"><head><meta charSet="utf-8"/>`,
  `<link rel="stylesheet" href="/_next/static/chunks/3ws1.css" ${N} data-precedence="next"/>`,
  `<link rel="preload" as="script" fetchPriority="low" ${N} href="/_next/static/chunks/310v.js"/>`,
  `<link rel="modulepreload" href="/_next/static/chunks/mod.js"/>`,
  `<script src="/_next/static/chunks/0-9-l.js" async="" ${N}></script>`,
  `<script src="/_next/static/chunks/poly.js" noModule="" ${N}></script>`,
  `<link rel="alternate" type="application/atom+xml" href="/reports/feed.xml" title="Reports &amp; corrections (Atom feed)"/>`,
  `<link rel="icon" href="/icon.svg?1" type="image/svg+xml" sizes="any"/>`,
  `<title>Q3 2026 · Baseline</title></head>`,
];
const kept = [
  `<body><a href="#main" class="skip-link">Skip to main content</a>`,
  `<script ${N}>document.addEventListener("click",function(e){if(e.target instanceof Element&&e.target.closest("[data-print-button]"))window.print()})</script>`,
  `<noscript><style>[data-print-button]{display:none}</style></noscript>`,
  `<main id="main"><h1 title="a &lt;script&gt; in an attribute">A report</h1><p>Narrative: &lt;script src=&quot;/_next/x.js&quot;&gt;&lt;/script&gt; &lt;link</p>`,
  `<svg viewBox="0 0 10 10" role="img"><title>Chart of P1 &lt; 4 hours</title></svg>`,
  `<script src="https://example.org/not-next.js"></script>`,
  `<script>$RC=function(b,c){/* React's streaming */};$RC("B:0","S:0")</script>`,
  `<button type="button" data-print-button="">Print or save as PDF</button></main>`,
];
const tail = [
  `<script ${N} id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["static/chunks/310v.js"],"runtimeModuleIds":[94553]});</script>`,
  `<script ${N}>(self.__next_f=self.__next_f||[]).push([0])</script>`,
  `<script ${N}>${payload}</script>`,
  `<script>self.__next_f.push([2,null])</script>`,
  `</body></html>`,
];
const document = [...head, ...kept, ...tail].join("");
const expected = [head[0], head[1], head[6], head[7], head[8], ...kept, "</body></html>"].join("");

describe("stripScripts", () => {
  it("removes Next's chunk scripts, their preloads, the RSC payload and the bootstrap, and keeps everything else", () => {
    expect(stripScripts(document)).toBe(expected);
  });

  it("leaves a document without scripts as it is", () => {
    const plain = `<!DOCTYPE html><html><head><title>x</title></head><body><p>a &lt; b</p><scriptless>no</scriptless></body></html>`;
    expect(stripScripts(plain)).toBe(plain);
  });

  it("gives the same document however the pieces are cut (a tag, a script's text or </script> split across them)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: document.length - 1 }), { maxLength: 40 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), document.length];
        const stripper = new ScriptStripper();
        let out = "";
        for (let i = 0; i + 1 < at.length; i++) out += stripper.push(document.slice(at[i], at[i + 1]));
        out += stripper.end();
        expect(out).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("a character at a time", () => {
    const stripper = new ScriptStripper();
    let out = "";
    for (const c of document) out += stripper.push(c);
    expect(out + stripper.end()).toBe(expected);
  });

  it("sends what it can at once: the text before a script, without waiting for the document's end", () => {
    const stripper = new ScriptStripper();
    expect(stripper.push(`<body><p>first</p><script ${N}>self.__next_f.push([1,"lo`)).toBe("<body><p>first</p>");
    expect(stripper.push(`ng"])</script><p>second</p>`)).toBe("<p>second</p>");
    expect(stripper.end()).toBe("");
  });
});
