import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/helpers/databases.ts';
import { tokenStanding } from '../../domain/active-token.ts';
import { openDatabase, type OpenDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { countTokensByState } from './metric-counts.ts';
import { insertToken, revokeTokenRow } from './tokens.ts';
import { insertUser } from './users.ts';

const TODAY = '2026-06-15';
const INSTANTS = [new Date('2026-06-14T23:59:59.999Z'), new Date(`${TODAY}T00:00:00.000Z`), new Date(`${TODAY}T12:00:00.000Z`)];
const EXPIRIES = [null, '2026-06-14', TODAY, '2026-06-16'];
const GRACE_ENDS = [null, `${TODAY}T00:00:00.000Z`, `${TODAY}T12:00:00.000Z`, '2026-06-16T00:00:00.000Z'];

for (const dialect of DIALECTS) {
  describe(`countTokensByState, the metrics' token gauge (${dialect})`, () => {
    let database: TestDatabase;
    let opened: OpenDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      opened = openDatabase(database.database);
      await migrateToLatest(opened.db);
      const owner = await insertUser(opened.db, { username: 'owner', name: 'owner', email: 'owner@example.com', password_hash: null, user_type: 'human', is_admin: 0, state: 'active', bot_project_id: null, created_at: '2026-01-01T00:00:00.000Z' });
      let n = 0;
      for (const expires_at of EXPIRIES) {
        for (const active_until of GRACE_ENDS) {
          for (const revoked of [false, true]) {
            n += 1;
            const superseded_at = active_until === null ? null : '2026-06-14T00:00:00.000Z';
            const row = await insertToken(opened.db, { user_id: owner.id, project_id: null, name: `t${n}`, description: null, digest: `digest-${n}`, scopes: '["api"]', access_level: null, expires_at, created_at: '2026-01-01T00:00:00.000Z', previous_personal_access_token_id: null, superseded_at, active_until });
            if (revoked) await revokeTokenRow(opened.db, row.id);
          }
        }
      }
    });
    after(async () => {
      await opened.close();
      await database.drop();
    });

    test('counts every token by the state tokenStanding gives it at each instant, around midnight and a grace period\'s end', async () => {
      const rows = await opened.db.selectFrom('personal_access_tokens').selectAll().execute();
      for (const now of INSTANTS) {
        const expected = new Map<string, number>();
        for (const row of rows) {
          const key = `personal ${tokenStanding(row, now)}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const counted = new Map((await countTokensByState(opened.db, now)).map((row) => [`${row.kind} ${row.state}`, row.count]));
        assert.deepEqual(counted, expected, now.toISOString());
      }
    });
  });
}
