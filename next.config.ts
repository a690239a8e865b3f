import { randomUUID } from "node:crypto";
import type { NextConfig } from "next";
import { AUTH_ENDPOINTS_POLICY } from "./lib/security/csp";

/**
 * Sent with every response. The Content-Security-Policy is set per request in proxy.ts (it carries a
 * fresh script nonce); the sign-in endpoints, which the proxy skips, get a strict one here.
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Names this build in the ETag of the public report downloads (lib/reports/etag.ts), so that a
 * deploy that formats them differently is not answered 304. Inlined at build time: every instance
 * started from one build shares it. A deployment that builds on each machine can set
 * BASELINE_BUILD_ID (e.g. the commit) at build time to keep the tags equal across machines.
 */
const buildId = process.env.BASELINE_BUILD_ID ?? randomUUID();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  env: { BASELINE_BUILD_ID: buildId },
  // nodemailer: required at run time, not bundled (lib/reminders/smtp.ts loads one of its transports by path).
  serverExternalPackages: ["@node-rs/argon2", "pg", "nodemailer"],
  experimental: {
    // CSV uploads of figures up to 5 MB, plus room for the multipart envelope.
    serverActions: { bodySizeLimit: "5.1mb" },
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        source: "/api/auth/:path*",
        headers: [{ key: "Content-Security-Policy", value: AUTH_ENDPOINTS_POLICY }],
      },
    ];
  },
};

export default nextConfig;
