/** One message as a transport sends it: the plain text and, when there is one, its HTML alternative. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** null on messages queued before reminders had an HTML part: they go as plain text. */
  html?: string | null;
}

/** Something that delivers a message (SMTP in production, a fake in tests). */
export interface MailTransport {
  /** Recorded in outbox.transport, e.g. "smtp". */
  name: string;
  send(message: OutgoingMail): Promise<void>;
}

/**
 * The mail server itself failed (unreachable, timed out, refused our login or TLS), rather than one
 * message: every other message would fail the same way, so a delivery run records the same reason on
 * the rest of its messages without connecting again for each (a silent host would otherwise cost a
 * timeout per message).
 */
export class TransportUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransportUnavailableError";
  }
}
