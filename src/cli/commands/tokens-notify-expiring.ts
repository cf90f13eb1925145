import { openSmtpTransport } from '../../mail/smtp-transport.ts';
import { deliverQueuedMail } from '../../services/notices/deliver-queued-mail.ts';
import { notifyExpiringTokens } from '../../services/notices/notify-expiring-tokens.ts';
import type { Command } from '../command.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const tokensNotifyExpiringCommand: Command = {
  name: 'tokens notify-expiring',
  summary: 'Send the token expiry notices due today (60, 30, 7, 1 days before, and on the day) and deliver the queued mail',
  usage: 'latchkey tokens notify-expiring',
  options: {},
  async run(deps, _values, io) {
    const sent = await notifyExpiringTokens(deps);
    for (const notice of sent) {
      const what = notice.threshold === 'expired' ? 'expired' : `expires in ${plural(Number(notice.threshold), 'day')} or less`;
      io.out(`token ${notice.tokenId}${notice.projectId === null ? '' : ` (project ${notice.projectId})`}: ${what}: ${plural(notice.mails, 'mail')}, ${plural(notice.hooks, 'webhook event')} queued`);
    }
    io.out(`${plural(sent.length, 'notice')} queued`);
    const transport = openSmtpTransport(deps.config.mail);
    if (transport === null) {
      io.out('no SMTP configured (LATCHKEY_SMTP_URL): notices are not mailed');
      await deliverQueuedMail(deps, null);
      return 0;
    }
    try {
      const mailed = await deliverQueuedMail(deps, transport);
      io.out(`${plural(mailed, 'mail')} sent`);
    } finally {
      transport.close();
    }
    return 0;
  },
};
