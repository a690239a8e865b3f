/**
 * The page proxy.ts answers (503, Retry-After) while the database is down. Plain HTML with its own
 * styles and no script: Next.js cannot render its layout without the session, which lives in
 * Postgres, and a page that says "unavailable" must not depend on what is unavailable.
 */
export const RETRY_AFTER_SECONDS = 30;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function unavailablePage(path: string, styleNonce: string): string {
  // Only a same-site path goes into the "Try again" link.
  const again = path.startsWith("/") && !path.startsWith("//") ? path : "/";
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Service unavailable · Baseline</title>
<style nonce="${styleNonce}">
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#0b0c0c;background:#f4f5f6}
header{background:#12294a;color:#fff;padding:1rem 1.5rem;font-weight:700;font-size:1.25rem}
main{max-width:40rem;padding:2.5rem 1.5rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 1.5rem}
p{margin:0 0 1rem}
.code{color:#505a5f;font-weight:600;margin-bottom:.5rem}
a{color:#1d70b8}
a:focus{outline:3px solid transparent;background:#ffdd00;color:#0b0c0c;box-shadow:0 4px #0b0c0c;text-decoration:none}
</style>
</head>
<body>
<header>Baseline</header>
<main id="main">
<p class="code">Error 503</p>
<h1>Sorry, Baseline is unavailable just now</h1>
<p>Baseline cannot reach its database at the moment. Nothing you have already saved has been lost.</p>
<p>This usually lasts a few minutes. <a href="${escapeHtml(again)}">Try again</a> shortly.</p>
</main>
</body>
</html>`;
}
