import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { addDays, utcDate } from '../../src/domain/clock.ts';
import { notifyExpiringTokens } from '../../src/services/notices/notify-expiring-tokens.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { brokenInvariants } from '../helpers/invariants.ts';
import { bad, sortedKeys, TOKEN_ENTITY_KEYS } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// GitLab's group access tokens API (the group half of spec/requests/api/resource_access_tokens_spec.rb):
// the project tokens' fields, scopes, role limits, expiry, rotation and audit events, held by a group
// whose bot reaches the group's projects, and its subgroups' projects, by inheritance.

const UNAUTHORIZED = { message: '401 Unauthorized' };
const REVOKED_BODY = { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' };

interface Person {
  id: number;
  token: string;
}

for (const dialect of DIALECTS) {
  describe(`group access tokens API (${dialect})`, () => {
    let t: TestApp;
    let owner: Person;
    let subOwner: Person;
    let coOwner: Person;
    let maintainer: Person;
    let developer: Person;
    let stranger: Person;
    let group: { id: number; full_path: string };
    let sub: { id: number };
    let inGroup: { id: number };
    let inSub: { id: number };
    let outside: { id: number };
    let counter = 0;

    const token = async (body: Record<string, unknown> = {}, as: Person = owner) => {
      counter += 1;
      const res = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: as.token, body: { name: `bot-${counter}`, scopes: ['api'], ...body } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: number; token: string; user_id: number; name: string; access_level: number };
    };
    const groupAudit = async (groupId: number) =>
      (await listAuditEvents(t.app.deps.db, { type: 'Group', id: groupId }, {}, { page: 1, perPage: 100 })).items.map((e) => e.event_name);

    before(async () => {
      t = await startTestApp(dialect);
      owner = await t.createUser('gina');
      subOwner = await t.createUser('sue');
      coOwner = await t.createUser('olga');
      maintainer = await t.createUser('mona');
      developer = await t.createUser('dev');
      stranger = await t.createUser('stan');
      group = (await t.api('POST', '/groups', { token: owner.token, body: { name: 'team', path: 'team' } })).body;
      sub = (await t.api('POST', '/groups', { token: owner.token, body: { name: 'sub', path: 'sub', parent_id: group.id } })).body;
      for (const [user, level] of [
        [coOwner, 50],
        [maintainer, 40],
        [developer, 30],
        [subOwner, 30],
      ] as const) {
        assert.equal((await t.api('POST', `/groups/${group.id}/members`, { token: owner.token, body: { user_id: user.id, access_level: level } })).status, 201);
      }
      // sue: a Developer of the group, an Owner of its subgroup.
      assert.equal((await t.api('POST', `/groups/${sub.id}/members`, { token: owner.token, body: { user_id: subOwner.id, access_level: 50 } })).status, 201);
      inGroup = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'app', namespace_id: group.id } })).body;
      inSub = (await t.api('POST', '/projects', { token: owner.token, body: { name: 'lib', namespace_id: sub.id } })).body;
      outside = (await t.api('POST', '/projects', { token: stranger.token, body: { name: 'elsewhere' } })).body;
    });
    after(() => t.close());

    test('POST /groups/:id/access_tokens: 201 with the token once, GitLab\'s fields, a group_<id>_bot_ member of the group', async () => {
      const res = await t.api('POST', `/groups/${group.id}/access_tokens`, {
        token: owner.token,
        body: { name: 'renovate', scopes: ['api', 'read_repository'], access_level: 30, expires_at: '2027-01-01' },
      });
      assert.equal(res.status, 201);
      assert.deepEqual(sortedKeys(res.body), [...TOKEN_ENTITY_KEYS, 'token'].sort());
      assert.equal(res.body.access_level, 30);
      assert.deepEqual(res.body.scopes, ['api', 'read_repository']);
      assert.equal(res.body.expires_at, '2027-01-01');
      const shown = await t.api('GET', `/groups/${group.id}/access_tokens/${res.body.id}`, { token: owner.token });
      assert.equal(shown.status, 200);
      assert.equal(shown.body.token, undefined);
      const members = await t.api('GET', `/groups/${group.id}/members`, { token: owner.token });
      const bot = members.body.find((m: { id: number }) => m.id === res.body.user_id);
      assert.match(bot.username, new RegExp(`^group_${group.id}_bot_[0-9a-f]{16}$`));
      assert.equal(bot.access_level, 30);
      assert.equal(bot.expires_at, '2027-01-01');
      assert.equal(bot.bot, true);
      assert.ok((await groupAudit(group.id)).includes('group_access_token_created'));
    });

    test('GET /groups/:id/access_tokens lists the group\'s tokens only, to its Owners; a Maintainer or Developer gets 401, a stranger 404', async () => {
      const mine = await token({ access_level: 10 });
      const list = await t.api('GET', `/groups/${group.id}/access_tokens?per_page=100`, { token: owner.token });
      assert.equal(list.status, 200);
      assert.ok(list.body.some((tk: { id: number }) => tk.id === mine.id));
      const subList = await t.api('GET', `/groups/${sub.id}/access_tokens`, { token: owner.token });
      assert.deepEqual(subList.body, []);
      assert.deepEqual((await t.api('GET', `/groups/${sub.id}/access_tokens/${mine.id}`, { token: owner.token })).body, {
        message: `404 Could not find group access token with token_id: ${mine.id} Not Found`,
      });
      for (const who of [maintainer, developer]) {
        const refused = await t.api('GET', `/groups/${group.id}/access_tokens`, { token: who.token });
        assert.equal(refused.status, 401);
        assert.deepEqual(refused.body, UNAUTHORIZED);
        const one = await t.api('GET', `/groups/${group.id}/access_tokens/${mine.id}`, { token: who.token });
        assert.equal(one.status, 401);
        assert.deepEqual(one.body, UNAUTHORIZED);
      }
      assert.equal((await t.api('GET', `/groups/${group.id}/access_tokens/999999`, { token: maintainer.token })).status, 401, 'refused before the token id is looked at');
      const hidden = await t.api('GET', `/groups/${group.id}/access_tokens`, { token: stranger.token });
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, { message: '404 Group Not Found' });
    });

    test('creating: an Owner up to Owner; a Maintainer or Developer creates nothing (400, as GitLab)', async () => {
      const owners = await token({ access_level: 50 });
      assert.equal(owners.access_level, 50);
      for (const who of [maintainer, developer]) {
        const refused = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: who.token, body: { name: 'd', scopes: ['api'], access_level: 10 } });
        assert.equal(refused.status, 400);
        assert.deepEqual(refused.body, bad('User does not have permission to create group access token'));
      }
      const scope = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: owner.token, body: { name: 's', scopes: ['sudo'] } });
      assert.equal(scope.status, 400);
      const missing = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: owner.token, body: { scopes: ['api'] } });
      assert.deepEqual(missing.body, { error: 'name is missing' });
      const events = await groupAudit(group.id);
      assert.ok(events.includes('group_access_token_creation_failed'));
    });

    test("an Owner of the parent group manages the subgroup's tokens (inherited); an Owner of the subgroup only, only the subgroup's", async () => {
      // olga is an Owner of team only: in team/sub her Owner role is inherited.
      const made = await t.api('POST', `/groups/${sub.id}/access_tokens`, { token: coOwner.token, body: { name: 'inherited', scopes: ['api'], access_level: 50 } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.access_level, 50);
      const listed = await t.api('GET', `/groups/${sub.id}/access_tokens`, { token: coOwner.token });
      assert.equal(listed.status, 200);
      assert.ok(listed.body.some((tk: { id: number }) => tk.id === made.body.id));
      const rotated = await t.api('POST', `/groups/${sub.id}/access_tokens/${made.body.id}/rotate`, { token: coOwner.token });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const bySubOwner = await t.api('GET', `/groups/${sub.id}/access_tokens/${rotated.body.id}`, { token: subOwner.token });
      assert.equal(bySubOwner.status, 200);
      assert.equal((await t.api('DELETE', `/groups/${sub.id}/access_tokens/${rotated.body.id}`, { token: subOwner.token })).status, 204);
      // sue is a Developer of the parent: its tokens are not hers to see or make.
      assert.deepEqual((await t.api('GET', `/groups/${group.id}/access_tokens`, { token: subOwner.token })).body, UNAUTHORIZED);
      const refused = await t.api('POST', `/groups/${group.id}/access_tokens`, { token: subOwner.token, body: { name: 'up', scopes: ['api'] } });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, bad('User does not have permission to create group access token'));
    });

    test('the bot reaches the group\'s projects and its subgroups\' on the API, and nothing else', async () => {
      const bot = await token({ access_level: 30 });
      for (const project of [inGroup, inSub]) {
        const res = await t.api('GET', `/projects/${project.id}`, { token: bot.token });
        assert.equal(res.status, 200, `project ${project.id}`);
        const issue = await t.api('POST', `/projects/${project.id}/issues`, { token: bot.token, body: { title: 'from the group bot' } });
        assert.equal(issue.status, 201);
      }
      assert.equal((await t.api('GET', `/projects/${outside.id}`, { token: bot.token })).status, 404);
      assert.equal((await t.api('GET', `/groups/${sub.id}`, { token: bot.token })).status, 200);
    });

    test('the bot cannot be added to another group or project (GitLab\'s 400)', async () => {
      const bot = await token({ access_level: 10 });
      const other = (await t.api('POST', '/groups', { token: owner.token, body: { name: `other-${counter}`, path: `other-${counter}` } })).body;
      const toGroup = await t.api('POST', `/groups/${other.id}/members`, { token: owner.token, body: { user_id: bot.user_id, access_level: 30 } });
      assert.equal(toGroup.status, 400);
      const toProject = await t.api('POST', `/projects/${inGroup.id}/members`, { token: owner.token, body: { user_id: bot.user_id, access_level: 30 } });
      assert.equal(toProject.status, 400);
    });

    test('POST .../:token_id/rotate: a new token for the same bot, the old one revoked; grace_period_minutes keeps it working', async () => {
      const first = await token({ access_level: 30 });
      const rotated = await t.api('POST', `/groups/${group.id}/access_tokens/${first.id}/rotate`, { token: owner.token, body: { grace_period_minutes: 30 } });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.notEqual(rotated.body.token, first.token);
      assert.equal(rotated.body.user_id, first.user_id);
      assert.equal((await t.api('GET', `/projects/${inSub.id}`, { token: rotated.body.token })).status, 200);
      assert.equal((await t.api('GET', `/projects/${inSub.id}`, { token: first.token })).status, 200, 'inside its grace period');
      const again = await t.api('POST', `/groups/${group.id}/access_tokens/${rotated.body.id}/rotate`, { token: owner.token });
      assert.equal(again.status, 200);
      const dead = await t.api('GET', `/projects/${inSub.id}`, { token: rotated.body.token });
      assert.equal(dead.status, 401);
      assert.deepEqual(dead.body, REVOKED_BODY);
      const low = await token({ access_level: 20 });
      for (const who of [maintainer, developer]) {
        const refused = await t.api('POST', `/groups/${group.id}/access_tokens/${low.id}/rotate`, { token: who.token });
        assert.equal(refused.status, 401);
        assert.deepEqual(refused.body, UNAUTHORIZED);
      }
      assert.equal((await t.api('GET', `/projects/${inGroup.id}`, { token: low.token })).status, 200, 'the refused rotation left the token working');
      assert.ok((await groupAudit(group.id)).includes('group_access_token_rotated'));
    });

    test('POST /groups/:id/access_tokens/self/rotate: the group token rotates itself; another group\'s is 401, a personal token 405', async () => {
      const own = await token({ access_level: 10, scopes: ['self_rotate', 'read_api'] });
      const rotated = await t.api('POST', `/groups/${group.id}/access_tokens/self/rotate`, { token: own.token });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.equal((await t.api('GET', `/projects/${inGroup.id}`, { token: own.token })).status, 401);
      const elsewhere = await t.api('POST', `/groups/${sub.id}/access_tokens/self/rotate`, { token: rotated.body.token });
      assert.equal(elsewhere.status, 401);
      const personal = await t.api('POST', `/groups/${group.id}/access_tokens/self/rotate`, { token: owner.token });
      assert.equal(personal.status, 405);
      const viaProject = await t.api('POST', `/projects/${inGroup.id}/access_tokens/self/rotate`, { token: rotated.body.token });
      assert.equal(viaProject.status, 401, "a group token is not the project's token");
    });

    test('DELETE /groups/:id/access_tokens/:token_id: 204, the token stops at once, the bot is gone; a Maintainer gets 400', async () => {
      const doomed = await token({ access_level: 30 });
      const refused = await t.api('DELETE', `/groups/${group.id}/access_tokens/${doomed.id}`, { token: maintainer.token });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /^400 Bad request - mona cannot delete /);
      assert.equal((await t.api('GET', `/projects/${inGroup.id}`, { token: doomed.token })).status, 200, 'the refused revocation left the token working');
      assert.equal((await t.api('DELETE', `/groups/${group.id}/access_tokens/999999`, { token: maintainer.token })).status, 404, 'an unknown token: 404, as GitLab looks it up first');
      assert.equal((await t.api('GET', `/users/${doomed.user_id}`, { token: developer.token })).status, 200, 'a member of the group sees its bot');
      assert.equal((await t.api('GET', `/users/${doomed.user_id}`, { token: stranger.token })).status, 404, 'a stranger does not');
      const res = await t.api('DELETE', `/groups/${group.id}/access_tokens/${doomed.id}`, { token: owner.token });
      assert.equal(res.status, 204);
      assert.equal((await t.api('GET', `/projects/${inGroup.id}`, { token: doomed.token })).status, 401);
      assert.equal((await t.api('GET', `/users/${doomed.user_id}`, { token: owner.token })).status, 404);
      const shown = await t.api('GET', `/groups/${group.id}/access_tokens/${doomed.id}`, { token: owner.token });
      assert.equal(shown.body.revoked, true);
      const twice = await t.api('DELETE', `/groups/${group.id}/access_tokens/${doomed.id}`, { token: owner.token });
      assert.equal(twice.status, 404);
      const events = await groupAudit(group.id);
      assert.ok(events.includes('group_access_token_deleted'));
      assert.ok(events.includes('group_access_token_deletion_failed'));
    });

    test('revoking a group token that wrote in three projects moves every issue, note and event to the Ghost User', async () => {
      const third = (await t.api('POST', '/projects', { token: owner.token, body: { name: `third-${counter}`, namespace_id: sub.id } })).body;
      const writer = await token({ access_level: 30 });
      const written: Array<{ project: number; iid: number }> = [];
      for (const project of [inGroup, inSub, third]) {
        const issue = await t.api('POST', `/projects/${project.id}/issues`, { token: writer.token, body: { title: `by the bot in ${project.id}` } });
        assert.equal(issue.status, 201);
        const note = await t.api('POST', `/projects/${project.id}/issues/${issue.body.iid}/notes`, { token: writer.token, body: { body: 'a bot note' } });
        assert.equal(note.status, 201);
        written.push({ project: project.id, iid: issue.body.iid });
      }
      assert.equal((await t.api('DELETE', `/groups/${group.id}/access_tokens/${writer.id}`, { token: owner.token })).status, 204);
      for (const { project, iid } of written) {
        const issue = await t.api('GET', `/projects/${project}/issues/${iid}`, { token: owner.token });
        assert.equal(issue.body.author.username, 'ghost');
        const notes = await t.api('GET', `/projects/${project}/issues/${iid}/notes`, { token: owner.token });
        assert.deepEqual(notes.body.map((n: { author: { username: string } }) => n.author.username), ['ghost']);
        const events = await t.api('GET', `/projects/${project}/events?per_page=100`, { token: owner.token });
        const mine = events.body.filter((e: { target_title: string | null }) => e.target_title === `by the bot in ${project}`);
        assert.ok(mine.length > 0);
        assert.deepEqual([...new Set(mine.map((e: { author: { username: string } }) => e.author.username))], ['ghost']);
        assert.ok(events.body.every((e: { author_id: number }) => e.author_id !== writer.user_id));
      }
    });

    test('a project transferred out of the group is out of the bot\'s reach at once', async () => {
      const bot = await token({ access_level: 30 });
      const moving = (await t.api('POST', '/projects', { token: owner.token, body: { name: `moving-${counter}`, namespace_id: group.id } })).body;
      assert.equal((await t.api('GET', `/projects/${moving.id}`, { token: bot.token })).status, 200);
      const moved = await t.api('PUT', `/projects/${moving.id}/transfer`, { token: owner.token, body: { namespace: 'gina' } });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal((await t.api('GET', `/projects/${moving.id}`, { token: bot.token })).status, 404);
    });

    test('concurrent creates and revokes on one group: no 500, every revoked bot gone, every live token working', async () => {
      const made = await Promise.all(Array.from({ length: 4 }, () => token({ access_level: 20 })));
      const results = await Promise.all([
        ...made.slice(0, 2).map((tk) => t.api('DELETE', `/groups/${group.id}/access_tokens/${tk.id}`, { token: owner.token })),
        ...made.slice(0, 2).map((tk) => t.api('DELETE', `/groups/${group.id}/access_tokens/${tk.id}`, { token: coOwner.token })),
        ...Array.from({ length: 3 }, (_, i) =>
          t.api('POST', `/groups/${group.id}/access_tokens`, { token: owner.token, body: { name: `race-${i}`, scopes: ['read_api'], access_level: 20 } }),
        ),
      ]);
      assert.ok(results.every((r) => r.status < 500), JSON.stringify(results.map((r) => r.status)));
      for (const tk of made.slice(0, 2)) assert.equal((await t.api('GET', `/users/${tk.user_id}`, { token: owner.token })).status, 404);
      for (const tk of made.slice(2)) assert.equal((await t.api('GET', `/projects/${inGroup.id}`, { token: tk.token })).status, 200);
      for (const created of results.slice(4)) {
        assert.equal(created.status, 201);
        assert.equal((await t.api('GET', `/groups/${group.id}`, { token: created.body.token })).status, 200);
      }
      assert.deepEqual(await brokenInvariants(t.app.deps.db, dialect, t.config.dataDir), []);
    });

    test('DELETE /groups/:id takes its token bots along: the token stops, the bot is gone', async () => {
      const doomed = (await t.api('POST', '/groups', { token: owner.token, body: { name: 'doomed', path: `doomed-${counter}` } })).body;
      const made = await t.api('POST', `/groups/${doomed.id}/access_tokens`, { token: owner.token, body: { name: 'ci', scopes: ['read_api'] } });
      assert.equal(made.status, 201);
      assert.equal((await t.api('DELETE', `/groups/${doomed.id}`, { token: owner.token })).status, 202);
      assert.equal((await t.api('GET', '/user', { token: made.body.token })).status, 401);
      assert.equal((await t.api('GET', `/users/${made.body.user_id}`, { token: owner.token })).status, 404);
      assert.deepEqual(await brokenInvariants(t.app.deps.db, dialect, t.config.dataDir), []);
    });

    test("an expiring group token's notice mails the group's Owners, naming the group", async () => {
      const soon = await token({ access_level: 20, expires_at: addDays(utcDate(t.clock.now()), 3) });
      const sent = (await notifyExpiringTokens(t.app.deps)).filter((notice) => notice.tokenId === soon.id);
      assert.deepEqual(sent.map((notice) => [notice.threshold, notice.mails]), [['7', 2]]);
      const mails = (await t.app.deps.db.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute()).map((row) => JSON.parse(row.payload));
      const about = mails.filter((m: { text: string }) => m.text.includes(`(id ${soon.id})`));
      assert.deepEqual(about.map((m: { to: string }) => m.to).sort(), ['gina@example.com', 'olga@example.com'], "the group's two Owners, not its Maintainer");
      const mail = about[0];
      assert.equal(mail.subject, 'A group access token of team will expire in 7 days or less');
      assert.match(mail.text, /You are receiving this email because you are an Owner of team\./);
    });
    // gparity
    test('PUT /groups/:id/access_tokens/:token_id: an Owner limits where the token works from and which refs it may update; audited as group_access_token_updated', async () => {
      const limited = await token({ access_level: 30 });
      const put = (id: number, body: unknown, as: Person = owner) => t.api('PUT', `/groups/${group.id}/access_tokens/${id}`, { token: as.token, body });
      const set = await put(limited.id, { allowed_ips: ['192.0.2.0/24'], allowed_refs: ['refs/heads/renovate/*'] });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual([set.body.id, set.body.allowed_ips, set.body.allowed_refs, set.body.token], [limited.id, ['192.0.2.0/24'], ['refs/heads/renovate/*'], undefined]);
      // From 127.0.0.1, outside the range: refused like an unknown token, on the group's projects too.
      const refused = await t.api('GET', `/projects/${inSub.id}`, { token: limited.token });
      assert.deepEqual([refused.status, refused.body], [401, UNAUTHORIZED]);
      const cleared = await put(limited.id, { allowed_ips: [] }, coOwner);
      assert.deepEqual([cleared.body.allowed_ips, cleared.body.allowed_refs], [[], ['refs/heads/renovate/*']]);
      assert.equal((await t.api('GET', `/projects/${inSub.id}`, { token: limited.token })).status, 200);

      const empty = await put(limited.id, {});
      assert.deepEqual([empty.status, empty.body], [400, { error: 'allowed_ips, allowed_refs are missing, at least one parameter must be provided' }]);
      for (const as of [maintainer, developer]) {
        const res = await put(limited.id, { allowed_ips: ['10.0.0.0/8'] }, as);
        assert.deepEqual([res.status, res.body], [401, UNAUTHORIZED]);
      }
      assert.equal((await put(limited.id, { allowed_ips: ['10.0.0.0/8'] }, stranger)).status, 404);
      const elsewhere = await t.api('PUT', `/groups/${sub.id}/access_tokens/${limited.id}`, { token: owner.token, body: { allowed_ips: ['10.0.0.0/8'] } });
      assert.deepEqual([elsewhere.status, elsewhere.body], [404, { message: `404 Could not find group access token with token_id: ${limited.id} Not Found` }]);
      assert.ok((await groupAudit(group.id)).includes('group_access_token_updated'));
    });

    test('GET /groups/:id/access_tokens/:token_id/activity: the token\'s uses across the group\'s projects, newest first, to the group\'s Owners', async () => {
      const watched = await token({ access_level: 30 });
      assert.equal((await t.api('GET', `/projects/${inGroup.id}/issues`, { token: watched.token })).status, 200);
      t.clock.advance(1000);
      assert.equal((await t.api('GET', `/projects/${inSub.id}`, { token: watched.token })).status, 200);
      await t.app.deps.tokenActivity.flush();
      const listed = await t.api('GET', `/groups/${group.id}/access_tokens/${watched.id}/activity`, { token: owner.token });
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(
        listed.body.map((row: { action: string; status: number; token_id: number }) => [row.action, row.status, row.token_id]),
        [
          ['GET /api/v4/projects/:id', 200, watched.id],
          ['GET /api/v4/projects/:id/issues', 200, watched.id],
        ],
      );
      const filtered = await t.api('GET', `/groups/${group.id}/access_tokens/${watched.id}/activity?transport=ssh`, { token: owner.token });
      assert.deepEqual([filtered.status, filtered.body], [200, []]);
      assert.deepEqual((await t.api('GET', `/groups/${group.id}/access_tokens/${watched.id}/activity`, { token: maintainer.token })).body, UNAUTHORIZED);
      assert.equal((await t.api('GET', `/groups/${group.id}/access_tokens/${watched.id}/activity`, { token: stranger.token })).status, 404);
      const notHere = await t.api('GET', `/groups/${sub.id}/access_tokens/${watched.id}/activity`, { token: owner.token });
      assert.deepEqual([notHere.status, notHere.body], [404, { message: `404 Could not find group access token with token_id: ${watched.id} Not Found` }]);
    });
  });
}
