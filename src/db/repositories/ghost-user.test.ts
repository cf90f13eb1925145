import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/helpers/databases.ts';
import { openDatabase, type OpenDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { ensureGhostUser } from './users.ts';

const NOW = '2026-06-15T00:00:00.000Z';
const ROUNDS = 40;

for (const dialect of DIALECTS) {
  describe(`the ghost user, created on first need (${dialect})`, () => {
    let database: TestDatabase;
    let opened: OpenDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      opened = openDatabase(database.database);
      await migrateToLatest(opened.db);
    });
    after(async () => {
      await opened.close();
      await database.drop();
    });

    test('transactions that race to create it all get the same one, and there is one', async () => {
      // PostgreSQL: the first transaction's insert holds the unique keys until it commits; the
      // others wait on it (on the username or the email index, whichever is checked first) and
      // must then reuse its row rather than fail. SQLite runs them one after another.
      // The window is narrow, so the race is run many times over.
      for (let round = 0; round < ROUNDS; round++) {
        await opened.db.deleteFrom('users').where('user_type', '=', 'ghost').execute();
        const ghosts = await Promise.all(
          Array.from({ length: 8 }, () =>
            opened.db.transaction().execute(async (trx) => {
              const ghost = await ensureGhostUser(trx, 'latchkey.test', NOW);
              await new Promise((resolve) => setTimeout(resolve, 5));
              return ghost.id;
            }),
          ),
        );
        assert.equal(new Set(ghosts).size, 1, `round ${round}`);
        const rows = await opened.db.selectFrom('users').select('id').where('user_type', '=', 'ghost').execute();
        assert.deepEqual(rows.map((row) => row.id), [ghosts[0]]);
      }
    });
  });
}
