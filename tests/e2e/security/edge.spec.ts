import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

/*
 * Issue 15 item 8 against the production build, through the app's own HTTP server (server/main.ts):
 * malformed requests get a clear answer at once, never a 500 or a minute's wait.
 */

const FOREIGN = "http://localhost:3000.evil.example/";

test("a sign-in page asked to return off the site shows the sign-in page, and signing in lands on this site", async ({ page }) => {
  const res = await page.goto(`/login?callbackUrl=${encodeURIComponent(FOREIGN)}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("next-auth's sign-in endpoint with a foreign callbackUrl redirects to /login; its other endpoints answer 400", async ({ request }) => {
  const signin = await request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(FOREIGN)}`, { maxRedirects: 0 });
  expect(signin.status()).toBe(303);
  expect(signin.headers().location).toBe("/login");
  const session = await request.get(`/api/auth/session?callbackUrl=${encodeURIComponent(FOREIGN)}`);
  expect(session.status()).toBe(400);
  expect(await session.json()).toEqual({ message: "callbackUrl must be a path on this site." });
});

test("a planted callback-url cookie pointing off the site does not break the session endpoint or the pages", async ({ request }) => {
  const cookie = { cookie: `next-auth.callback-url=${encodeURIComponent(FOREIGN)}` };
  expect((await request.get("/api/auth/session", { headers: cookie })).status()).toBe(200);
  expect((await request.get("/login", { headers: cookie })).status()).toBe(200);
});

test("a signed-in request for an 8,000-character address is answered 414 at once", async ({ page }) => {
  await signInAs(page, "admin");
  const started = Date.now();
  const res = await page.request.get(`/dashboard?q=${"a".repeat(8_000)}`);
  expect(res.status()).toBe(414);
  expect(Date.now() - started).toBeLessThan(5_000);
});
