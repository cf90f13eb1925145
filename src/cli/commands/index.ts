import type { Command } from '../command.ts';
import { backupCreateCommand, backupRestoreCommand } from './backup.ts';
import { migrateCommand } from './migrate.ts';
import { projectTokenCommands } from './project-token.ts';
import { groupTokenCommands } from './group-token.ts';
import { registryConfigCommand } from './registry-config.ts';
import { tokenCreateCommand } from './token.ts';
import { tokensCleanupCommand } from './tokens-cleanup.ts';
import { tokensNotifyExpiringCommand } from './tokens-notify-expiring.ts';

export const COMMANDS: Command[] = [
  migrateCommand,
  tokenCreateCommand,
  ...projectTokenCommands,
  ...groupTokenCommands,
  tokensCleanupCommand,
  tokensNotifyExpiringCommand,
  registryConfigCommand,
  backupCreateCommand,
  backupRestoreCommand,
];
