import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';

/** One message as Latchkey sends it: one recipient, plain text and HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the SMTP server said about a failed message (no server answer: `responseCode` null). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
  }

  /** A 5xx answer: the server will never take this message (unknown mailbox, refused sender, bad auth). */
  get permanent(): boolean {
    return this.responseCode !== null && this.responseCode >= 500;
  }
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  /** Closes the pooled connections. */
  close(): void;
}

/** Connection limits: a server that stops answering never holds a delivery for long. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The SMTP transport of `LATCHKEY_SMTP_URL` (`smtp://user:password@host:587`, STARTTLS when the
 * server offers it; `smtps://…:465`, TLS from the start), pooled, with timeouts; null when no URL is
 * configured. The URL holds a password: it is never logged nor put in an error.
 */
export function openSmtpTransport(mail: { smtpUrl: string | null; from: string }): MailTransport | null {
  if (mail.smtpUrl === null) return null;
  const url = new URL(mail.smtpUrl);
  const secure = url.protocol === 'smtps:';
  // Loaded only when mail is configured: about 12 MB of resident memory otherwise never used.
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer;
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 2,
    ...TIMEOUTS,
    logger: false,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: mail.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      } catch (error) {
        const { responseCode, message: text } = error as { responseCode?: unknown; message?: unknown };
        throw new MailError(String(text ?? 'SMTP delivery failed'), typeof responseCode === 'number' ? responseCode : null);
      }
    },
    close() {
      transport.close();
    },
  };
}
