import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/databases.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { pageOf, pageOfList } from './pagination.ts';

test('pageOfList cuts a page of a list in memory, with the total of the whole list', () => {
  const all = [1, 2, 3, 4, 5];
  assert.deepEqual(pageOfList(all, { page: 2, perPage: 2 }), { items: [3, 4], total: 5, page: 2, perPage: 2 });
  assert.deepEqual(pageOfList(all, { page: 3, perPage: 2 }, (n) => `#${n}`), { items: ['#5'], total: 5, page: 3, perPage: 2 });
  assert.deepEqual(pageOfList(all, { page: 4, perPage: 2 }).items, []);
});

for (const dialect of DIALECTS) {
  describe(`pageOf (${dialect})`, () => {
    let database: TestDatabase;
    let opened: OpenDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      opened = openDatabase(database.database);
      await migrateToLatest(opened.db);
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        const user = await opened.db
          .insertInto('users')
          .values({ username: name, name, email: `${name}@example.com`, password_hash: null, user_type: 'human', is_admin: 0, state: 'active', bot_project_id: null, created_at: '2026-01-01T00:00:00.000Z' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await opened.db.insertInto('namespaces').values({ path: name, name, kind: 'user', owner_id: user.id, created_at: '2026-01-01T00:00:00.000Z' }).execute();
      }
    });
    after(async () => {
      await opened.close();
      await database.drop();
    });

    const humans = () => opened.db.selectFrom('users').where('user_type', '=', 'human');

    test('counts what the conditions match and cuts the page from the ordered rows', async () => {
      const page = await pageOf(humans(), { page: 2, perPage: 2 }, (q) => q.selectAll().orderBy('username', 'desc'));
      assert.equal(page.total, 5);
      assert.equal(typeof page.total, 'number');
      assert.deepEqual(page.items.map((user) => user.username), ['c', 'b']);
      assert.deepEqual([page.page, page.perPage], [2, 2]);
    });

    test('a page past the end is empty with the total still counted; nothing matched is a total of 0', async () => {
      const past = await pageOf(humans(), { page: 4, perPage: 2 }, (q) => q.selectAll().orderBy('id'));
      assert.deepEqual([past.items, past.total], [[], 5]);
      const none = await pageOf(humans().where('username', '=', 'nobody'), { page: 1, perPage: 20 }, (q) => q.selectAll().orderBy('id'));
      assert.deepEqual([none.items, none.total], [[], 0]);
    });

    test('a joined query that already selects is counted by its rows, and each row is mapped', async () => {
      const joined = opened.db.selectFrom('namespaces').innerJoin('users', 'users.id', 'namespaces.owner_id').select(['namespaces.path', 'users.email']);
      const page = await pageOf(joined, { page: 1, perPage: 3 }, (q) => q.orderBy('namespaces.path'), (row) => `${row.path} <${row.email}>`);
      assert.equal(page.total, 5);
      assert.deepEqual(page.items, ['a <a@example.com>', 'b <b@example.com>', 'c <c@example.com>']);
    });
  });
}
