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

  });
}

