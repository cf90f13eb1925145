import { migrateToLatest } from '../../db/migrate.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Run pending database migrations',
  usage: 'latchkey migrate',
  options: {},
  async run(deps, _values, io) {
    const applied = await migrateToLatest(deps.db);
    io.err(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
    return 0;
  },
};
