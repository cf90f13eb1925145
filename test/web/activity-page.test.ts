import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { assertNoActiveContent } from './html-safety.ts';
import { signedInMember } from './signed-in-member.ts';
import { WebClient, textOf } from './web-client.ts';

/** The entries of the Activity list, as text, newest first. */
function entries(html: string): string[] {
  const list = /<ol class="activity" id="activity">([\s\S]*?)<\/ol>/.exec(html);
  return [...(list?.[1] ?? '').matchAll(/<li data-event-id="\d+"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!).trim());
}

for (const dialect of DIALECTS) {
  describe(`activity page (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let bot: { id: number; token: string; userId: number };
    let member: WebClient;
    let guest: WebClient;

    const signedIn = (username: string, level: number | null) => signedInMember(f.t, project.id, username, level);

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('journal');
      await f.seed(project.path);
      bot = await f.projectToken(project.id, ['write_repository'], 30, { name: 'ci-pusher' });
      const work = f.cli.dir('bot-clone');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, bot.token), work])).code, 0);
      await f.cli.git(['switch', '--quiet', '-c', 'feature'], { cwd: work });
      await f.cli.commit(work, { 'a.txt': 'a\n' }, 'Add a');
      await f.cli.commit(work, { 'b.txt': 'b\n' }, 'Add <b>');
      const pushed = await f.cli.git(['push', '--quiet', 'origin', 'feature'], { cwd: work });
      assert.equal(pushed.code, 0, pushed.stderr);
      const issue = await f.t.api('POST', `/projects/${project.id}/issues`, { body: { title: '<img src=x onerror=alert(1)> broken' } });
      assert.equal(issue.status, 201);
      const note = await f.t.api('POST', `/projects/${project.id}/issues/1/notes`, { body: { body: '<script>alert(2)</script> seen it' } });
      assert.equal(note.status, 201);
      assert.equal((await f.t.api('PUT', `/projects/${project.id}/issues/1`, { body: { state_event: 'close' } })).status, 200);
      member = await signedIn('rita', 20);
      guest = await signedIn('gus', 10);
    });
    after(() => f.close());

    test('GET /<ns>/<proj>/activity lists pushes, issues and comments newest first, with the pusher and the commits pushed', async () => {
      const page = await member.get(`/${project.path}/activity`);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
      const list = entries(page.body);
      assert.match(list[0]!, /^Administrator @root closed issue #1: <img src=x onerror=alert\(1\)> broken/);
      assert.match(list[1]!, /^Administrator @root commented on issue #1: .* <script>alert\(2\)<\/script> seen it/);
      assert.match(list[2]!, /^Administrator @root opened issue #1/);
      assert.match(list[3]!, /^ci-pusher @project_\d+_bot_[0-9a-f]+ pushed new branch feature 2 commits · [0-9a-f]{8} Add <b>/);
      assert.match(list[4]!, /pushed new branch main 1 commit · [0-9a-f]{8} Initial commit/);
      assert.match(page.body, new RegExp(`<a href="/${project.path}/-/tree/feature">feature</a>`));
      assertNoActiveContent(page.body);
    });

    test('a Guest, who may not read the code, sees the issues but no pushes', async () => {
      const page = await guest.get(`/${project.path}/activity`);
      assert.equal(page.status, 200);
      const list = entries(page.body);
      assert.equal(list.length, 3);
      assert.ok(list.every((entry) => !/pushed/.test(entry)));
      // The events API applies the same rule.
      const guestToken = (await f.t.api('POST', `/users/${(await f.t.api('GET', '/users?username=gus')).body[0].id}/personal_access_tokens`, { body: { name: 'g', scopes: ['read_api'] } })).body.token;
      const events = await f.t.api('GET', `/projects/${project.id}/events`, { token: guestToken });
      assert.equal(events.status, 200);
      assert.deepEqual((events.body as any[]).map((event) => event.action_name), ['closed', 'commented on', 'opened']);
    });

    test('after the bot\'s token is revoked, its push shows as the Ghost User\'s', async () => {
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${bot.id}`)).status, 204);
      const list = entries((await member.get(`/${project.path}/activity`)).body);
      assert.match(list[3]!, /^Ghost User @ghost pushed new branch feature 2 commits/);
      assert.ok(list.every((entry) => !entry.includes('ci-pusher')));
    });

    test('the list is paged twenty at a time', async () => {
      for (let i = 0; i < 16; i++) assert.equal((await f.t.api('POST', `/projects/${project.id}/issues`, { body: { title: `Issue ${i}` } })).status, 201);
      const first = await member.get(`/${project.path}/activity`);
      assert.equal(entries(first.body).length, 20);
      assert.match(first.body, new RegExp(`<a href="/${project.path}/activity\\?page=2">Next →</a>`));
      const second = await member.get(`/${project.path}/activity?page=2`);
      assert.equal(entries(second.body).length, 1);
      assert.match(entries(second.body)[0]!, /pushed new branch main/);
    });

    test('a private project\'s Activity is 404 to an outsider and asks a signed-out visitor to sign in; a public one is open to all', async () => {
      const outsider = await signedIn('otto', null);
      assert.equal((await outsider.get(`/${project.path}/activity`)).status, 404);
      const anonymous = new WebClient(f.t);
      assert.equal((await anonymous.get(`/${project.path}/activity`)).status, 303);
      assert.equal((await f.t.api('PUT', `/projects/${project.id}`, { body: { visibility: 'public' } })).status, 200);
      const open = await anonymous.get(`/${project.path}/activity`);
      assert.equal(open.status, 200);
      assert.match(textOf(open.body), /pushed new branch feature/);
    });
  });
}
