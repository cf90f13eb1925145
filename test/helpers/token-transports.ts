import assert from 'node:assert/strict';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import type { GitFixture } from '../git/git-fixture.ts';
import { basic, grantedAccess, jwtAuth, UNAUTHORIZED_BODY } from '../registry/registry-helpers.ts';
import type { TestProject } from './project-tokens.ts';

export type Transport = 'api' | 'git_http' | 'ssh' | 'registry';
export const TRANSPORTS: readonly Transport[] = ['api', 'git_http', 'ssh', 'registry'];

export const REVOKED_BODY = { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' };

/**
 * A token's use of `project` over each transport, with the real clients: true when it got in. A
 * refusal must be the one a revoked token gets there (401 with GitLab's revoked body, git's
 * "Token was revoked", SSH's denial, the registry's 401).
 */
export function tokenUses(f: GitFixture, project: TestProject): Record<Transport, (token: string) => Promise<boolean>> {
  return {
    async api(token) {
      const res = await f.t.api('GET', `/projects/${project.id}`, { token });
      if (res.status === 200) return true;
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, REVOKED_BODY);
      return false;
    },
    async git_http(token) {
      const res = await f.cli.git(['ls-remote', httpUrl(f.baseUrl, project.path, token)]);
      if (res.code === 0) return true;
      assert.equal(res.code, 128, res.stderr);
      assert.match(res.stderr, /remote: Token was revoked\./);
      return false;
    },
    async ssh(token) {
      const res = await f.cli.git(['ls-remote', sshUrl(f.ssh.port, project.path)], { env: f.cli.sshEnv(f.ssh.port, { password: token }) });
      if (res.code === 0) return true;
      assert.match(res.stderr, /Permission denied/);
      return false;
    },
    async registry(token) {
      const res = await jwtAuth(f.t, [`repository:${project.path}:pull`], basic(token));
      if (res.status === 200) {
        assert.deepEqual(await grantedAccess(f.t, res), [{ type: 'repository', name: project.path, actions: ['pull'] }]);
        return true;
      }
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, UNAUTHORIZED_BODY);
      return false;
    },
  };
}
