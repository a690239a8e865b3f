import { headers } from "next/headers";

/**
 * The document's own script: a few lines in place of React for what the public pages do in the
 * browser, since those pages reach visitors who are not signed in without Next's scripts
 * (server/script-free.ts). Today: a button marked `data-print-button` opens the print dialog, and
 * the element marked `autofocus` gets focus even when the address has a fragment.
 * It sits in the root layout, so it runs once per document and, listening on the document, also
 * serves buttons that React draws later (signed-in visitors move about by client navigation).
 * Without JavaScript those buttons are hidden; the browser's own Print still uses the print styles.
 */
// Also: when the address has a fragment (a form posted from "…#main" after the skip link), the
// browser focuses the fragment's target after `autofocus` ran, which would leave a refused survey's
// error summary unfocused: once the page has loaded, focus goes back to the autofocus element.
const SCRIPT = `document.addEventListener("click",function(e){if(e.target instanceof Element&&e.target.closest("[data-print-button]"))window.print()});if(location.hash)addEventListener("load",function(){setTimeout(function(){var a=document.querySelector("[autofocus]");if(a&&document.activeElement!==a)a.focus()},0)})`;

export async function DocumentScript() {
  // The per-request nonce of the Content-Security-Policy (proxy.ts): no inline script runs without it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />
      <noscript>
        <style>{"[data-print-button]{display:none}"}</style>
      </noscript>
    </>
  );
}
