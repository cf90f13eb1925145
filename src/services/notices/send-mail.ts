import { MailError, type MailMessage, type MailTransport } from '../../mail/smtp-transport.ts';
import { defaultBackoffMs, type OutboxSender } from '../outbox/deliver-due-messages.ts';

/** Attempts before a mail the server keeps deferring (4xx, no answer) is given up: about a day with the backoff. */
const MAX_ATTEMPTS = 30;

/**
 * The outbox sender of kind `email`. Without SMTP (`LATCHKEY_SMTP_URL` unset) each mail is
 * discarded and the log says so once for this sender (one per process); a temporary failure (4xx,
 * connection refused, timeout) is retried with the outbox's backoff; a 5xx answer is final.
 */
export function mailSender(transport: MailTransport | null): OutboxSender {
  let saidNoSmtp = false;
  return async (deps, message) => {
    if (transport === null) {
      if (!saidNoSmtp) deps.log.warn('no SMTP configured (LATCHKEY_SMTP_URL): notices are not mailed');
      saidNoSmtp = true;
      return { outcome: 'done' };
    }
    try {
      await transport.send(JSON.parse(message.payload) as MailMessage);
      return { outcome: 'done' };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if ((error instanceof MailError && error.permanent) || message.attempts >= MAX_ATTEMPTS) return { outcome: 'drop', error: text };
      return { outcome: 'retry', at: new Date(deps.clock.now().getTime() + defaultBackoffMs(message.attempts)), error: text };
    }
  };
}
