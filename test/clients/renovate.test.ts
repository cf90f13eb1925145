import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ensureTestTool } from '../helpers/test-tools.ts';
import { startNpmRegistry, type NpmRegistry } from './npm-registry.ts';
import { startReleaseFixture, type ReleaseFixture } from './release-fixture.ts';
import { runClient } from './run-client.ts';

// Renovate, unmodified (installed on demand by scripts/ensure-test-tools.sh), keeps an npm
// dependency up to date on a listening Latchkey with a project access token, as a self-hosted
// Renovate would: it clones over HTTP, pushes its branch, and opens (then updates) a merge request.
// Package lookups go to a local registry (./npm-registry.ts); nothing reaches the internet.

const DEPENDENCY = 'lk-greeting';
const BRANCH = `renovate/${DEPENDENCY}-1.x`;

for (const dialect of DIALECTS) {
  describe(`Renovate against a listening Latchkey (${dialect})`, () => {
    let r: ReleaseFixture;
    let registry: NpmRegistry;
    let renovate: string;

    before(async () => {
      renovate = await ensureTestTool('renovate');
      registry = await startNpmRegistry();
      registry.publish(DEPENDENCY, '1.0.0', new Date('2026-01-01T00:00:00Z'));
      registry.publish(DEPENDENCY, '1.1.0', new Date('2026-02-01T00:00:00Z'));
      r = await startReleaseFixture(dialect, 'renovate-demo');
      await r.commitAndPush(
        { 'package.json': `${JSON.stringify({ name: 'renovate-demo', version: '1.0.0', private: true, dependencies: { [DEPENDENCY]: '1.0.0' } }, null, 2)}\n` },
        'chore: depend on lk-greeting',
      );
    });
    after(async () => {
      await r?.f.close();
      await registry?.close();
    });

    /**
     * One Renovate run, as a self-hosted Renovate job would start it: over the project with its
     * project token, or as `as` says (another token, autodiscovery instead of a repository list).
     */
    const runRenovate = async (as: { token: string; config: Record<string, unknown>; env: Record<string, string> } | undefined = undefined) => {
      const home = r.f.cli.dir('renovate');
      const config = path.join(home, 'config.json');
      mkdirSync(path.join(home, 'base'), { recursive: true });
      writeFileSync(
        config,
        JSON.stringify({
          platform: 'gitlab',
          endpoint: `${r.f.baseUrl}/api/v4/`,
          ...(as?.config ?? { repositories: [r.project.path] }),
          onboarding: false,
          requireConfig: 'optional',
          dependencyDashboard: false,
          prHourlyLimit: 0,
          prConcurrentLimit: 0,
          branchConcurrentLimit: 0,
          gitAuthor: 'Renovate Bot <renovate@example.com>',
          baseDir: path.join(home, 'base'),
          cacheDir: path.join(home, 'cache'),
          npmrc: `registry=${registry.url}\n`,
          npmrcMerge: true,
        }),
      );
      r.takeRequests();
      const run = await runClient(renovate, [], {
        cwd: home,
        env: {
          HOME: home,
          RENOVATE_CONFIG_FILE: config,
          RENOVATE_TOKEN: as?.token ?? r.token,
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_TERMINAL_PROMPT: '0',
          ...as?.env,
        },
        timeoutMs: 240_000,
      });
      const requests = r.takeRequests();
      const log = logOf(run.stdout);
      const errors = log.filter((entry) => entry.level >= 50).map(summary);
      const context = `\nwarnings:\n${log.filter((entry) => entry.level === 40 && !entry.msg.startsWith('RE2')).map(summary).join('\n')}\nrequests:\n${requests.join('\n')}`;
      assert.equal(run.code, 0, `renovate failed:\n${errors.join('\n')}\n${run.stderr}${context}`);
      assert.deepEqual(errors, [], `renovate logged errors${context}`);
      return { log, requests };
    };

    const api = (route: string) => r.f.t.api('GET', `/projects/${r.project.id}${route}`, { token: r.token });
    const manifestOn = async (ref: string) => (await api(`/repository/files/package.json/raw?ref=${encodeURIComponent(ref)}`)).body;
    const openRenovateMrs = async () => {
      const list = await api('/merge_requests?state=opened');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      return (list.body as { source_branch: string }[]).filter((mr) => mr.source_branch.startsWith('renovate/'));
    };

    test('Renovate opens a merge request that updates the dependency to 1.1.0', async () => {
      await runRenovate();
      const mrs = await openRenovateMrs();
      assert.equal(mrs.length, 1, JSON.stringify(mrs));
      const mr = mrs[0] as unknown as { iid: number; source_branch: string; target_branch: string; title: string; state: string };
      assert.equal(mr.source_branch, BRANCH);
      assert.equal(mr.target_branch, 'main');
      assert.equal(mr.state, 'opened');
      assert.match(mr.title, /lk-greeting to v1\.1\.0/);
      assert.equal((await manifestOn(BRANCH)).dependencies[DEPENDENCY], '1.1.0');
      assert.equal((await manifestOn('main')).dependencies[DEPENDENCY], '1.0.0');
      assert.ok(registry.requests.includes(`GET /${DEPENDENCY}`), registry.requests.join('\n'));
    });

    test('with 1.2.0 published, a second run updates the same merge request instead of opening another', async () => {
      const [before] = (await openRenovateMrs()) as unknown as { iid: number }[];
      registry.publish(DEPENDENCY, '1.2.0', new Date('2026-03-01T00:00:00Z'));
      await runRenovate();
      const mrs = (await openRenovateMrs()) as unknown as { iid: number; source_branch: string; title: string }[];
      assert.equal(mrs.length, 1, JSON.stringify(mrs));
      assert.equal(mrs[0]!.iid, before!.iid);
      assert.equal(mrs[0]!.source_branch, BRANCH);
      assert.match(mrs[0]!.title, /lk-greeting to v1\.2\.0/);
      assert.equal((await manifestOn(BRANCH)).dependencies[DEPENDENCY], '1.2.0');
    });

    // gclients
    test('with RENOVATE_AUTODISCOVER=true and one group access token, Renovate opens a merge request in every project of the group and its subgroup, and nowhere else', async () => {
      const admin = (method: 'GET' | 'POST', url: string, body?: unknown) => r.f.t.api(method, url, { token: r.f.t.rootToken, body });
      const team = (await admin('POST', '/groups', { name: 'Team', path: 'team' })).body as { id: number };
      const libs = (await admin('POST', '/groups', { name: 'Libs', path: 'libs', parent_id: team.id })).body as { id: number };
      const projects: { id: number; path_with_namespace: string }[] = [];
      for (const [name, namespace] of [['web', team.id], ['core', libs.id]] as const) {
        const created = await admin('POST', '/projects', { name, namespace_id: namespace });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        projects.push(created.body);
        const clone = await r.f.seed(created.body.path_with_namespace);
        await r.f.cli.commit(clone, { 'package.json': `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies: { [DEPENDENCY]: '1.0.0' } }, null, 2)}\n` }, 'chore: depend on lk-greeting');
        assert.equal((await r.f.cli.git(['push', '--quiet', 'origin', 'main'], { cwd: clone })).code, 0);
      }
      const created = await admin('POST', `/groups/${team.id}/access_tokens`, { name: 'renovate', scopes: ['api'], access_level: 40, expires_at: '2027-06-01' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const bot = created.body as { token: string; user_id: number };

      const { requests, log } = await runRenovate({
        token: bot.token,
        config: { autodiscover: true },
        env: { RENOVATE_AUTODISCOVER: 'true' },
      });

      // Renovate's autodiscovery: GitLab's project list of the token's user, Developer or more, not archived.
      const discovery = requests.find((line) => line.startsWith('GET /api/v4/projects?membership=true'));
      assert.ok(discovery, requests.join('\n'));
      assert.match(discovery, /min_access_level=30/);
      assert.match(discovery, / 200$/);
      const discovered = log.find((entry) => entry.msg === 'Autodiscovered repositories')?.repositories;
      assert.deepEqual([...(discovered ?? [])].sort(), ['team/libs/core', 'team/web'], JSON.stringify(discovered));
      for (const project of projects) {
        const opened = await admin('GET', `/projects/${project.id}/merge_requests?state=opened`);
        const mrs = opened.body as { source_branch: string; title: string; author: { id: number; username: string } }[];
        assert.equal(mrs.length, 1, `${project.path_with_namespace}: ${JSON.stringify(mrs)}`);
        assert.equal(mrs[0]!.source_branch, BRANCH);
        assert.match(mrs[0]!.title, /lk-greeting to v1\.2\.0/);
        assert.equal(mrs[0]!.author.id, bot.user_id, 'authored by the group bot');
        assert.match(mrs[0]!.author.username, new RegExp(`^group_${team.id}_bot_`));
      }
      // The project outside the group keeps only the project bot's merge request.
      const outside = await admin('GET', `/projects/${r.project.id}/merge_requests?state=opened`);
      assert.deepEqual(
        (outside.body as { author: { id: number } }[]).map((mr) => mr.author.id === bot.user_id),
        [false],
      );
    });
  });
}

interface LogEntry {
  level: number;
  msg: string;
  repositories?: string[];
  err?: { message?: string };
}

/** Renovate's JSON log lines (LOG_FORMAT=json). */
function logOf(stdout: string): LogEntry[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogEntry);
}

function summary(entry: LogEntry): string {
  return entry.err?.message ? `${entry.msg}: ${entry.err.message}` : entry.msg;
}
