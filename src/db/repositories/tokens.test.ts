import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test/helpers/databases.ts';
import { isActiveToken, tokenStanding } from '../../domain/active-token.ts';
import { openDatabase, type OpenDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import type { TokenRow } from '../schema.ts';
import { findBotsWithoutTokensAliveAfter, hasTokenAliveAfter, insertToken, listTokens, revokeTokenRow } from './tokens.ts';
import { insertUser } from './users.ts';

const TODAY = '2026-06-15';
/** The last second of the day before TODAY, and the first of TODAY: either side of a midnight. */
const INSTANTS = [new Date('2026-06-14T23:59:59.999Z'), new Date(`${TODAY}T00:00:00.000Z`), new Date(`${TODAY}T23:59:59.999Z`)];
const EXPIRIES = [null, '2026-06-13', '2026-06-14', TODAY, '2026-06-16', '2027-01-01'];
/** Ends of a rotation's grace period (active_until, exclusive) around and on those instants. */
const GRACE_ENDS = [null, '2026-06-14T23:59:59.999Z', `${TODAY}T00:00:00.000Z`, `${TODAY}T12:00:00.000Z`, '2026-06-16T00:00:00.000Z'];

for (const dialect of DIALECTS) {
  describe(`the active-token rule, in TypeScript and in SQL (${dialect})`, () => {
    let database: TestDatabase;
    let opened: OpenDatabase;
    let tokens: TokenRow[];
    before(async () => {
      database = await createTestDatabase(dialect);
      opened = openDatabase(database.database);
      await migrateToLatest(opened.db);
      const db = opened.db;
      const user = (name: string, user_type: 'human' | 'project_bot' = 'human') =>
        insertUser(db, { username: name, name, email: `${name}@example.com`, password_hash: null, user_type, is_admin: 0, state: 'active', bot_project_id: null, created_at: '2026-01-01T00:00:00.000Z' });
      const owner = await user('owner');
      let n = 0;
      for (const expires_at of EXPIRIES) {
        for (const active_until of GRACE_ENDS) {
          for (const revoked of [false, true]) {
            n += 1;
            const superseded_at = active_until === null ? null : '2026-06-14T00:00:00.000Z';
            const row = await insertToken(db, { user_id: owner.id, project_id: null, name: `t${n}`, description: null, digest: `digest-${n}`, scopes: '["api"]', access_level: null, expires_at, created_at: '2026-01-01T00:00:00.000Z', previous_personal_access_token_id: null, superseded_at, active_until });
            if (revoked) await revokeTokenRow(db, row.id);
          }
        }
      }
      // One bot per expiry date, with one unrevoked token each.
      for (const expires_at of EXPIRIES) {
        const bot = await user(`bot-${expires_at ?? 'never'}`, 'project_bot');
        n += 1;
        await insertToken(db, { user_id: bot.id, project_id: null, name: `b${n}`, description: null, digest: `digest-${n}`, scopes: '["api"]', access_level: 40, expires_at, created_at: '2026-01-01T00:00:00.000Z', previous_personal_access_token_id: null });
      }
      tokens = (await listTokens(db, { userId: owner.id, now: INSTANTS[1]! }, undefined, { page: 1, perPage: 100 })).items;
      assert.equal(tokens.length, EXPIRIES.length * GRACE_ENDS.length * 2);
    });
    after(async () => {
      await opened.close();
      await database.drop();
    });

    const names = (rows: TokenRow[]) => rows.map((row) => row.name).sort();

    test('listTokens state=active and state=inactive split the tokens exactly as isActiveToken does at each instant, grace periods included', async () => {
      const owner = tokens[0]!.user_id;
      const page = { page: 1, perPage: 100 };
      for (const now of [...INSTANTS, new Date(`${TODAY}T12:00:00.000Z`)]) {
        const active = (await listTokens(opened.db, { userId: owner, state: 'active', now }, undefined, page)).items;
        const inactive = (await listTokens(opened.db, { userId: owner, state: 'inactive', now }, undefined, page)).items;
        assert.deepEqual(names(active), names(tokens.filter((token) => isActiveToken(token, now))), now.toISOString());
        assert.deepEqual(names(inactive), names(tokens.filter((token) => !isActiveToken(token, now))), now.toISOString());
      }
      // At the first instant of TODAY: unrevoked, no date or one after today (never, 2026-06-16,
      // 2027-01-01), and no grace period or one ending later (null, 12:00, tomorrow).
      const atMidnight = tokens.filter((token) => isActiveToken(token, INSTANTS[1]!));
      assert.equal(atMidnight.length, 9);
      assert.ok(atMidnight.every((token) => token.revoked === 0));
      // The day before, a token expiring today still lives: four dates, four grace ends still ahead.
      assert.equal(tokens.filter((token) => isActiveToken(token, INSTANTS[0]!)).length, 16);
      // A grace period ending at an instant is over at that very instant (active_until is exclusive).
      const endsAtNoon = tokens.filter((token) => token.active_until === `${TODAY}T12:00:00.000Z` && token.revoked === 0 && token.expires_at === null);
      assert.equal(endsAtNoon.length, 1);
      assert.equal(isActiveToken(endsAtNoon[0]!, new Date(`${TODAY}T11:59:59.999Z`)), true);
      assert.equal(tokenStanding(endsAtNoon[0]!, new Date(`${TODAY}T12:00:00.000Z`)), 'superseded');
    });

    test('the cleanup sees a bot alive after a cutoff exactly when one of its tokens is active on that day', async () => {
      const cutoff = '2026-06-14';
      const dead = await findBotsWithoutTokensAliveAfter(opened.db, cutoff);
      const bots = await opened.db.selectFrom('users').selectAll().where('user_type', '=', 'project_bot').execute();
      for (const bot of bots) {
        const botTokens = await opened.db.selectFrom('personal_access_tokens').selectAll().where('user_id', '=', bot.id).execute();
        const alive = botTokens.some((token) => isActiveToken(token, new Date(`${cutoff}T12:00:00.000Z`)));
        assert.equal(await hasTokenAliveAfter(opened.db, bot.id, cutoff), alive, bot.username);
        assert.equal(dead.includes(bot.id), !alive, bot.username);
      }
      // Expired on 06-13 and on 06-14 (the cutoff itself): dead; today, later or never: alive.
      assert.equal(dead.length, 2);
    });
  });
}
