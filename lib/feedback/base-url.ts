import "server-only";
import { env } from "@/lib/env";

/**
 * The app's public address for links sent to customers: NEXTAUTH_URL (npm start and the e2e server
 * always set it), else http://localhost:3000 as the README documents. Never the request's Host or
 * X-Forwarded-* headers: a client could otherwise have survey links issued that point elsewhere.
 */
export function publicBaseUrl(): string {
  return (env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}
