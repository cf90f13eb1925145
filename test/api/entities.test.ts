import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProjectToken } from '../helpers/project-tokens.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';

/**
 * The project, member and event entities carry the keys GitLab documents (docs/api/projects.md,
 * members.md, events.md), as python-gitlab, @gitbeaker and glab read them: with real values where
 * Latchkey has them, and what GitLab shows for a disabled feature or an unset setting otherwise.
 * (User entities: test/api/users.test.ts; token entities: test/api/personal-access-tokens.test.ts
 * and test/api/project-access-tokens.test.ts.)
 */
const USER_BASIC_KEYS = ['avatar_url', 'id', 'locked', 'name', 'state', 'username', 'web_url'];

const PROJECT_KEYS = [
  ...['id', 'description', 'name', 'name_with_namespace', 'path', 'path_with_namespace', 'created_at', 'default_branch'],
  ...['tag_list', 'topics', 'ssh_url_to_repo', 'http_url_to_repo', 'web_url', 'readme_url', 'forks_count', 'avatar_url'],
  ...['star_count', 'last_activity_at', 'namespace', 'container_registry_image_prefix', '_links', 'packages_enabled'],
  ...['empty_repo', 'archived', 'visibility', 'owner', 'resolve_outdated_diff_discussions', 'repository_object_format'],
  ...['issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'container_registry_enabled'],
  ...['service_desk_enabled', 'can_create_merge_request_in', 'issues_access_level', 'repository_access_level'],
  ...['merge_requests_access_level', 'forking_access_level', 'wiki_access_level', 'builds_access_level', 'snippets_access_level'],
  ...['pages_access_level', 'analytics_access_level', 'container_registry_access_level', 'security_and_compliance_access_level'],
  ...['releases_access_level', 'environments_access_level', 'feature_flags_access_level', 'infrastructure_access_level'],
  ...['monitor_access_level', 'model_experiments_access_level', 'model_registry_access_level', 'emails_disabled', 'emails_enabled'],
  ...['shared_runners_enabled', 'lfs_enabled', 'creator_id', 'import_status', 'open_issues_count', 'updated_at', 'public_jobs'],
  ...['shared_with_groups', 'only_allow_merge_if_pipeline_succeeds', 'allow_merge_on_skipped_pipeline', 'request_access_enabled'],
  ...['only_allow_merge_if_all_discussions_are_resolved', 'remove_source_branch_after_merge', 'printing_merge_request_link_enabled'],
  ...['merge_method', 'squash_option', 'enforce_auth_checks_on_uploads', 'suggestion_commit_message', 'merge_commit_template'],
  ...['squash_commit_template', 'issue_branch_template', 'warn_about_potentially_unwanted_characters', 'autoclose_referenced_issues'],
];
const NAMESPACE_KEYS = ['avatar_url', 'full_path', 'id', 'kind', 'name', 'parent_id', 'path', 'web_url'];
const LINK_KEYS = ['cluster_agents', 'events', 'issues', 'labels', 'members', 'repo_branches', 'self'];
// GitLab's member entity; `bot` is Latchkey's own addition (bots are marked in member lists).
const MEMBER_KEYS = [...USER_BASIC_KEYS, 'access_level', 'bot', 'created_at', 'created_by', 'expires_at', 'membership_state'];
const EVENT_KEYS = [
  ...['action_name', 'author', 'author_id', 'author_username', 'created_at', 'id', 'imported', 'imported_from'],
  ...['project_id', 'target_id', 'target_iid', 'target_title', 'target_type', 'title'],
];

const keysOf = (value: object) => Object.keys(value).sort();
const sorted = (keys: string[]) => [...keys].sort();

for (const dialect of DIALECTS) {
  describe(`GitLab entity fields (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let alice: { id: number; token: string };

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      alice = await f.t.createUser('alice');
      project = await f.createProject('entities', 'private', alice.token);
    });
    after(() => f.close());

    test("GET /projects/:id has GitLab's project keys, its namespace's, _links and permissions, with real values", async () => {
      const res = await f.t.api('GET', `/projects/${project.id}`, { token: alice.token });
      assert.equal(res.status, 200);
      assert.deepEqual(keysOf(res.body), sorted([...PROJECT_KEYS, 'permissions']));
      assert.deepEqual(keysOf(res.body.namespace), sorted(NAMESPACE_KEYS));
      assert.deepEqual(keysOf(res.body._links), sorted(LINK_KEYS));
      assert.equal(res.body._links.self, `http://127.0.0.1:8080/api/v4/projects/${project.id}`);
      assert.equal(res.body._links.issues, `http://127.0.0.1:8080/api/v4/projects/${project.id}/issues`);
      assert.deepEqual(keysOf(res.body.owner), sorted(USER_BASIC_KEYS));
      assert.deepEqual([res.body.owner.id, res.body.owner.username], [alice.id, 'alice']);
      assert.equal(res.body.name_with_namespace, 'alice / entities');
      assert.equal(res.body.path_with_namespace, 'alice/entities');
      assert.equal(res.body.http_url_to_repo, `http://127.0.0.1:8080/${project.path}.git`);
      assert.match(res.body.ssh_url_to_repo, /^ssh:\/\/git@127\.0\.0\.1:\d+\/alice\/entities\.git$/);
      assert.equal(res.body.container_registry_image_prefix, '127.0.0.1:5000/alice/entities');
      assert.deepEqual([res.body.container_registry_enabled, res.body.container_registry_access_level], [true, 'enabled']);
      assert.deepEqual([res.body.issues_enabled, res.body.issues_access_level], [true, 'enabled']);
      assert.deepEqual([res.body.merge_requests_enabled, res.body.merge_requests_access_level], [true, 'enabled'], 'merge requests (Renovate skips a project without)');
      assert.deepEqual([res.body.archived, res.body.forks_count, res.body.star_count, res.body.topics], [false, 0, 0, []]);
      assert.equal(res.body.import_status, 'none');
      assert.equal(res.body.creator_id, alice.id);
      assert.equal(res.body.updated_at, res.body.last_activity_at);
      assert.deepEqual(res.body.permissions, { project_access: { access_level: 50, notification_level: 3 }, group_access: null });
    });

    test('empty_repo is true until a branch is pushed; open_issues_count counts the open issues', async () => {
      const fresh = await f.createProject('fresh', 'private', alice.token);
      const before = await f.t.api('GET', `/projects/${fresh.id}`, { token: alice.token });
      assert.deepEqual([before.body.empty_repo, before.body.open_issues_count], [true, 0]);
      await f.seed(fresh.path);
      for (const title of ['one', 'two', 'three']) await f.t.api('POST', `/projects/${fresh.id}/issues`, { token: alice.token, body: { title } });
      // Read (and kept by the read cache) between the issues and the close, which must not answer stale.
      assert.equal((await f.t.api('GET', `/projects/${fresh.id}`, { token: alice.token })).body.open_issues_count, 3);
      await f.t.api('PUT', `/projects/${fresh.id}/issues/3`, { token: alice.token, body: { state_event: 'close' } });
      const after = await f.t.api('GET', `/projects/${fresh.id}`, { token: alice.token });
      assert.deepEqual([after.body.empty_repo, after.body.open_issues_count], [false, 2]);
      const listed = (await f.t.api('GET', '/projects?search=fresh', { token: alice.token })).body;
      assert.deepEqual(
        listed.map((p: { id: number; empty_repo: boolean; open_issues_count: number }) => [p.id, p.empty_repo, p.open_issues_count]),
        [[fresh.id, false, 2]],
      );
    });

    test('GET /projects, POST and PUT /projects/:id answer the same project keys (no permissions)', async () => {
      const listed = await f.t.api('GET', '/projects', { token: alice.token });
      for (const entry of listed.body) assert.deepEqual(keysOf(entry), sorted(PROJECT_KEYS));
      const created = await f.t.api('POST', '/projects', { token: alice.token, body: { name: 'made' } });
      assert.equal(created.status, 201);
      assert.deepEqual(keysOf(created.body), sorted(PROJECT_KEYS));
      assert.deepEqual([created.body.empty_repo, created.body.open_issues_count, created.body.owner.username], [true, 0, 'alice']);
      const updated = await f.t.api('PUT', `/projects/${created.body.id}`, { token: alice.token, body: { description: 'changed' } });
      assert.deepEqual(keysOf(updated.body), sorted(PROJECT_KEYS));
    });

    test('without a registry there is no container_registry_image_prefix and the registry reads as disabled', async () => {
      const bare = await startGitFixture(dialect);
      try {
        const made = await bare.t.api('POST', '/projects', { body: { name: 'plain' } });
        const shown = await bare.t.api('GET', `/projects/${made.body.id}`);
        assert.deepEqual(keysOf(shown.body), sorted([...PROJECT_KEYS, 'permissions'].filter((key) => key !== 'container_registry_image_prefix')));
        assert.deepEqual([shown.body.container_registry_enabled, shown.body.container_registry_access_level], [false, 'disabled']);
      } finally {
        await bare.close();
      }
    });

    test("a member (a human and a bot) has GitLab's member keys, created_by the user who added them", async () => {
      const bob = await f.t.createUser('bob');
      await addMember(f.t, project.id, bob.id, 30); // root adds bob
      const bot = await createProjectToken(f.t, project.id, { name: 'ci' }, alice.token);
      for (const [userId, adder] of [[alice.id, 'alice'], [bob.id, 'root'], [bot.userId, 'alice']] as const) {
        const res = await f.t.api('GET', `/projects/${project.id}/members/${userId}`, { token: alice.token });
        assert.equal(res.status, 200);
        assert.deepEqual(keysOf(res.body), sorted(MEMBER_KEYS));
        assert.equal(res.body.bot, userId === bot.userId);
        assert.deepEqual(keysOf(res.body.created_by), sorted(USER_BASIC_KEYS));
        assert.equal(res.body.created_by.username, adder);
      }
      const listed = await f.t.api('GET', `/projects/${project.id}/members`, { token: alice.token });
      const adders = listed.body.map((m: { id: number; created_by: { username: string } }) => [m.id, m.created_by.username]);
      assert.deepEqual(adders.sort(), [[alice.id, 'alice'], [bob.id, 'root'], [bot.userId, 'alice']].sort());
    });

    test("an event has GitLab's event keys (title null, imported_from none)", async () => {
      await f.t.api('POST', `/projects/${project.id}/issues`, { token: alice.token, body: { title: 'evented' } });
      const res = await f.t.api('GET', `/projects/${project.id}/events?target_type=issue`, { token: alice.token });
      assert.equal(res.status, 200);
      assert.ok(res.body.length > 0);
      for (const event of res.body) {
        assert.deepEqual(keysOf(event), sorted(EVENT_KEYS));
        assert.deepEqual([event.title, event.imported, event.imported_from], [null, false, 'none']);
        assert.deepEqual(keysOf(event.author), sorted(USER_BASIC_KEYS));
      }
    });
  });
}
