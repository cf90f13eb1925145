import type { Command } from '../command.ts';

/** Opening the instance migrates it (as the server's start does); this command reports what that applied. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Run pending database migrations (and create root on a new instance); lists what it applied',
  usage: 'latchkey migrate',
  options: {},
  async run(_deps, _values, io, opened) {
    if (opened.appliedMigrations.length === 0) io.out('database is up to date');
    for (const name of opened.appliedMigrations) io.out(`applied ${name}`);
    return 0;
  },
};
