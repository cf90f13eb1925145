import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { openDatabase } from '../../src/db/database.ts';
import { BIN, compiledCli } from '../helpers/compiled-cli.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { run } from '../helpers/latchkey-process.ts';
import { childEnv, freePort, type Finished } from '../cli/server-process.ts';
import { fixtureNames, loadFixture, readAllTables, readFixture, type Tables } from './fixtures.ts';

// A database migrated by a newer Latchkey: the server and every CLI command refuse it with one
// line, a non-zero exit and no stack trace, before migrating anything. The database is the oldest
// fixture (an old schema with data) plus one migration from the future, so a partial migration
// would show as new tables or rows.

const FUTURE = '2099-01-01T00-from-a-newer-latchkey';

/** `node <args>` from the repository root; killed after a minute (it must stop by itself long before). */
const runNode = (args: string[], env: Record<string, string>) => run(process.execPath, args, childEnv(env), { timeoutMs: 60_000 });

function assertRefused(res: Finished, prefix: string): void {
  assert.equal(res.signal, null, 'it stops by itself');
  assert.notEqual(res.code, 0);
  const lines = res.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line:\n${res.stderr}`);
  assert.match(
    lines[0]!,
    new RegExp(`^${prefix}the database is newer than this Latchkey \\d+\\.\\d+\\.\\d+: it has migration ${FUTURE}, which this version does not know \\(its newest is \\d{4}-\\d\\d-\\d\\dT[\\w-]+\\); run the Latchkey version that migrated it \\(one made on or after 2099-01-01\\)`),
  );
  assert.doesNotMatch(res.stderr, /\n\s+at /);
  assert.equal(res.stdout, '');
}

const oldest = fixtureNames()[0]!;

for (const dialect of DIALECTS) {
  describe(`a database newer than the code (${dialect})`, () => {
    let database: TestDatabase;
    let env: Record<string, string>;
    let untouched: Tables;

    before(async () => {
      database = await createTestDatabase(dialect);
      loadFixture(oldest, database);
      const opened = openDatabase(database.database);
      await sql`insert into latchkey_migrations (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(opened.db);
      await opened.close();
      untouched = await readAllTables(database.database);
      env = {
        LATCHKEY_DATA_DIR: database.dataDir,
        LATCHKEY_SECRET: readFixture(oldest, dialect).secret,
        LATCHKEY_HTTP_PORT: String(await freePort()),
        LATCHKEY_SSH_PORT: String(await freePort()),
        ...(database.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: database.database.url }),
      };
    });
    after(() => database?.drop());

    test('the server (npm start) refuses to start, naming the migration, and migrates nothing', async () => {
      const res = await runNode(['--enable-source-maps', 'dist/main.js'], env);
      assertRefused(res, 'latchkey: failed to start: ');
      assert.deepEqual(await readAllTables(database.database), untouched);
    });

    test('every latchkey command refuses it the same way, and migrates nothing', async () => {
      // `backup restore` opens no instance (it fills an empty one and refuses any other: test/backup).
      // The first command as users run it (bin/latchkey.js), the others compiled once per run.
      const commands = COMMANDS.filter((c) => c.runWithoutInstance === undefined);
      for (const [i, command] of commands.entries()) {
        const res = await runNode([i === 0 ? BIN : await compiledCli(), ...command.name.split(' ')], env);
        assertRefused(res, 'latchkey: ');
      }
      assert.deepEqual(await readAllTables(database.database), untouched);
    });
  });
}
