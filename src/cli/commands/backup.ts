import { BackupError } from '../../backup/archive-reader.ts';
import { createBackup } from '../../backup/create-backup.ts';
import { restoreBackup } from '../../backup/restore-backup.ts';
import { UsageError, type Command } from '../command.ts';

const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export const backupCreateCommand: Command = {
  name: 'backup create',
  summary: 'Write one archive (tar.gz, mode 0600) of the database, every repository, the registry storage and the instance files',
  usage: 'latchkey backup create [--output <file>]',
  options: { output: { type: 'string' } },
  async run(deps, values, io) {
    const output = typeof values.output === 'string' ? values.output : `latchkey-backup-${stamp(deps.clock.now())}.tar.gz`;
    const { file, manifest } = await createBackup({ config: deps.config, secret: deps.secret, clock: deps.clock, output });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    io.err(`backed up ${manifest.tables.length} tables (${rows} rows), ${manifest.repositories.length} repositories, schema ${manifest.schemaVersion}`);
    io.out(file);
    return 0;
  },
};

export const backupRestoreCommand: Command = {
  name: 'backup restore',
  summary: 'Restore an archive into an empty data dir and database (--force replaces a non-empty one)',
  usage: 'latchkey backup restore <file> [--force]',
  options: { force: { type: 'boolean' } },
  positionals: true,
  async run() {
    throw new Error('backup restore runs without opening the instance');
  },
  async runWithoutInstance(config, values, io, positionals) {
    if (positionals.length !== 1) throw new UsageError('give exactly one archive file');
    try {
      const { manifest, appliedMigrations } = await restoreBackup({ config, file: positionals[0]!, force: values.force === true });
      io.err(`restored ${manifest.tables.length} tables and ${manifest.repositories.length} repositories from a ${manifest.dialect} backup of ${manifest.createdAt}`);
      for (const name of appliedMigrations) io.err(`applied ${name}`);
      io.out('restore complete');
      return 0;
    } catch (error) {
      if (error instanceof BackupError) {
        io.err(`latchkey backup restore: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
};
