import { describe, expect, it } from "vitest";
import { redirectCallback, sameSiteUrl, screenCallbackQuery, withoutForeignCallbackCookie } from "@/lib/auth/callback-url";

const BASE = "http://localhost:3000";

/** What probes send (issue 15) and the classic open-redirect shapes. */
const FOREIGN = [
  "http://localhost:3000.evil.example/",
  "https://evil.example/",
  "//evil.example/",
  "/\\evil.example",
  "\\\\evil.example",
  "http://localhost:3001/",
  "https://localhost:3000/",
  "javascript:alert(1)",
  "http://localhost:3000@evil.example/",
  "/dashboard\u0000",
  "not a url",
  "",
];

describe("sameSiteUrl", () => {
  it("keeps paths and this origin's URLs", () => {
    expect(sameSiteUrl("/dashboard?month=2026-10", BASE)).toBe("http://localhost:3000/dashboard?month=2026-10");
    expect(sameSiteUrl("http://localhost:3000/start", BASE)).toBe("http://localhost:3000/start");
  });

  it.each(FOREIGN)("refuses %j without throwing", (url) => {
    expect(sameSiteUrl(url, BASE)).toBeNull();
  });
});

describe("next-auth's redirect callback", () => {
  it.each(FOREIGN)("sends %j to the landing page of this site, never throwing", (url) => {
    expect(redirectCallback({ url, baseUrl: BASE })).toBe("http://localhost:3000/start");
  });

  it("keeps a path on the site", () => {
    expect(redirectCallback({ url: "/risks/3", baseUrl: BASE })).toBe("http://localhost:3000/risks/3");
  });
});

describe("screening /api/auth requests", () => {
  const get = (path: string, method = "GET") => new Request(`${BASE}${path}`, { method });

  it("the sign-in page with a foreign callbackUrl: a redirect to /login, not a 500", () => {
    const res = screenCallbackQuery(get(`/api/auth/signin?callbackUrl=${encodeURIComponent("http://localhost:3000.evil.example/")}`), BASE);
    expect(res?.status).toBe(303);
    expect(res?.headers.get("location")).toBe("/login");
  });

  it("any other endpoint: 400 with a message", async () => {
    const res = screenCallbackQuery(get(`/api/auth/session?callbackUrl=${encodeURIComponent("https://evil.example/")}`), BASE);
    expect(res?.status).toBe(400);
    expect(await res?.json()).toEqual({ message: "callbackUrl must be a path on this site." });
    expect(screenCallbackQuery(get("/api/auth/callback/credentials?callbackUrl=//evil.example", "POST"), BASE)?.status).toBe(400);
  });

  it("lets everything else through to next-auth", () => {
    expect(screenCallbackQuery(get("/api/auth/signin?callbackUrl=%2Fdashboard"), BASE)).toBeNull();
    expect(screenCallbackQuery(get("/api/auth/session"), BASE)).toBeNull();
  });
});

describe("the callback-url cookie", () => {
  it("drops one that points off the site, keeping every other cookie", () => {
    const header = `a=1; next-auth.callback-url=${encodeURIComponent("http://localhost:3000.evil.example/")}; next-auth.session-token=xyz`;
    expect(withoutForeignCallbackCookie(header, BASE)).toBe("a=1; next-auth.session-token=xyz");
    expect(withoutForeignCallbackCookie("__Secure-next-auth.callback-url=%E0%A4%A", BASE)).toBe("");
  });

  it("leaves a header with a good one, or none, alone", () => {
    expect(withoutForeignCallbackCookie(`next-auth.callback-url=${encodeURIComponent("http://localhost:3000/start")}; b=2`, BASE)).toBeNull();
    expect(withoutForeignCallbackCookie("b=2", BASE)).toBeNull();
  });
});
