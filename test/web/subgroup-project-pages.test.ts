import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD } from '../helpers/test-app.ts';
import { WebClient, textOf } from './web-client.ts';

/** Every link and form target on a page (entities decoded). */
function targetsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
}

const PROJECT = '/team/backend/api';

// One server (HTTP listening for real, for git) per dialect; the cases share its project.
for (const dialect of DIALECTS) {
  describe(`pages of a project in a subgroup at GitLab's addresses (${dialect})`, () => {
    let f: GitFixture;
    let root: WebClient;
    let projectId: number;
    let sha: string;

    before(async () => {
      f = await startGitFixture(dialect);
      const team = (await f.t.api('POST', '/groups', { body: { name: 'Team', path: 'team' } })).body;
      const backend = (await f.t.api('POST', '/groups', { body: { name: 'Backend', path: 'backend', parent_id: team.id } })).body;
      await f.t.api('POST', '/groups', { body: { name: 'Deep group', path: 'deep', parent_id: backend.id } });
      const created = await f.t.api('POST', '/projects', { body: { name: 'API', path: 'api', namespace_id: backend.id } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      projectId = created.body.id;
      // Git over HTTP at the nested path is untouched by the pages' addresses: clone, push a branch and a tag.
      const dir = await f.seed('team/backend/api');
      const git = async (...args: string[]) => {
        const result = await f.cli.git(args, { cwd: dir });
        assert.equal(result.code, 0, result.stderr);
        return result.stdout.trim();
      };
      await git('tag', 'v1.0.0');
      await git('switch', '--quiet', '--create', 'feature');
      await f.cli.commit(dir, { 'docs/feature.md': 'A feature.\n' }, 'Add the feature');
      await git('push', '--quiet', 'origin', 'feature', 'v1.0.0');
      sha = await git('rev-parse', 'main');
      const mr = await f.t.api('POST', `/projects/${projectId}/merge_requests`, { body: { source_branch: 'feature', target_branch: 'main', title: 'The feature' } });
      assert.equal(mr.status, 201, JSON.stringify(mr.body));
      const release = await f.t.api('POST', `/projects/${projectId}/releases`, { body: { tag_name: 'v1.0.0', name: 'First release' } });
      assert.equal(release.status, 201, JSON.stringify(release.body));
      // A token near its expiry: every page of the project shows the banner, linking its tokens page.
      const soon = new Date(f.t.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
      const expiring = await f.t.api('POST', `/projects/${projectId}/access_tokens`, { body: { name: 'expiring', scopes: ['read_api'], expires_at: soon } });
      assert.equal(expiring.status, 201, JSON.stringify(expiring.body));
      root = new WebClient(f.t);
      await root.signIn('root', ROOT_PASSWORD);
    });
    after(async () => {
      await f?.close();
    });

    test('every page answers at /team/backend/api/..., and its links use nested addresses, never %2F', async () => {
      const pages = [
        '',
        '/activity',
        '/-/project_members',
        '/-/settings/access_tokens',
        '/-/hooks',
        '/-/merge_requests',
        '/-/merge_requests/1',
        '/-/merge_requests/1/diffs',
        '/-/merge_requests/1/commits',
        '/-/tree/main',
        '/-/tree/main/docs',
        '/-/blob/main/README.md',
        '/-/commits/main',
        `/-/commit/${sha}`,
        '/-/compare',
        '/-/compare/main...feature',
        '/-/branches',
        '/-/tags',
        '/-/tags/v1.0.0',
        '/-/releases',
        '/-/releases/v1.0.0',
      ];
      for (const page of pages) {
        const response = await root.get(`${PROJECT}${page}`);
        assert.equal(response.status, 200, `${PROJECT}${page}`);
        assert.match(textOf(response.body), /API/, `${PROJECT}${page} names the project`);
        assert.match(response.body, new RegExp(`<a href="${PROJECT}/-/settings/access_tokens">Rotate or replace them`), `${PROJECT}${page} banner`);
        const targets = targetsOf(response.body);
        for (const target of targets) assert.doesNotMatch(target.split('?')[0]!, /%2F/i, `${PROJECT}${page} links ${target}`);
        assert.ok(targets.some((target) => target.startsWith(`${PROJECT}/-/`)), `${PROJECT}${page} links the project's pages at their nested address`);
        // The breadcrumbs: each group of the chain, then the project.
        assert.ok(targets.includes('/team') && targets.includes('/team/backend') && targets.includes(PROJECT), `${PROJECT}${page} has the group chain`);
      }
      const raw = await root.get(`${PROJECT}/-/raw/main/README.md`);
      assert.equal(raw.status, 200);
      assert.equal(raw.body, '# Seed\n');
      // The clone URL shown is the nested one too; `.git` in a browser is the project page, as on GitLab.
      assert.equal((await root.get(`${PROJECT}.git`)).status, 200);
      assert.match((await root.get(PROJECT)).body, /team\/backend\/api\.git/);
    });

    test("forms post to nested addresses and redirect back to them; signing in returns to the page's address", async () => {
      const tokens = await root.get(`${PROJECT}/-/settings/access_tokens`);
      assert.ok(targetsOf(tokens.body).includes(`${PROJECT}/-/settings/access_tokens`));
      const created = await root.post(`${PROJECT}/-/settings/access_tokens`, { name: 'ci', scopes: ['read_api'], access_level: '30', expires_at: '2099-01-01' });
      assert.equal(created.status, 200);
      assert.match(created.body, /glpat-/, 'the new token is shown once');
      const tokenId = (await f.t.api('GET', `/projects/${projectId}/access_tokens`)).body.find((token: { name: string }) => token.name === 'ci').id;
      assert.ok(targetsOf(created.body).includes(`${PROJECT}/-/settings/access_tokens/${tokenId}/revoke`));
      const revoked = await root.post(`${PROJECT}/-/settings/access_tokens/${tokenId}/revoke`, {});
      assert.equal(revoked.status, 303);
      assert.equal(revoked.headers.location, `${PROJECT}/-/settings/access_tokens?notice=token_revoked`);
      assert.equal((await root.get(String(revoked.headers.location))).status, 200);

      await f.t.createUser('paula');
      await root.get(`${PROJECT}/-/project_members`);
      const added = await root.post(`${PROJECT}/-/project_members`, { username: 'paula', access_level: '30' });
      assert.equal(added.status, 303);
      assert.equal(added.headers.location, `${PROJECT}/-/project_members?notice=member_added`);
      assert.match(textOf((await root.get(String(added.headers.location))).body), /paula/);

      const anonymous = new WebClient(f.t);
      const redirected = await anonymous.get(`${PROJECT}/-/merge_requests/1`);
      assert.equal(redirected.status, 303);
      assert.equal(redirected.headers.location, `/users/sign_in?redirect_to=${encodeURIComponent(`${PROJECT}/-/merge_requests/1`)}`);
    });

    test('a group three levels deep still shows its overview; the two-segment form still answers', async () => {
      const group = await root.get('/team/backend/deep');
      assert.equal(group.status, 200);
      assert.match(textOf(group.body), /Deep group/);
      assert.equal((await root.get('/team%2Fbackend/api/-/tree/main')).status, 200);
      assert.equal((await root.get('/team/backend/missing/-/tree/main')).status, 404);
    });

    test('the API, git over HTTP and /-/liveness are not web pages', async () => {
      const api = await fetch(`${f.baseUrl}/api/v4/projects/team%2Fbackend%2Fapi`, { headers: { 'private-token': f.t.rootToken } });
      assert.equal(api.status, 200);
      assert.equal(((await api.json()) as { web_url: string }).web_url, `${f.t.config.externalUrl}${PROJECT}`);
      assert.equal((await fetch(`${f.baseUrl}/-/liveness`)).status, 200);
      const dir = f.cli.dir('clone');
      const clone = await f.cli.git(['clone', '--quiet', httpUrl(f.baseUrl, 'team/backend/api', f.t.rootToken), dir]);
      assert.equal(clone.code, 0, clone.stderr);
      assert.equal((await f.cli.git(['log', '-1', '--format=%s', 'origin/feature'], { cwd: dir })).stdout.trim(), 'Add the feature');
      // Git also finds the repository without `.git`, as on GitLab.
      const bare = await f.cli.git(['ls-remote', httpUrl(f.baseUrl, 'team/backend/api', f.t.rootToken).replace(/\.git$/, ''), 'refs/heads/main']);
      assert.equal(bare.code, 0, bare.stderr);
      assert.match(bare.stdout, new RegExp(`^${sha}\\s+refs/heads/main`));
    });
  });
}
