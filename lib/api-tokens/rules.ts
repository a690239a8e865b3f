/**
 * API token rules (issue 17): the choices a token is made with, the expiry it may have and its
 * status in words. Pure and zod-free, so that the form, the schema and the queries share them.
 */
import { addDays, addYears, format, parseISO } from "date-fns";

export const TOKEN_ACCESS = ["read", "write"] as const;
export type TokenAccessChoice = (typeof TOKEN_ACCESS)[number];

export const ACCESS_LABELS: Record<TokenAccessChoice, string> = {
  read: "Read only",
  write: "Read and write",
};

export const ACCESS_HINTS: Record<TokenAccessChoice, string> = {
  read: "Reads the measures due for its units. It cannot change anything.",
  write: "Reads the measures due and saves figures for its units, with the same checks as the entry page.",
};

export const TOKEN_NAME_MAX = 100;
export const REVOKE_REASON_MAX = 500;

/** Expiry dates are days as people in Jersey read them; a token works until the end of its day. */
export const TOKEN_TIME_ZONE = "Europe/Jersey";

/** Today's date in Jersey, YYYY-MM-DD. */
export function jerseyToday(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TOKEN_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const shift = (day: string, by: (d: Date) => Date) => format(by(parseISO(day)), "yyyy-MM-dd");

/**
 * The expiry dates a token made on `today` may have: from tomorrow (a day) to two years ahead,
 * one year by default. Long enough that a source system is not cut off unannounced, short enough
 * that a forgotten token dies by itself.
 */
export function expiryBounds(today: string): { min: string; default: string; max: string } {
  return { min: shift(today, (d) => addDays(d, 1)), default: shift(today, (d) => addYears(d, 1)), max: shift(today, (d) => addYears(d, 2)) };
}

export type TokenStatus = "active" | "expired" | "revoked" | "creator_disabled";

export const STATUS_LABELS: Record<TokenStatus, string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
  // A token acts as its creator: when their account is disabled it is refused too.
  creator_disabled: "Refused: creator disabled",
};

/** A token's status, decided in the order authenticateToken refuses: revoked, expired, creator disabled. */
export function tokenStatus(token: { revokedAt: Date | null; expiresAt: Date; creatorActive: boolean }, now: Date): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return token.creatorActive ? "active" : "creator_disabled";
}

/** The date a token was given as its expiry: it stops at the start of the next day, Jersey time. */
export function expiryDay(expiresAt: Date): string {
  return jerseyToday(new Date(expiresAt.getTime() - 1));
}
