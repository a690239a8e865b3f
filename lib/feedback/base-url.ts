import "server-only";
import { headers } from "next/headers";

/** The app's public address for links people are sent: NEXTAUTH_URL, or the request's own host. */
export async function publicBaseUrl(): Promise<string> {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/+$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
}
