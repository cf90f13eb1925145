import type { AddressInfo } from 'node:net';
import { startSshServer, type SshServer } from '../../src/ssh/server.ts';
import type { Dialect } from '../helpers/databases.ts';
import { freePort } from '../helpers/ports.ts';
import { createProject, createProjectToken } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { GitCli, httpUrl } from './git-cli.ts';

/** A test app listening for real: HTTP and SSH on 127.0.0.1, ephemeral ports, plus a git client. */
export interface GitFixture {
  t: TestApp;
  baseUrl: string;
  ssh: SshServer;
  cli: GitCli;
  createProject(name: string, visibility?: 'private' | 'internal' | 'public', token?: string): Promise<{ id: number; path: string }>;
  /** A project access token (and its bot) on a project. */
  projectToken(projectId: number, scopes: string[], accessLevel: number, options?: { expiresAt?: string; name?: string }): Promise<{ id: number; token: string; userId: number }>;
  /** Pushes a first commit to `main` as root; returns the clone it pushed from. */
  seed(projectPath: string): Promise<string>;
  close(): Promise<void>;
}

/** A git fixture whose external URL is the one it listens at, as clients that follow `Link` headers need. */
export async function startGitFixtureAtItsUrl(dialect: Dialect): Promise<GitFixture> {
  return startGitFixture(dialect, { LATCHKEY_EXTERNAL_URL: `http://127.0.0.1:${await freePort()}` });
}

export async function startGitFixture(dialect: Dialect, env: Record<string, string> = {}): Promise<GitFixture> {
  const t = await startTestApp(dialect, env);
  // With LATCHKEY_EXTERNAL_URL set (clients that follow pagination links), listen at its port.
  await t.app.http.listen({ host: '127.0.0.1', port: env.LATCHKEY_EXTERNAL_URL ? Number(new URL(env.LATCHKEY_EXTERNAL_URL).port) : 0 });
  const baseUrl = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
  const ssh = await startSshServer(t.app.deps, { host: '127.0.0.1', port: 0 });
  const cli = new GitCli();
  let tokens = 0;

  return {
    t,
    baseUrl,
    ssh,
    cli,
    createProject: (name, visibility = 'private', token) => createProject(t, token ?? t.rootToken, name, visibility),
    async projectToken(projectId, scopes, accessLevel, options = {}) {
      const { id, token, userId } = await createProjectToken(t, projectId, {
        name: options.name ?? `bot-${++tokens}`,
        scopes,
        access_level: accessLevel,
        ...(options.expiresAt && { expires_at: options.expiresAt }),
      });
      return { id, token, userId };
    },
    async seed(projectPath) {
      const dir = cli.dir('seed');
      const clone = await cli.git(['clone', '--quiet', httpUrl(baseUrl, projectPath, t.rootToken), dir]);
      if (clone.code !== 0) throw new Error(clone.stderr);
      await cli.commit(dir, { 'README.md': '# Seed\n', 'docs/guide.md': 'Read me.\n' }, 'Initial commit');
      const push = await cli.git(['push', '--quiet', 'origin', 'main'], { cwd: dir });
      if (push.code !== 0) throw new Error(push.stderr);
      return dir;
    },
    async close() {
      await ssh.close();
      await t.close();
      cli.close();
    },
  };
}
