import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';
import { addMember, createProject } from '../helpers/project-tokens.ts';
import { startTestApp, type ApiResponse, type TestApp } from '../helpers/test-app.ts';

const PARALLEL = 100;
const OWNER = 50;

function statuses(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

function assertNoServerError(responses: ApiResponse[], what: string): void {
  const failed = responses.filter((res) => res.status >= 500);
  assert.deepEqual(failed.map((res) => [res.status, res.body]), [], `${what}: ${JSON.stringify(statuses(responses))}`);
}

for (const dialect of DIALECTS) {
  describe(`concurrent writes on one project (${dialect})`, () => {
    let t: TestApp;
    let owner: { id: number; token: string };
    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('busy-owner');
    });
    after(() => t.close());

    test(`${PARALLEL} parallel token creations, then ${PARALLEL} parallel revocations: all succeed and every invariant holds`, async () => {
      const project = await createProject(t, owner.token, 'crowded');
      const created = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          t.api('POST', `/projects/${project.id}/access_tokens`, { token: owner.token, body: { name: `crowd-${i}`, scopes: ['api'], access_level: 30 } }),
        ),
      );
      assertNoServerError(created, 'creations');
      assert.deepEqual(statuses(created), { 201: PARALLEL });
      const tokens = created.map((res) => res.body as { id: number; user_id: number; token: string });
      assert.equal(new Set(tokens.map((x) => x.id)).size, PARALLEL);
      assert.equal(new Set(tokens.map((x) => x.user_id)).size, PARALLEL, 'each token has its own bot');
      assert.equal(new Set(tokens.map((x) => x.token)).size, PARALLEL);
      assert.deepEqual(await brokenInvariants(t.app.deps.db, dialect, t.config.dataDir), []);
      const working = await Promise.all(tokens.map((x) => t.api('GET', '/personal_access_tokens/self', { token: x.token })));
      assert.deepEqual(statuses(working), { 200: PARALLEL });
      const members = await t.api('GET', `/projects/${project.id}/members?per_page=100&page=2`, { token: owner.token });
      assert.equal(members.headers['x-total'], String(PARALLEL + 1), 'the owner and one bot per token');

      const revoked = await Promise.all(tokens.map((x) => t.api('DELETE', `/projects/${project.id}/access_tokens/${x.id}`, { token: owner.token })));
      assertNoServerError(revoked, 'revocations');
      assert.deepEqual(statuses(revoked), { 204: PARALLEL });
      assert.deepEqual(await brokenInvariants(t.app.deps.db, dialect, t.config.dataDir), []);
      const refused = await Promise.all(tokens.map((x) => t.api('GET', '/personal_access_tokens/self', { token: x.token })));
      assert.deepEqual(statuses(refused), { 401: PARALLEL });
      const active = await t.api('GET', `/projects/${project.id}/access_tokens?state=active`, { token: owner.token });
      assert.deepEqual(active.body, []);
      const bots = await t.app.deps.db.selectFrom('users').select('id').where('user_type', '=', 'project_bot').where('bot_project_id', '=', project.id).execute();
      assert.deepEqual(bots, [], 'every bot is gone');
      const ghosts = await t.app.deps.db.selectFrom('users').select('id').where('user_type', '=', 'ghost').execute();
      assert.ok(ghosts.length <= 1, `${ghosts.length} ghost users`);
      const audit = await t.api('GET', `/projects/${project.id}/audit_events?per_page=1`, { token: owner.token });
      assert.equal(audit.headers['x-total'], String(2 * PARALLEL), 'one created and one deleted audit event per token');
    });

    test('parallel adds, updates and removes of the same and different members: no 500, a consistent end state, always an Owner', async () => {
      const project = await createProject(t, owner.token, 'reshuffled');
      const users = await Promise.all(Array.from({ length: 8 }, (_, i) => t.createUser(`shuffled-${i}`)));
      // Adds: every user once, the first three three times at once (exactly one wins each).
      const adds = await Promise.all(
        [...users, users[0]!, users[0]!, users[1]!, users[1]!, users[2]!, users[2]!].map((u, i) =>
          t.api('POST', `/projects/${project.id}/members`, { token: owner.token, body: { user_id: u.id, access_level: i % 2 === 0 ? 30 : OWNER } }),
        ),
      );
      assertNoServerError(adds, 'adds');
      assert.deepEqual(statuses(adds), { 201: users.length, 409: 6 });

      // Everyone at once: owners demoting owners (and themselves), promotions, double removals.
      const ops: { user: number; kind: 'update' | 'remove'; level?: number; token: string }[] = [];
      for (const [i, u] of [{ id: owner.id, token: owner.token }, ...users].entries()) {
        ops.push({ user: u.id, kind: 'update', level: 30, token: owner.token });
        ops.push({ user: u.id, kind: 'update', level: i % 3 === 0 ? OWNER : 40, token: t.rootToken });
        ops.push({ user: u.id, kind: 'remove', token: i % 2 === 0 ? t.rootToken : u.token });
        if (i % 2 === 0) ops.push({ user: u.id, kind: 'remove', token: owner.token });
      }
      const changes = await Promise.all(
        ops.map((op) =>
          op.kind === 'update'
            ? t.api('PUT', `/projects/${project.id}/members/${op.user}`, { token: op.token, body: { access_level: op.level } })
            : t.api('DELETE', `/projects/${project.id}/members/${op.user}`, { token: op.token }),
        ),
      );
      assertNoServerError(changes, 'changes');
      for (const res of changes) assert.ok([200, 204, 400, 403, 404].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);

      const listed = await t.api('GET', `/projects/${project.id}/members?per_page=100`);
      const final = new Map<number, number>((listed.body as { id: number; access_level: number }[]).map((m) => [m.id, m.access_level]));
      assert.equal(final.size, listed.body.length, 'nobody is a member twice');
      assert.ok([...final.values()].includes(OWNER), `no Owner left: ${JSON.stringify([...final])}`);
      for (const [i, op] of ops.entries()) {
        const res = changes[i]!;
        const removed = ops.some((o, j) => o.user === op.user && o.kind === 'remove' && changes[j]!.status === 204);
        // A user someone removed is gone; a user nobody removed holds a level one of the successful updates set, or its first one.
        if (removed) assert.equal(final.has(op.user), false, `user ${op.user} was removed but is listed`);
        else if (op.kind === 'update' && res.status === 200) assert.ok(final.has(op.user), `user ${op.user} was updated and is not listed`);
        if (op.kind === 'remove') assert.ok(ops.filter((o, j) => o.user === op.user && o.kind === 'remove' && changes[j]!.status === 204).length <= 1);
      }
      for (const [user, level] of final) {
        const applied = ops.filter((o, j) => o.user === user && o.kind === 'update' && changes[j]!.status === 200).map((o) => o.level);
        if (applied.length > 0) assert.ok(applied.includes(level), `user ${user} is at ${level}, set by no successful update (${applied})`);
      }
      assert.deepEqual(await brokenInvariants(t.app.deps.db, dialect, t.config.dataDir), []);
    });

    test("a Maintainer's change racing an Owner's promotion never demotes or removes an Owner", async () => {
      const project = await createProject(t, owner.token, 'raced');
      const maintainer = await t.createUser('racing-maintainer');
      await addMember(t, project.id, maintainer.id, 40);
      const targets = await Promise.all(Array.from({ length: 12 }, (_, i) => t.createUser(`raced-${i}`)));
      await Promise.all(targets.map((u) => addMember(t, project.id, u.id, 30)));
      const results = await Promise.all(
        targets.flatMap((u, i) => [
          t.api('PUT', `/projects/${project.id}/members/${u.id}`, { token: owner.token, body: { access_level: OWNER } }),
          i % 2 === 0
            ? t.api('PUT', `/projects/${project.id}/members/${u.id}`, { token: maintainer.token, body: { access_level: 20 } })
            : t.api('DELETE', `/projects/${project.id}/members/${u.id}`, { token: maintainer.token }),
        ]),
      );
      assertNoServerError(results, 'racing changes');
      for (const [i, u] of targets.entries()) {
        const promoted = results[2 * i]!;
        const maintainers = results[2 * i + 1]!;
        const member = await t.api('GET', `/projects/${project.id}/members/${u.id}`);
        if (promoted.status === 200 && maintainers.status < 300) {
          // Both succeeded: the Maintainer's must have come first, so the Owner's promotion stands.
          assert.equal(member.status, 200, `user ${u.id} was promoted to Owner, then removed by a Maintainer`);
          assert.equal(member.body.access_level, OWNER, `user ${u.id} was promoted to Owner, then demoted by a Maintainer`);
        }
      }
    });
  });
}
