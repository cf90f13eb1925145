import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertMergeRequest, takeNextMergeRequestIid } from '../../src/db/repositories/merge-requests.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { refreshMergeRequest } from '../../src/services/merge-requests/refresh-merge-request.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, INSUFFICIENT_SCOPE, type TestProject } from '../helpers/project-tokens.ts';
import { httpUrl, sshUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { grantedAccess, jwtAuth, basic } from '../registry/registry-helpers.ts';
import { routesOf, snapshot } from './routes.ts';
import { ed25519KeyPair } from '../helpers/ssh-keys.ts';

/**
 * A read_api token, held by the strongest principals there are (an Owner-level bot, the admin),
 * writes nothing: every write route of the API (enumerated from the router, so a new one cannot
 * be forgotten), git push over HTTP and SSH, and registry push.
 */
interface Write {
  url: string;
  body?: unknown;
  /** What an `api` token of the admin gets for the same request: proof the request was a real write. */
  control: number;
  // guard
  /** The control's token when the admin's own would not do (a token rotating itself). */
  controlToken?: string;
}

// grace-leak
/** Writes anyone may make, with any credential or none (test/security/leaked-token-revoke.test.ts). */
const ANYONE_MAY = new Set(['POST /api/v4/tokens/revoke']);

for (const dialect of DIALECTS) {
  describe(`a read_api token writes nothing (${dialect})`, () => {
    let f: GitFixture;
    let project: TestProject;
    let source: string;
    let bot: string;
    let admin: string;
    const writes = new Map<string, () => Promise<Write>>();

    before(async () => {
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      const t = f.t;
      project = await createProject(t, t.rootToken, 'guarded');
      source = await f.seed(project.path);
      bot = (await createProjectToken(t, project.id, { name: 'reader', scopes: ['read_api'], access_level: 50 })).token;
      admin = (await t.api('POST', `/users/${(await t.api('GET', '/user')).body.id}/personal_access_tokens`, { body: { name: 'admin-reader', scopes: ['read_api'] } })).body.token;
      const member = await t.createUser('steady-member');
      await addMember(t, project.id, member.id, 30);
      const leaving = await t.createUser('leaving-member');
      await addMember(t, project.id, leaving.id, 30);
      const outsider = await t.createUser('outsider');
      const doomedUser = await t.createUser('doomed-user');
      const issue = (await t.api('POST', `/projects/${project.id}/issues`, { body: { title: 'guarded issue' } })).body;
      for (const name of ['guarded-label', 'doomed-label']) await t.api('POST', `/projects/${project.id}/labels`, { body: { name, color: '#000000' } });
      const rotatable = await createProjectToken(t, project.id, { name: 'rotatable', access_level: 30 });
      // token-limits
      const limitable = await createProjectToken(t, project.id, { name: 'limitable', access_level: 30 });
      const revocable = await createProjectToken(t, project.id, { name: 'revocable', access_level: 30 });
      const victim = await createProject(t, t.rootToken, 'victim');
      const key = (await t.api('POST', '/user/keys', { body: { title: 'root key', key: ed25519KeyPair().public } })).body;
      const memberToken = (await t.api('GET', `/personal_access_tokens?user_id=${member.id}`)).body[0];
      const p = `/api/v4/projects/${project.id}`;
      const publicKey = ed25519KeyPair().public;
      const add = (method: string, route: string, write: () => Write) => writes.set(`${method} ${route}`, async () => write());
      add('POST', '/api/v4/users', () => ({ url: '/api/v4/users', body: { username: 'minted', email: 'minted@example.com', name: 'Minted', password: 'password-123' }, control: 201 }));
      add('POST', '/api/v4/users/:user_id/personal_access_tokens', () => ({ url: `/api/v4/users/${member.id}/personal_access_tokens`, body: { name: 'minted', scopes: ['api'] }, control: 201 }));
      add('POST', '/api/v4/user/keys', () => ({ url: '/api/v4/user/keys', body: { title: 'planted', key: publicKey }, control: 201 }));
      add('POST', '/api/v4/projects', () => ({ url: '/api/v4/projects', body: { name: 'planted' }, control: 201 }));
      add('POST', '/api/v4/projects/:id/members', () => ({ url: `${p}/members`, body: { user_id: outsider.id, access_level: 50 }, control: 201 }));
      add('POST', '/api/v4/projects/:id/issues', () => ({ url: `${p}/issues`, body: { title: 'planted' }, control: 201 }));
      add('POST', '/api/v4/projects/:id/issues/:iid/notes', () => ({ url: `${p}/issues/${issue.iid}/notes`, body: { body: 'planted' }, control: 201 }));
      add('POST', '/api/v4/projects/:id/labels', () => ({ url: `${p}/labels`, body: { name: 'planted', color: '#000000' }, control: 201 }));
      add('POST', '/api/v4/projects/:id/access_tokens', () => ({ url: `${p}/access_tokens`, body: { name: 'minted', scopes: ['api'], access_level: 50 }, control: 201 }));
      // Self-rotation needs api or self_rotate; the admin's control token is a human's, hence 405.
      add('POST', '/api/v4/projects/:id/access_tokens/self/rotate', () => ({ url: `${p}/access_tokens/self/rotate`, control: 405 }));
      add('POST', '/api/v4/projects/:id/access_tokens/:token_id/rotate', () => ({ url: `${p}/access_tokens/${rotatable.id}/rotate`, control: 200 }));
      // The registry's notifications take the shared secret, never a token.
      add('POST', '/api/v4/container_registry_event/events', () => ({ url: '/api/v4/container_registry_event/events', body: { events: [] }, control: 401 }));
      add('PUT', '/api/v4/projects/:id', () => ({ url: p, body: { description: 'defaced', visibility: 'public' }, control: 200 }));
      add('PUT', '/api/v4/projects/:id/members/:user_id', () => ({ url: `${p}/members/${member.id}`, body: { access_level: 50 }, control: 200 }));
      add('PUT', '/api/v4/projects/:id/issues/:iid', () => ({ url: `${p}/issues/${issue.iid}`, body: { title: 'defaced', state_event: 'close' }, control: 200 }));
      add('PUT', '/api/v4/projects/:id/labels/:label_id', () => ({ url: `${p}/labels/guarded-label`, body: { new_name: 'defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/labels/:label_id', () => ({ url: `${p}/labels/doomed-label`, control: 204 }));
      add('DELETE', '/api/v4/users/:user_id', () => ({ url: `/api/v4/users/${doomedUser.id}`, control: 204 }));
      add('DELETE', '/api/v4/user/keys/:key_id', () => ({ url: `/api/v4/user/keys/${key.id}`, control: 204 }));
      add('DELETE', '/api/v4/projects/:id', () => ({ url: `/api/v4/projects/${victim.id}`, control: 202 }));
      add('DELETE', '/api/v4/projects/:id/members/:user_id', () => ({ url: `${p}/members/${leaving.id}`, control: 204 }));
      // token-limits
      add('PUT', '/api/v4/projects/:id/access_tokens/:token_id', () => ({ url: `${p}/access_tokens/${limitable.id}`, body: { allowed_ips: ['203.0.113.0/24'] }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/access_tokens/:token_id', () => ({ url: `${p}/access_tokens/${revocable.id}`, control: 204 }));
      add('DELETE', '/api/v4/personal_access_tokens/:token_id', () => ({ url: `/api/v4/personal_access_tokens/${memberToken.id}`, control: 204 }));
      // groups
      const guardedGroup = (await t.api('POST', '/groups', { body: { name: 'guarded-group', path: 'guarded-group' } })).body;
      const doomedGroup = (await t.api('POST', '/groups', { body: { name: 'doomed-group', path: 'doomed-group' } })).body;
      for (const user of [member, leaving]) await t.api('POST', `/groups/${guardedGroup.id}/members`, { body: { user_id: user.id, access_level: 30 } });
      const transferable = await createProject(t, t.rootToken, 'transferable');
      const g = `/api/v4/groups/${guardedGroup.id}`;
      add('POST', '/api/v4/groups', () => ({ url: '/api/v4/groups', body: { name: 'planted', path: 'planted' }, control: 201 }));
      add('PUT', '/api/v4/groups/:id', () => ({ url: g, body: { description: 'defaced', visibility: 'public' }, control: 200 }));
      add('DELETE', '/api/v4/groups/:id', () => ({ url: `/api/v4/groups/${doomedGroup.id}`, control: 202 }));
      add('POST', '/api/v4/groups/:id/members', () => ({ url: `${g}/members`, body: { user_id: outsider.id, access_level: 50 }, control: 201 }));
      add('PUT', '/api/v4/groups/:id/members/:user_id', () => ({ url: `${g}/members/${member.id}`, body: { access_level: 50 }, control: 200 }));
      add('DELETE', '/api/v4/groups/:id/members/:user_id', () => ({ url: `${g}/members/${leaving.id}`, control: 204 }));
      // gtokens
      const groupTokenOf = async (name: string) => (await t.api('POST', `/groups/${guardedGroup.id}/access_tokens`, { body: { name, scopes: ['read_api'], access_level: 20 } })).body;
      const rotatableGroupToken = await groupTokenOf('group-rotatable');
      const revocableGroupToken = await groupTokenOf('group-revocable');
      add('POST', '/api/v4/groups/:id/access_tokens', () => ({ url: `${g}/access_tokens`, body: { name: 'minted', scopes: ['api'], access_level: 50 }, control: 201 }));
      add('POST', '/api/v4/groups/:id/access_tokens/self/rotate', () => ({ url: `${g}/access_tokens/self/rotate`, control: 405 }));
      add('POST', '/api/v4/groups/:id/access_tokens/:token_id/rotate', () => ({ url: `${g}/access_tokens/${rotatableGroupToken.id}/rotate`, control: 200 }));
      add('DELETE', '/api/v4/groups/:id/access_tokens/:token_id', () => ({ url: `${g}/access_tokens/${revocableGroupToken.id}`, control: 204 }));
      // gparity
      const limitableGroupToken = await groupTokenOf('group-limitable');
      add('PUT', '/api/v4/groups/:id/access_tokens/:token_id', () => ({ url: `${g}/access_tokens/${limitableGroupToken.id}`, body: { allowed_ips: ['203.0.113.0/24'] }, control: 200 }));
      const groupHookAt = async (name: string) => (await t.api('POST', `/groups/${guardedGroup.id}/hooks`, { body: { url: `https://hooks.example.com/${name}` } })).body.id as number;
      const guardedGroupHook = await groupHookAt('guarded');
      const doomedGroupHook = await groupHookAt('doomed');
      add('POST', '/api/v4/groups/:id/hooks', () => ({ url: `${g}/hooks`, body: { url: 'https://evil.example/planted', push_events: true }, control: 201 }));
      add('PUT', '/api/v4/groups/:id/hooks/:hook_id', () => ({ url: `${g}/hooks/${guardedGroupHook}`, body: { url: 'https://evil.example/defaced' }, control: 200 }));
      add('DELETE', '/api/v4/groups/:id/hooks/:hook_id', () => ({ url: `${g}/hooks/${doomedGroupHook}`, control: 204 }));
      // The control reaches the sample builder (422: no project with commits, or no CI jobs), so nothing leaves the machine.
      add('POST', '/api/v4/groups/:id/hooks/:hook_id/test/:trigger', () => ({ url: `${g}/hooks/${guardedGroupHook}/test/job_events`, control: 422 }));
      add('PUT', '/api/v4/projects/:id/transfer', () => ({ url: `/api/v4/projects/${transferable.id}/transfer`, body: { namespace: guardedGroup.id }, control: 200 }));
      // guard: the member's own api tokens, one rotated by id (the admin may), one rotating itself.
      const memberRotatable = (await t.api('POST', `/users/${member.id}/personal_access_tokens`, { body: { name: 'rotatable', scopes: ['api'] } })).body;
      const memberSelf = (await t.api('POST', `/users/${member.id}/personal_access_tokens`, { body: { name: 'self-rotating', scopes: ['self_rotate'] } })).body;
      add('POST', '/api/v4/personal_access_tokens/:token_id/rotate', () => ({ url: `/api/v4/personal_access_tokens/${memberRotatable.id}/rotate`, control: 200 }));
      add('POST', '/api/v4/personal_access_tokens/self/rotate', () => ({ url: '/api/v4/personal_access_tokens/self/rotate', control: 200, controlToken: memberSelf.token }));
      // hooks-api
      const hookAt = async (name: string) => (await t.api('POST', `/projects/${project.id}/hooks`, { body: { url: `https://hooks.example.com/${name}` } })).body.id as number;
      const guardedHook = await hookAt('guarded');
      const doomedHook = await hookAt('doomed');
      add('POST', '/api/v4/projects/:id/hooks', () => ({ url: `${p}/hooks`, body: { url: 'https://evil.example/planted', push_events: true }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/hooks/:hook_id', () => ({ url: `${p}/hooks/${guardedHook}`, body: { url: 'https://evil.example/defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/hooks/:hook_id', () => ({ url: `${p}/hooks/${doomedHook}`, control: 204 }));
      // The admin's control reaches the sample builder (422: no CI jobs here), so nothing leaves the machine.
      add('POST', '/api/v4/projects/:id/hooks/:hook_id/test/:trigger', () => ({ url: `${p}/hooks/${guardedHook}/test/job_events`, control: 422 }));
      // Tags, releases and their asset links: a tag and a release with one link to aim at.
      assert.equal((await t.api('POST', `/projects/${project.id}/releases`, { body: { tag_name: 'guarded-tag', ref: 'main', assets: { links: [{ name: 'asset', url: 'https://example.com/asset' }] } } })).status, 201);
      const guardedLink = (await t.api('GET', `/projects/${project.id}/releases/guarded-tag/assets/links`)).body[0].id;
      assert.equal((await t.api('POST', `/projects/${project.id}/releases`, { body: { tag_name: 'doomed-release', ref: 'main' } })).status, 201);
      assert.equal((await t.api('POST', `/projects/${project.id}/repository/tags`, { body: { tag_name: 'doomed-tag', ref: 'main' } })).status, 201);
      add('POST', '/api/v4/projects/:id/repository/tags', () => ({ url: `${p}/repository/tags`, body: { tag_name: 'planted', ref: 'main' }, control: 201 }));
      add('DELETE', '/api/v4/projects/:id/repository/tags/:tag_name', () => ({ url: `${p}/repository/tags/doomed-tag`, control: 204 }));
      add('POST', '/api/v4/projects/:id/releases', () => ({ url: `${p}/releases`, body: { tag_name: 'planted-release', ref: 'main' }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/releases/:tag_name', () => ({ url: `${p}/releases/guarded-tag`, body: { description: 'defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/releases/:tag_name', () => ({ url: `${p}/releases/doomed-release`, control: 200 }));
      add('POST', '/api/v4/projects/:id/releases/:tag_name/assets/links', () => ({ url: `${p}/releases/guarded-tag/assets/links`, body: { name: 'planted', url: 'https://evil.example' }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/releases/:tag_name/assets/links/:link_id', () => ({ url: `${p}/releases/guarded-tag/assets/links/${guardedLink}`, body: { url: 'https://defaced.example' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/releases/:tag_name/assets/links/:link_id', () => ({ url: `${p}/releases/guarded-tag/assets/links/${guardedLink}`, control: 200 }));
      // A branch off main (not merged, so DELETE merged_branches leaves it to the route that deletes it).
      const unmerged = (await f.cli.git(['commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'unmerged'], { cwd: source })).stdout.trim();
      assert.equal((await f.cli.git(['push', '--quiet', 'origin', `${unmerged}:refs/heads/doomed-branch`], { cwd: source })).code, 0);
      add('POST', '/api/v4/projects/:id/repository/branches', () => ({ url: `${p}/repository/branches`, body: { branch: 'planted', ref: 'main' }, control: 201 }));
      add('DELETE', '/api/v4/projects/:id/repository/branches/:branch', () => ({ url: `${p}/repository/branches/doomed-branch`, control: 204 }));
      add('DELETE', '/api/v4/projects/:id/repository/merged_branches', () => ({ url: `${p}/repository/merged_branches`, control: 202 }));
      // Files and commits: a file to change and one to delete.
      for (const file of ['guarded.txt', 'doomed.txt']) {
        const made = await t.api('POST', `/projects/${project.id}/repository/files/${file}`, { body: { branch: 'main', content: 'kept\n', commit_message: `add ${file}` } });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
      add('POST', '/api/v4/projects/:id/repository/files/:file_path', () => ({ url: `${p}/repository/files/planted.txt`, body: { branch: 'main', content: 'planted', commit_message: 'planted' }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/repository/files/:file_path', () => ({ url: `${p}/repository/files/guarded.txt`, body: { branch: 'main', content: 'defaced', commit_message: 'defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/repository/files/:file_path', () => ({ url: `${p}/repository/files/doomed.txt`, body: { branch: 'main', commit_message: 'deleted' }, control: 204 }));
      add('POST', '/api/v4/projects/:id/repository/commits', () => ({
        url: `${p}/repository/commits`,
        body: { branch: 'main', commit_message: 'planted', actions: [{ action: 'create', file_path: 'planted-by-commit.txt', content: 'planted' }] },
        control: 201,
      }));
      // Protected branches and tags: a rule to change and rules to remove.
      for (const name of ['guarded-protected', 'doomed-protected']) {
        assert.equal((await t.api('POST', `/projects/${project.id}/protected_branches`, { body: { name } })).status, 201);
      }
      assert.equal((await t.api('POST', `/projects/${project.id}/protected_tags`, { body: { name: 'doomed-tag-*' } })).status, 201);
      add('POST', '/api/v4/projects/:id/protected_branches', () => ({ url: `${p}/protected_branches`, body: { name: 'planted-*' }, control: 201 }));
      add('PATCH', '/api/v4/projects/:id/protected_branches/:name', () => ({ url: `${p}/protected_branches/guarded-protected`, body: { allow_force_push: true }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/protected_branches/:name', () => ({ url: `${p}/protected_branches/doomed-protected`, control: 204 }));
      add('POST', '/api/v4/projects/:id/protected_tags', () => ({ url: `${p}/protected_tags`, body: { name: 'planted-tag-*' }, control: 201 }));
      add('DELETE', '/api/v4/projects/:id/protected_tags/:name', () => ({ url: `${p}/protected_tags/${encodeURIComponent('doomed-tag-*')}`, control: 204 }));
      // Merge requests: create, update, notes, discussions.
      assert.equal((await t.api('POST', `/projects/${project.id}/repository/branches`, { body: { branch: 'mr-source', ref: 'main' } })).status, 201);
      const guardedMergeRequests: number[] = [];
      for (const branch of ['mr-guarded', 'mr-doomed']) {
        assert.equal((await t.api('POST', `/projects/${project.id}/repository/branches`, { body: { branch, ref: 'main' } })).status, 201);
        guardedMergeRequests.push((await t.api('POST', `/projects/${project.id}/merge_requests`, { body: { source_branch: branch, target_branch: 'main', title: branch } })).body.iid);
      }
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid', () => ({ url: `${p}/merge_requests/${guardedMergeRequests[0]}`, body: { title: 'defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/merge_requests/:merge_request_iid', () => ({ url: `${p}/merge_requests/${guardedMergeRequests[1]}`, control: 204 }));
      add('POST', '/api/v4/projects/:id/merge_requests', () => ({ url: `${p}/merge_requests`, body: { source_branch: 'mr-source', target_branch: 'main', title: 'planted' }, control: 201 }));
      // Merge request notes and discussions: the admin's notes and threads to aim at.
      const commented = `${p}/merge_requests/${guardedMergeRequests[0]}`;
      const adminNote = async () => (await t.api('POST', `/projects/${project.id}/merge_requests/${guardedMergeRequests[0]}/notes`, { body: { body: 'guarded' } })).body.id as number;
      const adminThread = async () => (await t.api('POST', `/projects/${project.id}/merge_requests/${guardedMergeRequests[0]}/discussions`, { body: { body: 'guarded' } })).body as { id: string; notes: { id: number }[] };
      const [guardedNote, doomedNote, guardedThread, doomedThread] = [await adminNote(), await adminNote(), await adminThread(), await adminThread()];
      add('POST', '/api/v4/projects/:id/merge_requests/:merge_request_iid/notes', () => ({ url: `${commented}/notes`, body: { body: 'planted' }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid/notes/:note_id', () => ({ url: `${commented}/notes/${guardedNote}`, body: { body: 'defaced' }, control: 200 }));
      add('DELETE', '/api/v4/projects/:id/merge_requests/:merge_request_iid/notes/:note_id', () => ({ url: `${commented}/notes/${doomedNote}`, control: 204 }));
      add('POST', '/api/v4/projects/:id/merge_requests/:merge_request_iid/discussions', () => ({ url: `${commented}/discussions`, body: { body: 'planted' }, control: 201 }));
      add('POST', '/api/v4/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes', () => ({ url: `${commented}/discussions/${guardedThread.id}/notes`, body: { body: 'planted' }, control: 201 }));
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id', () => ({ url: `${commented}/discussions/${guardedThread.id}`, body: { resolved: true }, control: 200 }));
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes/:note_id', () => ({
        url: `${commented}/discussions/${guardedThread.id}/notes/${guardedThread.notes[0]!.id}`,
        body: { body: 'defaced' },
        control: 200,
      }));
      add('DELETE', '/api/v4/projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes/:note_id', () => ({
        url: `${commented}/discussions/${doomedThread.id}/notes/${doomedThread.notes[0]!.id}`,
        control: 204,
      }));

      // Merge requests: merge, rebase, approvals. Merge requests from branches one commit ahead, stored directly.
      const mergeRequestIids: number[] = [];
      const rootId = (await t.api('GET', '/user')).body.id as number;
      for (const branch of ['mr-approve', 'mr-unapprove', 'mr-rebase', 'mr-merge']) {
        assert.equal((await t.api('POST', `/projects/${project.id}/repository/files/${branch}.txt`, { body: { branch, start_branch: 'main', commit_message: 'm', content: 'x' } })).status, 201);
        const now = t.clock.now().toISOString();
        const iid = await takeNextMergeRequestIid(t.app.deps.db, project.id);
        const row = await insertMergeRequest(t.app.deps.db, { project_id: project.id, iid, title: branch, state: 'opened', source_branch: branch, target_branch: 'main', author_id: rootId, created_at: now, updated_at: now });
        await refreshMergeRequest(t.app.deps.db, repositoryPath(t.config.dataDir, project.id), row);
        mergeRequestIids.push(iid);
      }
      const [toApprove, toUnapprove, toRebase, toMerge] = mergeRequestIids;
      assert.equal((await t.api('POST', `/projects/${project.id}/merge_requests/${toUnapprove}/approve`)).status, 201);
      add('POST', '/api/v4/projects/:id/merge_requests/:merge_request_iid/approve', () => ({ url: `${p}/merge_requests/${toApprove}/approve`, control: 201 }));
      add('POST', '/api/v4/projects/:id/merge_requests/:merge_request_iid/unapprove', () => ({ url: `${p}/merge_requests/${toUnapprove}/unapprove`, control: 201 }));
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid/rebase', () => ({ url: `${p}/merge_requests/${toRebase}/rebase`, control: 202 }));
      add('PUT', '/api/v4/projects/:id/merge_requests/:merge_request_iid/merge', () => ({ url: `${p}/merge_requests/${toMerge}/merge`, control: 200 }));

      // Commit statuses.
      const tip = (await t.api('GET', `/projects/${project.id}/repository/branches/main`)).body.commit.id;
      add('POST', '/api/v4/projects/:id/statuses/:sha', () => ({ url: `${p}/statuses/${tip}`, body: { state: 'success', name: 'planted' }, control: 201 }));

    });
    after(() => f.close());

    const apiWriteRoutes = () =>
      (['POST', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
        routesOf(f.t.app.http, method)
          .filter((route) => route.startsWith('/api/v4/'))
          .map((route) => `${method} ${route}`),
      );

    test('every POST, PUT and DELETE route of /api/v4 refuses it with 403 insufficient_scope, and no row changes', async () => {
      const routes = apiWriteRoutes();
      assert.ok(routes.length >= 21, `the router listed only ${routes.length} write routes:\n${routes.join('\n')}`);
      // A token may always end itself (any scope, as GitLab): tested below, on its own.
      const checked = routes.filter((route) => route !== 'DELETE /api/v4/personal_access_tokens/self' && !ANYONE_MAY.has(route));
      const unknown = checked.filter((route) => !writes.has(route));
      assert.deepEqual(unknown, [], 'a write route this test does not know: add it to the table above');
      for (const [who, token] of [['Owner-level bot', bot], ['admin', admin]] as const) {
        const before = await snapshot(f.t.app.deps.db);
        for (const route of checked) {
          const write = await writes.get(route)!();
          const method = route.split(' ')[0] as 'POST' | 'PUT' | 'DELETE';
          const res = await f.t.api(method, write.url, { token, body: write.body });
          if (route.includes('container_registry_event')) {
            assert.equal(res.status, 401, `${route} by the ${who}`);
          } else {
            assert.equal(res.status, 403, `${route} by the ${who}: ${JSON.stringify(res.body)}`);
            assert.equal(res.body.error, 'insufficient_scope', route);
            assert.equal(res.body.error_description, INSUFFICIENT_SCOPE);
          }
        }
        assert.equal(await snapshot(f.t.app.deps.db), before, `the ${who}'s read_api token changed the database`);
      }
    });

    test('git push over HTTP and SSH is refused with "not allowed to upload code", and no branch appears', async () => {
      for (const token of [bot, admin]) {
        const http = await f.cli.git(['push', httpUrl(f.baseUrl, project.path, token), 'HEAD:refs/heads/by-read-api'], { cwd: source });
        assert.equal(http.code, 128, http.stderr);
        assert.match(http.stderr, /remote: You are not allowed to upload code\./);
        const ssh = await f.cli.git(['push', sshUrl(f.ssh.port, project.path), 'HEAD:refs/heads/by-read-api'], {
          cwd: source,
          env: f.cli.sshEnv(f.ssh.port, { password: token }),
        });
        assert.equal(ssh.code, 128, ssh.stderr);
        assert.match(ssh.stderr, /You are not allowed to upload code\./);
        // Reading is what read_api is for.
        const listed = await f.cli.git(['ls-remote', '--heads', httpUrl(f.baseUrl, project.path, token)]);
        assert.equal(listed.code, 0, listed.stderr);
        assert.doesNotMatch(listed.stdout, /by-read-api/);
      }
    });

    test('GET /jwt/auth grants it pull, never push, delete or *', async () => {
      for (const token of [bot, admin]) {
        const access = await grantedAccess(f.t, await jwtAuth(f.t, [`repository:${project.path}:pull,push,delete,*`, `repository:${project.path}/app:push`], basic(token)));
        assert.deepEqual(access, [{ type: 'repository', name: project.path, actions: ['pull'] }]);
      }
    });

    test('DELETE /personal_access_tokens/self is the one write it may do: it ends itself, nothing else', async () => {
      const own = await createProjectToken(f.t, project.id, { name: 'self-ender', scopes: ['read_api'], access_level: 30 });
      const before = (await f.t.api('GET', `/projects/${project.id}/access_tokens?state=active`)).body.length;
      assert.equal((await f.t.api('DELETE', '/personal_access_tokens/self', { token: own.token })).status, 204);
      assert.equal((await f.t.api('GET', `/projects/${project.id}`, { token: own.token })).status, 401);
      assert.equal((await f.t.api('GET', `/projects/${project.id}/access_tokens?state=active`)).body.length, before - 1);
    });

    test('control: the same requests with an api token pass the scope gate and do write', async () => {
      for (const route of apiWriteRoutes().filter((r) => r !== 'DELETE /api/v4/personal_access_tokens/self' && !ANYONE_MAY.has(r))) {
        const write = await writes.get(route)!();
        const res = await f.t.api(route.split(' ')[0] as 'POST', write.url, { body: write.body, ...(write.controlToken && { token: write.controlToken }) });
        assert.equal(res.status, write.control, `${route}: ${JSON.stringify(res.body)}`);
      }
    });
  });
}
