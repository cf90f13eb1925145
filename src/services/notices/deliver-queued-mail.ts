import { randomBytes } from 'node:crypto';
import type { MailTransport } from '../../mail/smtp-transport.ts';
import type { Deps } from '../../deps.ts';
import { deliverDueMessages } from '../outbox/deliver-due-messages.ts';
import { mailSender } from './send-mail.ts';

/** How long a webhook claimed by a one-off delivery is left for the server's own delivery loop. */
const LEAVE_WEBHOOKS_MS = 60_000;

/**
 * Delivers the mail due now without a running server (the CLI): claims due outbox messages batch
 * after batch until none is left, sends the mails, and leaves webhook deliveries to the server
 * (released for a minute). Returns how many mails the SMTP server took.
 */
export async function deliverQueuedMail(deps: Deps, transport: MailTransport | null): Promise<number> {
  const send = mailSender(transport);
  let mailed = 0;
  const node = `cli:${process.pid}:${randomBytes(4).toString('hex')}`;
  const limit = 32;
  for (;;) {
    const claimed = await deliverDueMessages(
      deps,
      {
        email: async (d, message) => {
          const outcome = await send(d, message);
          if (outcome.outcome === 'done' && transport !== null) mailed += 1;
          return outcome;
        },
        webhook: async (d) => ({ outcome: 'retry', at: new Date(d.clock.now().getTime() + LEAVE_WEBHOOKS_MS), error: 'left for the server' }),
      },
      { node, limit, concurrency: 2 },
    );
    if (claimed < limit) return mailed;
  }
}
