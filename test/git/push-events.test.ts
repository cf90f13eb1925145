import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

for (const dialect of DIALECTS) {
  describe(`push events (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let bot: { id: number; token: string; userId: number };
    let botUsername: string;
    let work: string;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('journal');
      await f.seed(project.path);
      bot = await f.projectToken(project.id, ['write_repository'], 30, { name: 'ci-pusher' });
      botUsername = (await f.t.api('GET', `/users/${bot.userId}`)).body.username;
      work = f.cli.dir('bot-clone');
      assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, bot.token), work])).code, 0);
    });
    after(() => f.close());

    const pushEvents = async () => {
      const res = await f.t.api('GET', `/projects/${project.id}/events?per_page=100`);
      assert.equal(res.status, 200);
      return (res.body as any[]).filter((event) => event.push_data);
    };
    const head = async () => (await f.cli.git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();

    test('GET /projects/:id/events shows "pushed new" for a new branch, with the commits the push brought, authored by the bot', async () => {
      await f.cli.git(['switch', '--quiet', '-c', 'feature'], { cwd: work });
      await f.cli.commit(work, { 'a.txt': 'a\n' }, 'Add a');
      await f.cli.commit(work, { 'b.txt': 'b\n' }, 'Add b, a commit title that is much longer than seventy characters in total length');
      const pushed = await f.cli.git(['push', '--quiet', 'origin', 'feature'], { cwd: work });
      assert.equal(pushed.code, 0, pushed.stderr);
      const [event] = await pushEvents();
      assert.equal(event.action_name, 'pushed new');
      assert.equal(event.author_username, botUsername);
      assert.equal(event.author_id, bot.userId);
      assert.deepEqual(event.push_data, {
        commit_count: 2,
        action: 'created',
        ref_type: 'branch',
        commit_from: null,
        commit_to: await head(),
        ref: 'feature',
        commit_title: 'Add b, a commit title that is much longer than seventy characters i...', // 70 characters
        ref_count: null,
      });
    });

    test('a push to an existing branch over SSH is "pushed to" with before and after SHAs', async () => {
      const before = await head();
      await f.cli.commit(work, { 'c.txt': 'c\n' }, 'Add c');
      const pushed = await f.cli.git(['push', '--quiet', sshUrl(f.ssh.port, project.path), 'feature'], {
        cwd: work,
        env: f.cli.sshEnv(f.ssh.port, { password: bot.token }),
      });
      assert.equal(pushed.code, 0, pushed.stderr);
      const [event] = await pushEvents();
      assert.equal(event.action_name, 'pushed to');
      assert.equal(event.author_username, botUsername);
      assert.deepEqual(event.push_data, {
        commit_count: 1,
        action: 'pushed',
        ref_type: 'branch',
        commit_from: before,
        commit_to: await head(),
        ref: 'feature',
        commit_title: 'Add c',
        ref_count: null,
      });
    });

    test('a tag push and a branch deletion are recorded; a refused push records nothing', async () => {
      await f.cli.git(['tag', 'v1.0'], { cwd: work });
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', 'v1.0'], { cwd: work })).code, 0);
      let [event] = await pushEvents();
      assert.equal(event.action_name, 'pushed new');
      assert.equal(event.push_data.ref_type, 'tag');
      assert.equal(event.push_data.ref, 'v1.0');

      const tip = await head();
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', '--delete', 'feature'], { cwd: work })).code, 0);
      [event] = await pushEvents();
      assert.equal(event.action_name, 'deleted');
      assert.equal(event.push_data.action, 'removed');
      assert.equal(event.push_data.commit_from, tip);
      assert.equal(event.push_data.commit_to, null);

      const count = (await pushEvents()).length;
      const reader = await f.projectToken(project.id, ['read_repository'], 40);
      const refused = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, reader.token), 'HEAD:refs/heads/nope'], { cwd: work });
      assert.equal(refused.code, 128);
      assert.equal((await pushEvents()).length, count);
    });

    test('simultaneous pushers: each push records exactly its own refs, authored by its own pusher', async () => {
      const pushers = await Promise.all(
        ['left', 'right'].map(async (side) => {
          const token = await f.projectToken(project.id, ['write_repository'], 30, { name: `racer-${side}` });
          const dir = f.cli.dir(side);
          assert.equal((await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, token.token), dir])).code, 0);
          await f.cli.git(['switch', '--quiet', '-c', `race-${side}`], { cwd: dir });
          return { side, token, dir, branch: `race-${side}` };
        }),
      );
      const before = (await pushEvents()).length;
      const rounds = 4;
      for (let round = 0; round < rounds; round++) {
        await Promise.all(pushers.map((pusher) => f.cli.commit(pusher.dir, { [`${pusher.side}.txt`]: `${round}\n` }, `${pusher.side} ${round}`)));
        const pushed = await Promise.all(
          pushers.map((pusher) =>
            pusher.side === 'left'
              ? f.cli.git(['push', '--quiet', 'origin', pusher.branch], { cwd: pusher.dir })
              : f.cli.git(['push', '--quiet', sshUrl(f.ssh.port, project.path), pusher.branch], { cwd: pusher.dir, env: f.cli.sshEnv(f.ssh.port, { password: pusher.token.token }) }),
          ),
        );
        for (const result of pushed) assert.equal(result.code, 0, result.stderr);
      }
      const events = (await pushEvents()).slice(0, (await pushEvents()).length - before);
      assert.equal(events.length, rounds * pushers.length, JSON.stringify(events.map((e) => [e.author_id, e.push_data.ref])));
      for (const pusher of pushers) {
        const mine = events.filter((event) => event.push_data.ref === pusher.branch);
        assert.equal(mine.length, rounds, `${pusher.branch}: ${mine.length} events`);
        assert.ok(mine.every((event) => event.author_id === pusher.token.userId), `${pusher.branch}: an event by someone else`);
        assert.deepEqual(mine.map((event) => event.push_data.commit_count), [1, 1, 1, 1]);
      }
    });

    test("revoking the bot's token moves its push events to the ghost user", async () => {
      const before = (await pushEvents()).filter((event) => event.author_id === bot.userId).length;
      assert.ok(before >= 3);
      assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${bot.id}`)).status, 204);
      const events = await pushEvents();
      assert.equal(events.filter((event) => event.author_id === bot.userId).length, 0);
      const ghostly = events.filter((event) => event.author_username === 'ghost');
      assert.equal(ghostly.length, before);
      assert.equal(ghostly[0].author.name, 'Ghost User');
    });
  });
}
