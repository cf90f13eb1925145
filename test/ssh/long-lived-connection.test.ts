import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ssh2 from 'ssh2';
import { DIALECTS } from '../helpers/databases.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/** One SSH connection (as OpenSSH's ControlMaster keeps one) that runs several commands. */
function connect(port: number, password: string): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client)).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'git', password, tryKeyboard: false });
  });
}

/** Runs git-upload-pack for `projectPath` and ends it at once (a flush packet): exit code and stderr. */
function lsRemote(client: ssh2.Client, projectPath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    client.exec(`git-upload-pack '${projectPath}.git'`, (error, stream) => {
      if (error) return reject(error);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      stream.on('exit', (exitCode: number | null) => (code = exitCode));
      stream.on('close', () => resolve({ code, stdout, stderr }));
      stream.end('0000');
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`git over SSH on a long-lived connection (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('kept-open');
      await f.seed(project.path);
    });
    after(() => f.close());

    test('a token revoked while its connection stays open is refused on the next command', async () => {
      const { id, token } = await f.projectToken(project.id, ['read_repository'], 20);
      const client = await connect(f.ssh.port, token);
      try {
        const before = await lsRemote(client, project.path);
        assert.equal(before.code, 0, before.stderr);
        assert.match(before.stdout, /refs\/heads\/main/);

        assert.equal((await f.t.api('DELETE', `/projects/${project.id}/access_tokens/${id}`)).status, 204);
        const afterRevoke = await lsRemote(client, project.path);
        assert.equal(afterRevoke.code, 1);
        assert.equal(afterRevoke.stdout, '');
        assert.match(afterRevoke.stderr, /^remote: Access denied: the credential this connection signed in with is no longer valid/);
      } finally {
        client.end();
      }
    });

    test('a user blocked while their connection stays open is refused on the next command', async () => {
      const user = await f.t.createUser('soon-blocked');
      assert.equal((await f.t.api('POST', `/projects/${project.id}/members`, { body: { user_id: user.id, access_level: 30 } })).status, 201);
      const client = await connect(f.ssh.port, user.token);
      try {
        assert.equal((await lsRemote(client, project.path)).code, 0);
        await f.t.app.deps.db.updateTable('users').set({ state: 'blocked' }).where('id', '=', user.id).execute();
        const blocked = await lsRemote(client, project.path);
        assert.equal(blocked.code, 1);
        assert.match(blocked.stderr, /Access denied/);
      } finally {
        client.end();
      }
    });
  });
}
