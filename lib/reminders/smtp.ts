import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { z } from "@/lib/validation/zod";
import { TransportUnavailableError, type MailTransport } from "./transport";

export const DEFAULT_SMTP_FROM = "Baseline <no-reply@baseline.test>";

/** SMTP_URL and SMTP_FROM, as the reminders script and the app's delivery both read them. Unset or blank SMTP_URL: no mail server. */
export const smtpEnv = z.object({
  SMTP_URL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().url({ message: "SMTP_URL must be a URL like smtp://host:587 or smtps://user:pass@host:465" }).optional(),
  ),
  SMTP_FROM: z.string().trim().min(3, { message: "SMTP_FROM must be an address like Baseline <no-reply@example.gov.je>" }).default(DEFAULT_SMTP_FROM),
});

/** Whether a mail server is configured (SMTP_URL set): what /admin/outbox tells its readers. */
export function smtpConfigured(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(source.SMTP_URL?.trim());
}

// nodemailer's error codes for a failure of the server or the connection, not of one message
// (EENVELOPE, EMESSAGE: a recipient or the message refused).
const UNAVAILABLE_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "EDNS", "ESOCKET", "ETLS", "EAUTH", "EHLO", "EPROTOCOL"]);

/**
 * nodemailer's defaults let one send take up to 10 minutes of silence; these bound a send to about
 * 4 minutes in all (connect, greeting, then each command), well inside the delivery run's claim lease
 * (rules.ts, CLAIM_LEASE_MS), so that no other run takes a message while it is being sent.
 */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 20_000 };

/**
 * A transport sending through the SMTP server at `url` (e.g. "smtps://user:pass@smtp.example:465"),
 * each message as multipart/alternative (plain text and HTML) when it has an HTML part.
 */
export function smtpTransport(url: string, from: string = DEFAULT_SMTP_FROM): MailTransport & { close: () => void } {
  const transporter = nodemailer.createTransport(new SMTPTransport({ url, ...TIMEOUTS }));
  return {
    name: "smtp",
    async send({ to, subject, text, html }) {
      try {
        await transporter.sendMail({ from, to, subject, text, ...(html ? { html } : {}) });
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) {
          throw new TransportUnavailableError(`Mail server unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        throw err;
      }
    },
    close: () => transporter.close(),
  };
}
