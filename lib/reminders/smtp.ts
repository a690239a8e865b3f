import nodemailer from "nodemailer";
import type { MailTransport } from "./send";

export const DEFAULT_SMTP_FROM = "Baseline <no-reply@baseline.test>";

/** A transport sending through the SMTP server at `url` (e.g. "smtps://user:pass@smtp.example:465"). */
export function smtpTransport(url: string, from: string = DEFAULT_SMTP_FROM): MailTransport & { close: () => void } {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send({ to, subject, text }) {
      await transporter.sendMail({ from, to, subject, text });
    },
    close: () => transporter.close(),
  };
}
