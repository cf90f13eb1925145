import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gitlab } from '@gitbeaker/rest';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixtureAtItsUrl, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { refusalOf, statusOf } from './gitbeaker-status.ts';

// A release bot's repository work through an unmodified @gitbeaker/rest, with project access
// tokens, against a listening Latchkey whose repositories were filled by a real `git push`:
// files, commits with actions, tags, releases with asset links, branches, protected branches,
// the tree and compare.

type Client = InstanceType<typeof Gitlab>;
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

for (const dialect of DIALECTS) {
  describe(`@gitbeaker/rest against Latchkey: repository, tags, releases (${dialect})`, () => {
    let f: GitFixture;
    let projects = 0;

    before(async () => {
      f = await startGitFixtureAtItsUrl(dialect);
    });
    after(() => f.close());

    /** A project seeded by a real push (README.md, docs/guide.md on main) and a Maintainer bot with scope `api`. */
    const seededProject = async (): Promise<{ id: number; path: string; bot: Client }> => {
      const project = await f.createProject(`gitbeaker-repo-${++projects}`);
      await f.seed(project.path);
      const { token } = await f.projectToken(project.id, ['api'], 40);
      return { ...project, bot: new Gitlab({ host: f.baseUrl, token }) };
    };

    test('RepositoryFiles create, show, edit (with last_commit_id), remove', async () => {
      const { id, bot } = await seededProject();
      const created = await bot.RepositoryFiles.create(id, 'docs/new guide.md', 'main', 'Hello\n', 'Add a guide');
      assert.deepEqual(created, { file_path: 'docs/new guide.md', branch: 'main' });

      const shown = await bot.RepositoryFiles.show(id, 'docs/new guide.md', 'main');
      assert.deepEqual([shown.file_name, shown.file_path, shown.size, shown.encoding, shown.ref], ['new guide.md', 'docs/new guide.md', 6, 'base64', 'main']);
      assert.equal(text(shown.content), 'Hello\n');
      const head = await bot.Commits.show(id, 'main');
      assert.equal(head.title, 'Add a guide');
      assert.deepEqual([shown.commit_id, shown.last_commit_id], [head.id, head.id]);

      const edited = await bot.RepositoryFiles.edit(id, 'docs/new guide.md', 'main', 'SGVsbG8gYWdhaW4K', 'Edit the guide', {
        encoding: 'base64',
        lastCommitId: shown.last_commit_id as string,
      });
      assert.deepEqual(edited, { file_path: 'docs/new guide.md', branch: 'main' });
      assert.equal(await bot.RepositoryFiles.showRaw(id, 'docs/new guide.md', 'main'), 'Hello again\n');
      assert.deepEqual(
        await refusalOf(bot.RepositoryFiles.edit(id, 'docs/new guide.md', 'main', 'stale\n', 'Stale edit', { lastCommitId: shown.last_commit_id as string })),
        [400, 'You are attempting to update a file that has changed since you started editing it.'],
      );
      assert.deepEqual(await refusalOf(bot.RepositoryFiles.create(id, 'README.md', 'main', 'again\n', 'Again')), [400, 'A file with this name already exists']);

      await bot.RepositoryFiles.remove(id, 'docs/new guide.md', 'main', 'Remove the guide');
      assert.equal(await statusOf(bot.RepositoryFiles.show(id, 'docs/new guide.md', 'main')), 404);
      const history = await bot.Commits.all(id, { refName: 'main' });
      assert.deepEqual(history.map((commit) => commit.title), ['Remove the guide', 'Edit the guide', 'Add a guide', 'Initial commit']);
    });

    test('Commits create with five actions, then all (path filter), show with stats, showDiff', async () => {
      const { id, bot } = await seededProject();
      const scripts = await bot.Commits.create(id, 'main', 'Add scripts', [
        { action: 'create', filePath: 'run.sh', content: 'echo run\n' },
        { action: 'create', filePath: 'bin/tool', content: 'IyEvYmluL3NoCmVjaG8gdG9vbAo=', encoding: 'base64' },
      ]);
      assert.deepEqual(scripts.stats, { additions: 3, deletions: 0, total: 3 });
      const commit = await bot.Commits.create(id, 'main', 'Rework the layout\n\nFive actions at once.', [
        { action: 'create', filePath: 'src/app.txt', content: 'app\n' },
        { action: 'update', filePath: 'README.md', content: '# Updated\n' },
        { action: 'move', filePath: 'guide.md', previousPath: 'docs/guide.md' },
        { action: 'delete', filePath: 'run.sh' },
        { action: 'chmod', filePath: 'bin/tool', execute_filemode: true },
      ]);
      assert.equal(commit.title, 'Rework the layout');
      assert.equal(commit.message, 'Rework the layout\n\nFive actions at once.');
      assert.deepEqual(commit.parent_ids, [scripts.id]);
      const tool = await bot.RepositoryFiles.show(id, 'bin/tool', 'main');
      assert.deepEqual([tool.execute_filemode, tool.last_commit_id, text(tool.content)], [true, commit.id, '#!/bin/sh\necho tool\n']);

      const all = await bot.Commits.all(id, { refName: 'main' });
      assert.deepEqual(all.map((c) => c.title), ['Rework the layout', 'Add scripts', 'Initial commit']);
      const touchingGuide = await bot.Commits.all(id, { refName: 'main', path: 'guide.md' });
      assert.deepEqual(touchingGuide.map((c) => c.id), [commit.id]);

      const shown = await bot.Commits.show(id, scripts.id);
      assert.deepEqual([shown.id, shown.short_id, shown.title], [scripts.id, scripts.id.slice(0, 8), 'Add scripts']);
      assert.deepEqual(shown.stats, { additions: 3, deletions: 0, total: 3 });

      const diff = await bot.Commits.showDiff(id, commit.id);
      const byPath = new Map(diff.map((d) => [d.new_path, d]));
      assert.deepEqual([...byPath.keys()].sort(), ['README.md', 'bin/tool', 'guide.md', 'run.sh', 'src/app.txt']);
      assert.equal(byPath.get('src/app.txt')!.new_file, true);
      assert.equal(byPath.get('run.sh')!.deleted_file, true);
      assert.deepEqual([byPath.get('guide.md')!.renamed_file, byPath.get('guide.md')!.old_path], [true, 'docs/guide.md']);
      assert.deepEqual([byPath.get('bin/tool')!.a_mode, byPath.get('bin/tool')!.b_mode], ['100644', '100755']);
      assert.match(byPath.get('README.md')!.diff, /^-# Seed\n\+# Updated\n/m);
    });

    test('Tags create (lightweight and annotated), all with search, show, remove', async () => {
      const { id, path, bot } = await seededProject();
      const main = await bot.Branches.show(id, 'main');
      const light = await bot.Tags.create(id, 'v1.0.0', 'main');
      assert.deepEqual([light.name, light.target, light.commit.id], ['v1.0.0', main.commit.id, main.commit.id]);
      const annotated = await bot.Tags.create(id, 'v1.1.0', main.commit.id, { message: 'Release 1.1.0' });
      assert.deepEqual([annotated.name, annotated.message, annotated.commit.id], ['v1.1.0', 'Release 1.1.0', main.commit.id]);
      assert.notEqual(annotated.target, main.commit.id);
      await bot.Tags.create(id, 'other', 'main');

      const all = await bot.Tags.all(id, { orderBy: 'name', sort: 'asc' });
      assert.deepEqual(all.map((tag) => tag.name), ['other', 'v1.0.0', 'v1.1.0']);
      const found = await bot.Tags.all(id, { search: '^v1.' });
      assert.deepEqual(found.map((tag) => tag.name).sort(), ['v1.0.0', 'v1.1.0']);
      const shown = await bot.Tags.show(id, 'v1.1.0');
      assert.deepEqual([shown.name, shown.message, shown.target], ['v1.1.0', 'Release 1.1.0', annotated.target]);
      assert.deepEqual(await refusalOf(bot.Tags.create(id, 'v1.0.0', 'main')), [400, 'Tag v1.0.0 already exists']);

      await bot.Tags.remove(id, 'other');
      assert.equal(await statusOf(bot.Tags.show(id, 'other')), 404);
      const remote = await f.cli.git(['ls-remote', '--tags', '--refs', httpUrl(f.baseUrl, path, f.t.rootToken)]);
      assert.deepEqual(remote.stdout.trim().split('\n').map((line) => line.split('\t')[1]), ['refs/tags/v1.0.0', 'refs/tags/v1.1.0']);
    });

    test('ProjectReleases create (tag from ref, asset links), all, show, edit, ReleaseLinks, remove keeps the tag', async () => {
      const { id, bot } = await seededProject();
      const main = await bot.Branches.show(id, 'main');
      const created = await bot.ProjectReleases.create(id, {
        tagName: 'v2.0.0',
        ref: 'main',
        name: 'Two',
        description: '## Changes\n\n* everything',
        assets: { links: [{ name: 'linux binary', url: 'https://example.com/app-linux', linkType: 'package', directAssetPath: '/binaries/app-linux' }] },
      });
      assert.deepEqual([created.tag_name, created.name, created.description, created.commit.id], ['v2.0.0', 'Two', '## Changes\n\n* everything', main.commit.id]);
      const links0 = created.assets.links as unknown as { name: string; url: string; link_type: string; direct_asset_url: string }[];
      assert.equal(links0.length, 1);
      const link = links0[0]!;
      assert.deepEqual([link.name, link.url, link.link_type], ['linux binary', 'https://example.com/app-linux', 'package']);
      assert.match(link.direct_asset_url, /\/-\/releases\/v2\.0\.0\/downloads\/binaries\/app-linux$/);
      assert.equal((await bot.Tags.show(id, 'v2.0.0')).commit.id, main.commit.id);

      await bot.ProjectReleases.create(id, { tagName: 'v1.0.0', ref: 'main', name: 'One', releasedAt: '2020-01-01T00:00:00Z' });
      const all = await bot.ProjectReleases.all(id);
      assert.deepEqual(all.map((release) => release.tag_name), ['v2.0.0', 'v1.0.0']);
      const shown = await bot.ProjectReleases.show(id, 'v2.0.0');
      assert.deepEqual([shown.name, shown.author.username.startsWith('project_'), shown.assets.links!.length], ['Two', true, 1]);

      const edited = await bot.ProjectReleases.edit(id, 'v2.0.0', { name: 'Two, final', description: 'Done.' });
      assert.deepEqual([edited.name, edited.description], ['Two, final', 'Done.']);

      const extra = await bot.ReleaseLinks.create(id, 'v2.0.0', 'checksums', 'https://example.com/SHA256SUMS', { linkType: 'other' });
      const links = await bot.ReleaseLinks.all(id, 'v2.0.0');
      assert.deepEqual(links.map((l) => l.name).sort(), ['checksums', 'linux binary']);
      assert.equal((await refusalOf(bot.ReleaseLinks.create(id, 'v2.0.0', 'checksums', 'https://example.com/other')))[0], 400);
      await bot.ReleaseLinks.remove(id, 'v2.0.0', extra.id);
      assert.deepEqual((await bot.ReleaseLinks.all(id, 'v2.0.0')).map((l) => l.name), ['linux binary']);

      await bot.ProjectReleases.remove(id, 'v2.0.0');
      assert.equal(await statusOf(bot.ProjectReleases.show(id, 'v2.0.0')), 404);
      assert.equal((await bot.Tags.show(id, 'v2.0.0')).name, 'v2.0.0');
    });

    test('Branches create and remove; ProtectedBranches protect, all, unprotect decide what a Developer bot may commit', async () => {
      const { id, bot } = await seededProject();
      const developerToken = (await f.projectToken(id, ['api'], 30)).token;
      const developer = new Gitlab({ host: f.baseUrl, token: developerToken });

      const branch = await bot.Branches.create(id, 'release/1.x', 'main');
      assert.deepEqual([branch.name, branch.protected], ['release/1.x', false]);
      assert.equal((await developer.RepositoryFiles.create(id, 'one.txt', 'release/1.x', '1\n', 'One')).branch, 'release/1.x');
      assert.deepEqual(await refusalOf(developer.RepositoryFiles.create(id, 'one.txt', 'main', '1\n', 'One')), [403, '403 Forbidden - You are not allowed to push into this branch']);

      const rule = await bot.ProtectedBranches.protect(id, 'release/*', { pushAccessLevel: 40, mergeAccessLevel: 40 });
      assert.equal(rule.name, 'release/*');
      const levels = (list: unknown) => (list as { access_level: number }[]).map((level) => level.access_level);
      assert.deepEqual(levels(rule.push_access_levels), [40]);
      assert.deepEqual(levels(rule.merge_access_levels), [40]);
      const rules = await bot.ProtectedBranches.all(id);
      assert.deepEqual(rules.map((r) => r.name).sort(), ['main', 'release/*']);
      assert.equal((await bot.Branches.show(id, 'release/1.x')).protected, true);
      assert.deepEqual(await refusalOf(developer.RepositoryFiles.create(id, 'two.txt', 'release/1.x', '2\n', 'Two')), [403, '403 Forbidden - You are not allowed to push into this branch']);

      await bot.ProtectedBranches.unprotect(id, 'release/*');
      assert.deepEqual((await bot.ProtectedBranches.all(id)).map((r) => r.name), ['main']);
      assert.equal((await developer.RepositoryFiles.create(id, 'two.txt', 'release/1.x', '2\n', 'Two')).branch, 'release/1.x');

      await developer.Branches.remove(id, 'release/1.x');
      assert.equal(await statusOf(bot.Branches.show(id, 'release/1.x')), 404);
      assert.deepEqual((await bot.Branches.all(id)).map((b) => b.name), ['main']);
    });

    test('Repositories allRepositoryTrees (recursive, path) and compare across branches', async () => {
      const { id, bot } = await seededProject();
      const top = await bot.Repositories.allRepositoryTrees(id, { ref: 'main' });
      assert.deepEqual(top.map((entry) => [entry.type, entry.path, entry.mode]), [
        ['tree', 'docs', '040000'],
        ['blob', 'README.md', '100644'],
      ]);
      const everything = await bot.Repositories.allRepositoryTrees(id, { recursive: true, perPage: 2 });
      assert.deepEqual(everything.map((entry) => entry.path).sort(), ['README.md', 'docs', 'docs/guide.md']);
      const docs = await bot.Repositories.allRepositoryTrees(id, { path: 'docs' });
      assert.deepEqual(docs.map((entry) => [entry.name, entry.path]), [['guide.md', 'docs/guide.md']]);

      await bot.Branches.create(id, 'feature', 'main');
      const added = await bot.RepositoryFiles.create(id, 'feature.txt', 'feature', 'new\n', 'Add the feature');
      assert.equal(added.branch, 'feature');
      type Compared = { commit: { title: string } | null; commits: { title: string }[]; diffs: { new_path: string; new_file: boolean }[]; compare_same_ref: boolean };
      const compared = (await bot.Repositories.compare(id, 'main', 'feature')) as unknown as Compared;
      assert.deepEqual(compared.commits.map((c) => c.title), ['Add the feature']);
      assert.equal(compared.commit?.title, 'Add the feature');
      assert.deepEqual(compared.diffs.map((d) => [d.new_path, d.new_file]), [['feature.txt', true]]);
      assert.equal(compared.compare_same_ref, false);
      const same = (await bot.Repositories.compare(id, 'main', 'main')) as unknown as Compared;
      assert.deepEqual([same.commits.length, same.diffs.length, same.compare_same_ref], [0, 0, true]);
    });
  });
}

