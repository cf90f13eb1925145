import assert from 'node:assert/strict';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { reusableQuery } from './reusable-query.ts';

test('reusableQuery compiles once and binds each call’s own arguments in the right places', async () => {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec(`create table members (project_id int, user_id int, access_level int);
               insert into members values (1, 10, 30), (1, 20, 40), (2, 10, 50);`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  let builds = 0;
  const level = reusableQuery(
    (d, projectId: number, userId: number) => {
      builds += 1;
      return d.selectFrom('members').select('access_level').where('user_id', '=', userId).where('project_id', '=', projectId);
    },
    [-1, -2],
  );
  assert.deepEqual(await level(db, 1, 20), [{ access_level: 40 }]);
  assert.deepEqual(await level(db, 2, 10), [{ access_level: 50 }]);
  assert.deepEqual(await level(db, 3, 10), []);
  assert.equal(builds, 1);
  await db.destroy();
});
