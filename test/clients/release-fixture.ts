import assert from 'node:assert/strict';
import type { CliResult } from '../git/git-cli.ts';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixtureAtItsUrl, type GitFixture } from '../git/git-fixture.ts';
import type { Dialect } from '../helpers/databases.ts';

/**
 * What a release bot finds in CI: a listening Latchkey, a project whose `main` holds a first
 * commit, a Maintainer project access token with scope `api` (the bot), and a clone whose
 * `origin` is the project over HTTP with that token in the URL.
 */
export interface ReleaseFixture {
  f: GitFixture;
  project: { id: number; path: string };
  /** The bot's project access token. */
  token: string;
  /** The clone's `origin`: the project's HTTP URL with the token as password. */
  remote: string;
  /** The clone the tools run in. */
  work: string;
  /** Commits `files` with `message` in the clone, pushes `main`, returns the new commit's sha. */
  commitAndPush(files: Record<string, string>, message: string): Promise<string>;
  /** Runs `node <entry> ...args` in the clone with the bot's environment plus `env`. */
  runTool(entry: string, args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** The API requests the server answered since the last call, `METHOD url status` each. */
  takeRequests(): string[];
}

export async function startReleaseFixture(dialect: Dialect, name: string): Promise<ReleaseFixture> {
  const f = await startGitFixtureAtItsUrl(dialect);
  const project = await f.createProject(name);
  const { token } = await f.projectToken(project.id, ['api'], 40, { name: `${name} bot` });
  const remote = httpUrl(f.baseUrl, project.path, token);
  const work = await f.seed(project.path);
  const git = async (args: string[]) => {
    const result = await f.cli.git(args, { cwd: work });
    assert.equal(result.code, 0, `git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  await git(['remote', 'set-url', 'origin', remote]);
  let seen = 0;

  return {
    f,
    project,
    token,
    remote,
    work,
    async commitAndPush(files, message) {
      await f.cli.commit(work, files, message);
      await git(['push', '--quiet', 'origin', 'main']);
      return git(['rev-parse', 'HEAD']);
    },
    runTool(entry, args, env = {}) {
      return f.cli.run(process.execPath, [entry, ...args], { cwd: work, env: { NO_COLOR: '1', ...env } });
    },
    takeRequests() {
      const lines = f.t.logs.slice(seen);
      seen = f.t.logs.length;
      return requestsIn(lines);
    },
  };
}

/** `METHOD url status` for each API request in the server's log lines (Fastify's request log). */
function requestsIn(lines: string[]): string[] {
  const incoming = new Map<string, string>();
  const answered: string[] = [];
  for (const line of lines) {
    const entry = JSON.parse(line) as { reqId?: string; msg?: string; req?: { method: string; url: string }; res?: { statusCode: number } };
    if (!entry.reqId) continue;
    if (entry.msg === 'incoming request' && entry.req) incoming.set(entry.reqId, `${entry.req.method} ${entry.req.url}`);
    if (entry.msg === 'request completed' && entry.res) {
      const request = incoming.get(entry.reqId);
      if (request?.split(' ')[1]?.startsWith('/api/')) answered.push(`${request} ${entry.res.statusCode}`);
    }
  }
  return answered;
}
