import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import type { TestProject } from '../helpers/project-tokens.ts';
import { httpUrl, sshUrl } from './git-cli.ts';
import { startGitFixture, type GitFixture } from './git-fixture.ts';

interface Row {
  transport: string;
  action: string;
  status: number;
  ip_address: string | null;
  user_agent: string | null;
}

/**
 * A project token used for real over each transport (git over HTTP and SSH, the registry's
 * /jwt/auth), on listening servers: each use is a row of its activity, with what it did, the
 * answer, the address and the client's user agent.
 */
for (const dialect of DIALECTS) {
  describe(`token activity over git HTTP, SSH and /jwt/auth (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      project = await f.createProject('activity-wire');
      await f.seed(project.path);
    });
    after(() => f.close());

    const activity = async (tokenId: number, query = ''): Promise<Row[]> => {
      await f.t.app.deps.tokenActivity.flush();
      const res = await f.t.api('GET', `/projects/${project.id}/access_tokens/${tokenId}/activity?per_page=100${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as Row[];
    };
    const brief = (rows: Row[]) => rows.map((row) => `${row.transport} ${row.action} ${row.status}`).reverse();

    test('git over HTTP: a clone is git-upload-pack, a push git-receive-pack with the refs it moved, a refused push 403; git is the user agent', async () => {
      const bot = await f.projectToken(project.id, ['write_repository'], 30);
      const dir = f.cli.dir('http');
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, project.path, bot.token), dir]);
      assert.equal(clone.code, 0, clone.stderr);
      await f.cli.git(['checkout', '--quiet', '-b', 'feature'], { cwd: dir });
      await f.cli.commit(dir, { 'feature.txt': 'new\n' }, 'A feature');
      await f.cli.git(['tag', 'v1'], { cwd: dir });
      const push = await f.cli.git(['push', '--quiet', 'origin', 'feature', 'v1'], { cwd: dir });
      assert.equal(push.code, 0, push.stderr);

      const reader = await f.projectToken(project.id, ['read_repository'], 30);
      const refused = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, reader.token), 'feature:other'], { cwd: dir });
      assert.notEqual(refused.code, 0);

      const rows = await activity(bot.id);
      const uploads = rows.filter((row) => row.action === 'git-upload-pack');
      assert.ok(uploads.length >= 1, JSON.stringify(rows));
      assert.ok(uploads.every((row) => row.transport === 'git_http' && row.status === 200));
      assert.deepEqual(
        rows.filter((row) => row.action.startsWith('git-receive-pack')).map((row) => [row.action, row.status]),
        [['git-receive-pack refs/heads/feature, refs/tags/v1', 200]],
      );
      assert.ok(rows.every((row) => row.ip_address === '127.0.0.1' && /^git\/\d/.test(row.user_agent ?? '')), JSON.stringify(rows));
      assert.deepEqual(brief(await activity(reader.id)), ['git_http git-receive-pack 403']);
    });

    test('git over SSH with a token as password: upload-pack and receive-pack with its refs, the SSH client as user agent; a refused push is 403', async () => {
      const bot = await f.projectToken(project.id, ['write_repository'], 30);
      const env = f.cli.sshEnv(f.ssh.port, { password: bot.token });
      const dir = f.cli.dir('ssh');
      const clone = await f.cli.git(['clone', '--quiet', sshUrl(f.ssh.port, project.path), dir], { env });
      assert.equal(clone.code, 0, clone.stderr);
      await f.cli.commit(dir, { 'ssh.txt': 'over ssh\n' }, 'Over SSH');
      const push = await f.cli.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/from-ssh'], { cwd: dir, env });
      assert.equal(push.code, 0, push.stderr);
      const archive = await f.cli.git(['archive', '--remote', sshUrl(f.ssh.port, project.path), 'main'], { cwd: dir, env });
      assert.equal(archive.code, 0, archive.stderr);

      const reader = await f.projectToken(project.id, ['read_repository'], 30);
      const refused = await f.cli.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/nope'], { cwd: dir, env: f.cli.sshEnv(f.ssh.port, { password: reader.token }) });
      assert.notEqual(refused.code, 0);

      const rows = await activity(bot.id);
      assert.deepEqual(brief(rows), ['ssh git-upload-pack 200', 'ssh git-receive-pack refs/heads/from-ssh 200', 'ssh git-upload-archive 200']);
      assert.ok(rows.every((row) => row.ip_address === '127.0.0.1' && /^SSH-2\.0-OpenSSH/.test(row.user_agent ?? '')), JSON.stringify(rows));
      assert.deepEqual(brief(await activity(reader.id)), ['ssh git-receive-pack 403']);
      assert.deepEqual(await activity(bot.id, '&transport=git_http'), []);
    });

    test('/jwt/auth: what was granted is 200 (registry pull <repository>), what was asked and not granted 403, a sign-in is registry login', async () => {
      const puller = await f.projectToken(project.id, ['read_registry'], 30);
      const image = `${project.path}/app`;
      const ask = async (scopes: string[]) => {
        const query = new URLSearchParams({ service: 'container_registry' });
        for (const scope of scopes) query.append('scope', scope);
        const res = await fetch(`${f.baseUrl}/jwt/auth?${query}`, {
          headers: { authorization: `Basic ${Buffer.from(`any:${puller.token}`).toString('base64')}`, 'user-agent': 'skopeo/1.9.3' },
        });
        assert.equal(res.status, 200, await res.text());
      };
      await ask([]);
      await ask([`repository:${image}:pull,push`]);
      const rows = await activity(puller.id);
      assert.deepEqual(brief(rows), ['registry registry login 200', `registry registry pull ${image} 200`, `registry registry push ${image} 403`]);
      assert.ok(rows.every((row) => row.user_agent === 'skopeo/1.9.3' && row.ip_address === '127.0.0.1'));
    });
  });
}
