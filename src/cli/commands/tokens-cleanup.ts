import { cleanupExpiredBots } from '../../services/tokens/cleanup-expired-bots.ts';
import type { Command } from '../command.ts';

export const tokensCleanupCommand: Command = {
  name: 'tokens cleanup',
  summary: 'Remove the bot users of project access tokens that expired more than LATCHKEY_BOT_RETENTION_DAYS ago',
  usage: 'latchkey tokens cleanup',
  options: {},
  async run(deps, _values, io) {
    const removed = await cleanupExpiredBots(deps);
    io.out(`removed ${removed} bot user${removed === 1 ? '' : 's'} of expired project access tokens (retention: ${deps.config.botRetentionDays} days)`);
    return 0;
  },
};
