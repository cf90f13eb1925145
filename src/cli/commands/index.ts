import type { Command } from '../command.ts';
import { migrateCommand } from './migrate.ts';
import { tokenCreateCommand } from './token.ts';

export const COMMANDS: Command[] = [migrateCommand, tokenCreateCommand];
