import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PERSONAL_TOKEN_SCOPES, PROJECT_TOKEN_SCOPES, scopesGrant, scopesGranting, type Ability, type Scope } from '../../src/domain/scopes.ts';
import { registryNotificationSecret } from '../../src/domain/secrets.ts';
import { insertMergeRequest, takeNextMergeRequestIid } from '../../src/db/repositories/merge-requests.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import type { Dialect } from '../helpers/databases.ts';
import { addMember, createProject, createProjectToken, INSUFFICIENT_SCOPE, type TestProject } from '../helpers/project-tokens.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { routesOf } from '../security/routes.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { refreshMergeRequest } from '../../src/services/merge-requests/refresh-merge-request.ts';

// The scope matrix: every API route of a project × every scope × both kinds of token. Each row
// says which ability the route needs; whether a scope grants it, and which scopes would do, is
// read from the one scope → abilities table (src/domain/scopes.ts), never restated here. The scope
// gate comes first (a scope without the ability: 403 insufficient_scope naming the scopes that
// grant it); behind it, the role decides.

type Kind = 'personal' | 'project';

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

interface Route {
  label: string;
  method: Request['method'];
  /** Builds the request, creating what it consumes (a fresh member, a fresh token...). */
  prepare(kind: Kind): Promise<Request>;
  /** What the route asks of the credential: read_api for a read, write_api for a change, or a finer ability. */
  ability: Ability;
  /** Status when the scope gate lets the request through. */
  ok: Record<Kind, number>;
}

/**
 * The matrix on one dialect. It runs as one test file per dialect
 * (project-scope-matrix.<dialect>.test.ts), so the two run side by side; rows are added here only.
 */
export function describeScopeMatrix(dialect: Dialect): void {
  describe(`scope matrix of the project API routes (${dialect})`, () => {
    let f: GitFixture;
    let t: TestApp;
    let owner: { id: number; token: string };
    let project: TestProject;
    let steady: { id: number }; // a member whose role the matrix changes back and forth
    let issueIid: number;
    let labelCounter = 0;
    let readableTokenId: number;
    let registryRepositoryId: number;
    let userCounter = 0;
    let doomedCounter = 0;
    let protectionCounter = 0;
    let fileCounter = 0;

    const readmeBlob = async (): Promise<string> => {
      const tree = await t.api('GET', `/projects/${project.id}/repository/tree?ref=main`);
      return tree.body.find((entry: { path: string }) => entry.path === 'README.md').id;
    };
    let mergeRequestCounter = 0;
    /** A fresh branch off main, for a merge request of its own. */
    const matrixBranch = async (): Promise<string> => {
      const branch = `matrix-mr-${(mergeRequestCounter += 1)}`;
      assert.equal((await t.api('POST', `/projects/${project.id}/repository/branches`, { token: owner.token, body: { branch, ref: 'main' } })).status, 201);
      return branch;
    };
    const matrixMergeRequest = async (): Promise<number> => {
      const body = { source_branch: await matrixBranch(), target_branch: 'main', title: 'matrix' };
      const made = await t.api('POST', `/projects/${project.id}/merge_requests`, { token: owner.token, body });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.iid;
    };
    const freshUser = async () => (await t.createUser(`matrix-user-${(userCounter += 1)}`)).id;

    const routes = (): Route[] => {
      const p = `/projects/${project.id}`;
      return [
        { label: 'GET /projects/:id', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: p }), ok: { personal: 200, project: 200 } },
        {
          // Owner only: the Owner's personal token deletes a fresh project of its own; the
          // Maintainer-level bot may not delete its project (and the matrix's project survives).
          label: 'DELETE /projects/:id',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async (kind) => ({
            method: 'DELETE',
            path: kind === 'personal' ? `/projects/${(await createProject(t, owner.token, `doomed-${(doomedCounter += 1)}`)).id}` : p,
          }),
          ok: { personal: 202, project: 403 },
        },
        {
          label: 'PUT /projects/:id',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: p, body: { description: 'changed by the matrix' } }),
          ok: { personal: 200, project: 200 },
        },
        { label: 'GET /projects/:id/members', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/members` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/members/:user_id',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/members/${steady.id}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/members/all',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/members/all` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/members/all/:user_id',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/members/all/${steady.id}` }),
          ok: { personal: 200, project: 200 },
        },
        // groups
        {
          // Owner only: the Owner's personal token moves a fresh project of its own into a group
          // it owns; the Maintainer-level bot may not move its project.
          label: 'PUT /projects/:id/transfer',
          method: 'PUT',
          ability: 'write_api',
          prepare: async (kind) => {
            if (kind === 'project') return { method: 'PUT', path: `${p}/transfer`, body: { namespace: 'root' } };
            const made = await t.api('POST', '/projects', { token: owner.token, body: { name: `movable-${(userCounter += 1)}` } });
            const group = await t.api('POST', '/groups', { token: owner.token, body: { name: `to-${userCounter}`, path: `to-${userCounter}` } });
            return { method: 'PUT', path: `/projects/${made.body.id}/transfer`, body: { namespace: group.body.id } };
          },
          ok: { personal: 200, project: 403 },
        },
        {
          label: 'POST /projects/:id/members',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/members`, body: { user_id: await freshUser(), access_level: 30 } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'PUT /projects/:id/members/:user_id',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${p}/members/${steady.id}`, body: { access_level: 20 } }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'DELETE /projects/:id/members/:user_id',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => {
            const id = await freshUser();
            await addMember(t, project.id, id, 30);
            return { method: 'DELETE', path: `${p}/members/${id}` };
          },
          ok: { personal: 204, project: 204 },
        },
        { label: 'GET /projects/:id/issues', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/issues` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/issues/:iid',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/issues/${issueIid}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/issues',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/issues`, body: { title: 'from the matrix' } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'PUT /projects/:id/issues/:iid',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${p}/issues/${issueIid}`, body: { title: 'retitled by the matrix' } }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/issues/:iid/notes',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/issues/${issueIid}/notes` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/issues/:iid/notes',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/issues/${issueIid}/notes`, body: { body: 'a comment from the matrix' } }),
          ok: { personal: 201, project: 201 },
        },
        { label: 'GET /projects/:id/labels', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/labels` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/labels/:label_id',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/labels/matrix-label` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/labels',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/labels`, body: { name: `matrix-${(labelCounter += 1)}`, color: '#428bca' } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'PUT /projects/:id/labels/:label_id',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${p}/labels/matrix-label`, body: { description: 'described by the matrix' } }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'DELETE /projects/:id/labels/:label_id',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => {
            const name = `doomed-label-${(labelCounter += 1)}`;
            assert.equal((await t.api('POST', `${p}/labels`, { body: { name, color: 'red' } })).status, 201);
            return { method: 'DELETE', path: `${p}/labels/${name}` };
          },
          ok: { personal: 204, project: 204 },
        },
        { label: 'GET /projects/:id/events', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/events` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/audit_events',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/audit_events` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/access_tokens',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/access_tokens` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/access_tokens/:token_id',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/access_tokens/${readableTokenId}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          // A bot never mints tokens, whatever its scope and role.
          label: 'POST /projects/:id/access_tokens',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/access_tokens`, body: { name: 'minted-by-matrix', scopes: ['read_api'], access_level: 20 } }),
          ok: { personal: 201, project: 400 },
        },
        {
          // Nor rotates another token.
          label: 'POST /projects/:id/access_tokens/:token_id/rotate',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/access_tokens/${(await createProjectToken(t, project.id, { name: 'rotated-by-matrix', access_level: 20 })).id}/rotate` }),
          ok: { personal: 200, project: 401 },
        },
        // token-limits
        {
          // A bot never changes a token's limits either.
          label: 'PUT /projects/:id/access_tokens/:token_id',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({
            method: 'PUT',
            path: `${p}/access_tokens/${(await createProjectToken(t, project.id, { name: 'limited-by-matrix', access_level: 20 })).id}`,
            body: { allowed_refs: ['refs/heads/matrix/*'] },
          }),
          ok: { personal: 200, project: 401 },
        },
        {
          label: 'DELETE /projects/:id/access_tokens/:token_id',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => ({ method: 'DELETE', path: `${p}/access_tokens/${(await createProjectToken(t, project.id, { name: 'revoked-by-matrix', access_level: 20 })).id}` }),
          ok: { personal: 204, project: 204 },
        },
        // activity
        {
          label: 'GET /projects/:id/access_tokens/:token_id/activity',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/access_tokens/${readableTokenId}/activity` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/branches',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/branches` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/branches/:branch',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/branches/main` }),
          ok: { personal: 200, project: 200 },
        },
        {
          // GitLab also lets read_repository read raw files (docs/GITLAB-COMPATIBILITY.md gives read_repository only
          // download_code, i.e. git): Latchkey keeps it to api/read_api like every other API route.
          label: 'GET /projects/:id/repository/files/:file_path/raw',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/files/docs%2Fguide.md/raw?ref=main` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/registry/repositories',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/registry/repositories` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/registry/repositories/:repository_id/tags',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/registry/repositories/${registryRepositoryId}/tags` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/registry/repositories/:repository_id/tags/:tag_name',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/registry/repositories/${registryRepositoryId}/tags/v1` }),
          ok: { personal: 200, project: 200 },
        },
        {
          // Release bots (semantic-release) ask it for every commit they release; always empty.
          label: 'GET /projects/:id/repository/commits/:sha/merge_requests',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/commits/${(await t.api('GET', `${p}/repository/branches/main`)).body.commit.id}/merge_requests` }),
          ok: { personal: 200, project: 200 },
        },
        // Files, tree, blobs and commits with actions.
        { label: 'GET /projects/:id/repository/tree', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/repository/tree` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/repository/files/:file_path',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/files/docs%2Fguide.md?ref=main` }),
          ok: { personal: 200, project: 200 },
        },
        {
          // Every write goes to a new branch started from main: the matrix tests scopes, not protection.
          label: 'POST /projects/:id/repository/files/:file_path',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/repository/files/new.txt`, body: { branch: `matrix-${(fileCounter += 1)}`, start_branch: 'main', commit_message: 'm', content: 'x' } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'PUT /projects/:id/repository/files/:file_path',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${p}/repository/files/README.md`, body: { branch: `matrix-${(fileCounter += 1)}`, start_branch: 'main', commit_message: 'm', content: 'x' } }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'DELETE /projects/:id/repository/files/:file_path',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => ({ method: 'DELETE', path: `${p}/repository/files/README.md`, body: { branch: `matrix-${(fileCounter += 1)}`, start_branch: 'main', commit_message: 'm' } }),
          ok: { personal: 204, project: 204 },
        },
        {
          label: 'GET /projects/:id/repository/blobs/:sha',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/blobs/${await readmeBlob()}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/blobs/:sha/raw',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/blobs/${await readmeBlob()}/raw` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/repository/commits',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({
            method: 'POST',
            path: `${p}/repository/commits`,
            body: { branch: `matrix-${(fileCounter += 1)}`, start_branch: 'main', commit_message: 'm', actions: [{ action: 'create', file_path: 'c.txt', content: 'x' }] },
          }),
          ok: { personal: 201, project: 201 },
        },

        // Commits, compare, archive and branches.
        // (Branch names are random: the rows are rebuilt for every token, and a name is taken once.)
        { label: 'GET /projects/:id/repository/commits', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/repository/commits` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/repository/commits/:sha',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/commits/main` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/commits/:sha/diff',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/commits/main/diff` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/commits/:sha/refs',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/commits/main/refs` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'GET /projects/:id/repository/compare',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/compare?from=main&to=main` }),
          ok: { personal: 200, project: 200 },
        },
        { label: 'GET /projects/:id/repository/archive', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/repository/archive` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/repository/archive.:format',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/repository/archive.zip` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/repository/branches',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/repository/branches`, body: { branch: `matrix-branch-${Math.random().toString(36).slice(2, 10)}`, ref: 'main' } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'DELETE /projects/:id/repository/branches/:branch',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => {
            const branch = `doomed-branch-${Math.random().toString(36).slice(2, 10)}`;
            assert.equal((await t.api('POST', `${p}/repository/branches`, { body: { branch, ref: 'main' } })).status, 201);
            return { method: 'DELETE', path: `${p}/repository/branches/${branch}` };
          },
          ok: { personal: 204, project: 204 },
        },
        {
          label: 'DELETE /projects/:id/repository/merged_branches',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => ({ method: 'DELETE', path: `${p}/repository/merged_branches` }),
          ok: { personal: 202, project: 202 },
        },

        // Tags, releases and their asset links.
        ...(() => {
          const fresh = () => `matrix-${Math.random().toString(36).slice(2, 10)}`;
          const made = async (tagName: string) => {
            const res = await t.api('POST', `${p}/releases`, { body: { tag_name: tagName, ref: 'main', assets: { links: [{ name: 'asset', url: 'https://example.com/asset' }] } } });
            assert.ok(res.status === 201 || res.status === 409, JSON.stringify(res.body));
            return tagName;
          };
          const linkOf = async (tagName: string) => (await t.api('GET', `${p}/releases/${tagName}/assets/links`)).body[0].id as number;
          const row = (method: Route['method'], route: string, ok: number, prepare: () => Promise<Omit<Request, 'method'>>): Route => ({
            label: `${method} /projects/:id${route}`,
            method,
            ability: method === 'GET' ? 'read_api' : 'write_api',
            prepare: async () => ({ method, ...(await prepare()) }),
            ok: { personal: ok, project: ok },
          });
          return [
            row('GET', '/repository/tags', 200, async () => ({ path: `${p}/repository/tags` })),
            row('GET', '/repository/tags/:tag_name', 200, async () => ({ path: `${p}/repository/tags/${await made('matrix-release')}` })),
            row('POST', '/repository/tags', 201, async () => ({ path: `${p}/repository/tags`, body: { tag_name: fresh(), ref: 'main' } })),
            row('DELETE', '/repository/tags/:tag_name', 204, async () => ({ path: `${p}/repository/tags/${await made(fresh())}` })),
            row('GET', '/releases', 200, async () => ({ path: `${p}/releases` })),
            row('POST', '/releases', 201, async () => ({ path: `${p}/releases`, body: { tag_name: fresh(), ref: 'main' } })),
            row('GET', '/releases/:tag_name', 200, async () => ({ path: `${p}/releases/${await made('matrix-release')}` })),
            row('PUT', '/releases/:tag_name', 200, async () => ({ path: `${p}/releases/${await made('matrix-release')}`, body: { description: 'edited' } })),
            row('DELETE', '/releases/:tag_name', 200, async () => ({ path: `${p}/releases/${await made(fresh())}` })),
            row('GET', '/releases/permalink/latest', 302, async () => ({ path: `${p}/releases/permalink/latest` })),
            row('GET', '/releases/permalink/latest/*', 302, async () => ({ path: `${p}/releases/permalink/latest/assets/links` })),
            row('GET', '/releases/:tag_name/assets/links', 200, async () => ({ path: `${p}/releases/${await made('matrix-release')}/assets/links` })),
            row('GET', '/releases/:tag_name/assets/links/:link_id', 200, async () => ({ path: `${p}/releases/matrix-release/assets/links/${await linkOf(await made('matrix-release'))}` })),
            row('POST', '/releases/:tag_name/assets/links', 201, async () => {
              const name = fresh();
              return { path: `${p}/releases/${await made('matrix-release')}/assets/links`, body: { name, url: `https://example.com/${name}` } };
            }),
            row('PUT', '/releases/:tag_name/assets/links/:link_id', 200, async () => ({ path: `${p}/releases/matrix-release/assets/links/${await linkOf(await made('matrix-release'))}`, body: { url: `https://example.com/${fresh()}` } })),
            row('DELETE', '/releases/:tag_name/assets/links/:link_id', 200, async () => {
              const tagName = await made(fresh());
              return { path: `${p}/releases/${tagName}/assets/links/${await linkOf(tagName)}` };
            }),
          ];
        })(),

        // Protected branches and tags.
        { label: 'GET /projects/:id/protected_branches', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/protected_branches` }), ok: { personal: 200, project: 200 } },
        { label: 'GET /projects/:id/protected_branches/:name', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/protected_branches/main` }), ok: { personal: 200, project: 200 } },
        {
          label: 'POST /projects/:id/protected_branches',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/protected_branches`, body: { name: `matrix-${(protectionCounter += 1)}/*` } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'PATCH /projects/:id/protected_branches/:name',
          method: 'PATCH',
          ability: 'write_api',
          prepare: async () => ({ method: 'PATCH', path: `${p}/protected_branches/main`, body: { allow_force_push: false } }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'DELETE /projects/:id/protected_branches/:name',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => {
            const name = `doomed-${(protectionCounter += 1)}`;
            assert.equal((await t.api('POST', `${p}/protected_branches`, { body: { name } })).status, 201);
            return { method: 'DELETE', path: `${p}/protected_branches/${name}` };
          },
          ok: { personal: 204, project: 204 },
        },
        { label: 'GET /projects/:id/protected_tags', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/protected_tags` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/protected_tags/:name',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/protected_tags/${encodeURIComponent('v*')}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'POST /projects/:id/protected_tags',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => ({ method: 'POST', path: `${p}/protected_tags`, body: { name: `matrix-${(protectionCounter += 1)}-*` } }),
          ok: { personal: 201, project: 201 },
        },
        {
          label: 'DELETE /projects/:id/protected_tags/:name',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => {
            const name = `doomed-${(protectionCounter += 1)}`;
            assert.equal((await t.api('POST', `${p}/protected_tags`, { body: { name } })).status, 201);
            return { method: 'DELETE', path: `${p}/protected_tags/${name}` };
          },
          ok: { personal: 204, project: 204 },
        },

        // Merge requests: list, create, get, update, notes, discussions, changes and diffs.
        { label: 'GET /projects/:id/merge_requests', method: 'GET', ability: 'read_api', prepare: async () => ({ method: 'GET', path: `${p}/merge_requests` }), ok: { personal: 200, project: 200 } },
        {
          label: 'GET /projects/:id/merge_requests/:merge_request_iid',
          method: 'GET',
          ability: 'read_api',
          prepare: async () => ({ method: 'GET', path: `${p}/merge_requests/${await matrixMergeRequest()}` }),
          ok: { personal: 200, project: 200 },
        },
        {
          label: 'PUT /projects/:id/merge_requests/:merge_request_iid',
          method: 'PUT',
          ability: 'write_api',
          prepare: async () => ({ method: 'PUT', path: `${p}/merge_requests/${await matrixMergeRequest()}`, body: { title: 'renamed by the matrix' } }),
          ok: { personal: 200, project: 200 },
        },
        {
          // Owners only: the Maintainer-level bot may not delete one.
          label: 'DELETE /projects/:id/merge_requests/:merge_request_iid',
          method: 'DELETE',
          ability: 'write_api',
          prepare: async () => ({ method: 'DELETE', path: `${p}/merge_requests/${await matrixMergeRequest()}` }),
          ok: { personal: 204, project: 403 },
        },
        {
          label: 'POST /projects/:id/merge_requests',
          method: 'POST',
          ability: 'write_api',
          prepare: async () => {
            const branch = await matrixBranch();
            return { method: 'POST', path: `${p}/merge_requests`, body: { source_branch: branch, target_branch: 'main', title: 'matrix' } };
          },
          ok: { personal: 201, project: 201 },
        },

        // Merge request diffs.
        ...['diffs', 'changes', 'commits', 'raw_diffs', 'participants'].map(
          (route): Route => ({
            label: `GET /projects/:id/merge_requests/:merge_request_iid/${route}`,
            method: 'GET',
            ability: 'read_api',
            prepare: async () => ({ method: 'GET', path: `${p}/merge_requests/${await matrixMergeRequest()}/${route}` }),
            ok: { personal: 200, project: 200 },
          }),
        ),

        // Merge request notes and discussions.
        ...(() => {
          let commented: number | undefined; // one merge request the rows comment on
          const mergeRequest = async () => (commented ??= await matrixMergeRequest());
          const notes = async () => `${p}/merge_requests/${await mergeRequest()}/notes`;
          const discussions = async () => `${p}/merge_requests/${await mergeRequest()}/discussions`;
          /** A note written by the matrix's owner (whose personal tokens the matrix tries). */
          const ownerNote = async () => {
            const res = await t.api('POST', await notes(), { token: owner.token, body: { body: 'by the owner' } });
            assert.equal(res.status, 201, JSON.stringify(res.body));
            return res.body.id as number;
          };
          const thread = async () => {
            const res = await t.api('POST', await discussions(), { token: owner.token, body: { body: 'a thread' } });
            assert.equal(res.status, 201, JSON.stringify(res.body));
            return { id: res.body.id as string, noteId: res.body.notes[0].id as number };
          };
          const row = (method: Route['method'], label: string, ok: Route['ok'], prepare: () => Promise<{ path: string; body?: unknown }>): Route => ({
            label: `${method} /projects/:id/merge_requests/:merge_request_iid/${label}`,
            method,
            ability: method === 'GET' ? 'read_api' : 'write_api',
            prepare: async () => ({ method, ...(await prepare()) }),
            ok,
          });
          const both = (status: number) => ({ personal: status, project: status });
          return [
            row('GET', 'notes', both(200), async () => ({ path: await notes() })),
            row('POST', 'notes', both(201), async () => ({ path: await notes(), body: { body: 'matrix' } })),
            row('GET', 'notes/:note_id', both(200), async () => ({ path: `${await notes()}/${await ownerNote()}` })),
            // Only a note's author edits it: the Maintainer-level bot may not edit the owner's.
            row('PUT', 'notes/:note_id', { personal: 200, project: 403 }, async () => ({ path: `${await notes()}/${await ownerNote()}`, body: { body: 'edited' } })),
            row('DELETE', 'notes/:note_id', both(204), async () => ({ path: `${await notes()}/${await ownerNote()}` })),
            row('GET', 'discussions', both(200), async () => ({ path: await discussions() })),
            row('POST', 'discussions', both(201), async () => ({ path: await discussions(), body: { body: 'matrix thread' } })),
            row('GET', 'discussions/:discussion_id', both(200), async () => ({ path: `${await discussions()}/${(await thread()).id}` })),
            row('PUT', 'discussions/:discussion_id', both(200), async () => ({ path: `${await discussions()}/${(await thread()).id}`, body: { resolved: true } })),
            row('POST', 'discussions/:discussion_id/notes', both(201), async () => ({ path: `${await discussions()}/${(await thread()).id}/notes`, body: { body: 'reply' } })),
            row('PUT', 'discussions/:discussion_id/notes/:note_id', both(200), async () => {
              const { id, noteId } = await thread();
              return { path: `${await discussions()}/${id}/notes/${noteId}`, body: { resolved: true } };
            }),
            row('DELETE', 'discussions/:discussion_id/notes/:note_id', both(204), async () => {
              const { id, noteId } = await thread();
              return { path: `${await discussions()}/${id}/notes/${noteId}` };
            }),
          ];
        })(),

        // Merge requests: merge, rebase, approvals.
        ...(() => {
          /** A merge request from a fresh branch one commit ahead of main (stored directly: the rows here test the routes that act on one). */
          const freshMergeRequest = async (): Promise<number> => {
            const branch = `mr-matrix-${(fileCounter += 1)}`;
            const made = await t.api('POST', `${p}/repository/files/${branch}.txt`, { body: { branch, start_branch: 'main', commit_message: 'm', content: 'x' } });
            assert.equal(made.status, 201, JSON.stringify(made.body));
            const db = t.app.deps.db;
            const now = t.clock.now().toISOString();
            const row = await insertMergeRequest(db, {
              project_id: project.id,
              iid: await takeNextMergeRequestIid(db, project.id),
              title: branch,
              state: 'opened',
              source_branch: branch,
              target_branch: 'main',
              author_id: owner.id,
              created_at: now,
              updated_at: now,
            });
            return (await refreshMergeRequest(db, repositoryPath(t.config.dataDir, project.id), row)).iid;
          };
          const row = (method: Route['method'], route: string, ok: number, action: string, body?: Record<string, unknown>): Route => ({
            label: `${method} /projects/:id/merge_requests/:merge_request_iid/${route}`,
            method,
            ability: method === 'GET' ? 'read_api' : 'write_api',
            prepare: async () => ({ method, path: `${p}/merge_requests/${await freshMergeRequest()}/${action}`, ...(body && { body }) }),
            ok: { personal: ok, project: ok },
          });
          return [
            row('GET', 'approvals', 200, 'approvals'),
            row('GET', 'approval_state', 200, 'approval_state'),
            row('POST', 'approve', 201, 'approve'),
            // Past the scope gate, withdrawing an approval the caller never gave is GitLab's 404.
            row('POST', 'unapprove', 404, 'unapprove'),
            row('PUT', 'rebase', 202, 'rebase'),
            row('PUT', 'merge', 200, 'merge'),
          ];
        })(),

        // Commit statuses and pipelines.
        ...(() => {
          const tip = async () => (await t.api('GET', `${p}/repository/branches/main`)).body.commit.id as string;
          const reported = async () => {
            const res = await t.api('POST', `${p}/statuses/${await tip()}`, { body: { state: 'success', name: `matrix-${Math.random().toString(36).slice(2, 10)}` } });
            assert.equal(res.status, 201, JSON.stringify(res.body));
            return res.body.pipeline_id as number;
          };
          const mergeRequestIid = async () => {
            const db = t.app.deps.db;
            const found = await db.selectFrom('merge_requests').select('iid').where('project_id', '=', project.id).where('title', '=', 'matrix pipelines').executeTakeFirst();
            if (found) return found.iid;
            const iid = await takeNextMergeRequestIid(db, project.id);
            const now = new Date().toISOString();
            await insertMergeRequest(db, { project_id: project.id, iid, title: 'matrix pipelines', state: 'opened', source_branch: 'main', target_branch: 'main', author_id: owner.id, created_at: now, updated_at: now });
            return iid;
          };
          const read = (label: string, path: () => Promise<string>): Route => ({
            label: `GET /projects/:id${label}`,
            method: 'GET',
            ability: 'read_api',
            prepare: async () => ({ method: 'GET', path: `${p}${await path()}` }),
            ok: { personal: 200, project: 200 },
          });
          return [
            read('/repository/commits/:sha/statuses', async () => `/repository/commits/${await tip()}/statuses`),
            {
              label: 'POST /projects/:id/statuses/:sha',
              method: 'POST',
              ability: 'write_api',
              prepare: async () => ({ method: 'POST', path: `${p}/statuses/${await tip()}`, body: { state: 'success', name: `matrix-${Math.random().toString(36).slice(2, 10)}` } }),
              ok: { personal: 201, project: 201 },
            },
            read('/pipelines', async () => '/pipelines'),
            read('/pipelines/latest', async () => (await reported(), '/pipelines/latest')),
            read('/pipelines/:pipeline_id', async () => `/pipelines/${await reported()}`),
            read('/merge_requests/:merge_request_iid/pipelines', async () => `/merge_requests/${await mergeRequestIid()}/pipelines`),
          ] satisfies Route[];
        })(),

        // hooks-api
        // Project webhooks: Maintainer+, reads with read_api, changes (and tests) with api.
        ...(() => {
          const hook = async () => {
            const res = await t.api('POST', `${p}/hooks`, { token: owner.token, body: { url: 'https://hooks.example.com/matrix' } });
            assert.equal(res.status, 201, JSON.stringify(res.body));
            return res.body.id as number;
          };
          const row = (method: Route['method'], label: string, ok: number, prepare: () => Promise<{ path: string; body?: unknown }>): Route => ({
            label: `${method} /projects/:id/hooks${label}`,
            method,
            ability: method === 'GET' ? 'read_api' : 'write_api',
            prepare: async () => ({ method, ...(await prepare()) }),
            ok: { personal: ok, project: ok },
          });
          return [
            row('GET', '', 200, async () => ({ path: `${p}/hooks` })),
            row('GET', '/:hook_id', 200, async () => ({ path: `${p}/hooks/${await hook()}` })),
            row('POST', '', 201, async () => ({ path: `${p}/hooks`, body: { url: 'https://hooks.example.com/new', issues_events: true } })),
            row('PUT', '/:hook_id', 200, async () => ({ path: `${p}/hooks/${await hook()}`, body: { note_events: true } })),
            row('DELETE', '/:hook_id', 204, async () => ({ path: `${p}/hooks/${await hook()}` })),
            // Past the gate, a test of job events is GitLab's 422 (no CI jobs here): nothing leaves the machine.
            row('POST', '/:hook_id/test/:trigger', 422, async () => ({ path: `${p}/hooks/${await hook()}/test/job_events` })),
          ];
        })(),
      ];
    };

    /** Tested on its own below: it rotates the very token that calls it. */
    const SELF_ROTATE = 'POST /projects/:id/access_tokens/self/rotate';

    before(async () => {
      // Listening for real so git can push a branch; a registry configured so its routes exist.
      f = await startGitFixture(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      t = f.t;
      owner = await t.createUser('matrix-owner');
      project = await createProject(t, owner.token, 'matrix');
      await f.seed(project.path);
      // A tag pushed to the project's image repository, as the registry reports it.
      const manifest = `sha256:${'2'.padStart(64, '0')}`;
      const notified = await t.app.http.inject({
        method: 'POST',
        url: '/api/v4/container_registry_event/events',
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: registryNotificationSecret(t.app.deps.secret) },
        payload: JSON.stringify({
          events: [
            {
              id: 'matrix-push',
              timestamp: '2026-11-29T12:00:00.000Z',
              action: 'push',
              target: {
                mediaType: 'application/vnd.oci.image.manifest.v1+json',
                size: 400,
                digest: manifest,
                length: 400,
                repository: project.path,
                url: `http://127.0.0.1:5000/v2/${project.path}/manifests/${manifest}`,
                tag: 'v1',
                references: [{ mediaType: 'application/vnd.oci.image.config.v1+json', size: 100, digest: `sha256:${'9'.padStart(64, '0')}` }],
              },
              request: { id: 'r', addr: '127.0.0.1:1234', host: '127.0.0.1:5000', method: 'PUT', useragent: 'skopeo/1.9.3' },
              actor: { name: 'matrix-owner' },
              source: { addr: 'host:5000', instanceID: 'i' },
            },
          ],
        }),
      });
      assert.equal(notified.statusCode, 200, notified.body);
      const repositories = await t.api('GET', `/projects/${project.id}/registry/repositories`);
      assert.equal(repositories.body.length, 1, JSON.stringify(repositories.body));
      registryRepositoryId = repositories.body[0].id;
      steady = { id: await freshUser() };
      await addMember(t, project.id, steady.id, 30);
      const issue = await t.api('POST', `/projects/${project.id}/issues`, { token: owner.token, body: { title: 'matrix issue' } });
      issueIid = issue.body.iid;
      assert.equal((await t.api('POST', `/projects/${project.id}/labels`, { body: { name: 'matrix-label', color: '#428bca' } })).status, 201);
      readableTokenId = (await createProjectToken(t, project.id, { name: 'readable', access_level: 20 })).id;
      assert.equal((await t.api('POST', `/projects/${project.id}/protected_tags`, { body: { name: 'v*' } })).status, 201);
    });
    after(() => f.close());

    const tokenWith = async (kind: Kind, scope: string): Promise<string> => {
      if (kind === 'project') return (await createProjectToken(t, project.id, { name: `matrix-${scope}`, scopes: [scope], access_level: 40 }, owner.token)).token;
      const res = await t.api('POST', `/users/${owner.id}/personal_access_tokens`, { body: { name: `matrix-${scope}`, scopes: [scope] } });
      assert.equal(res.status, 201);
      return res.body.token;
    };

    const passesGate = (ability: Ability, scope: Scope) => scopesGrant([scope], ability);
    /** One request per row and kind of token, for the cells the scope gate refuses. */
    const preparedOnce = new Map<string, Awaited<ReturnType<ReturnType<typeof routes>[number]['prepare']>>>();
    const wouldDo = (ability: Ability) => scopesGranting(ability).join(' ');

    test('every route under /api/v4/projects/:id has a row in the matrix', () => {
      const listed = new Set([...routes().map((route) => route.label), SELF_ROTATE]);
      const served = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
        routesOf(t.app.http, method)
          .filter((route) => route === '/api/v4/projects/:id' || route.startsWith('/api/v4/projects/:id/'))
          .map((route) => `${method} ${route.slice('/api/v4'.length)}`),
      );
      assert.ok(served.length >= 30, `the router listed only ${served.length} project routes:\n${served.join('\n')}`);
      assert.deepEqual(
        served.filter((route) => !listed.has(route)),
        [],
        'a project route the matrix does not know: add a row for it',
      );
      // And no row for a route that is gone.
      assert.deepEqual(
        [...listed].filter((label) => !served.includes(label)),
        [],
        'a matrix row for a route the router does not have',
      );
    });

    for (const kind of ['personal', 'project'] as const) {
      const scopes: readonly Scope[] = kind === 'personal' ? PERSONAL_TOKEN_SCOPES : PROJECT_TOKEN_SCOPES;
      for (const scope of scopes) {
        test(`a ${kind} access token with scope ${scope}: the routes whose ability it grants pass, the others get 403 insufficient_scope`, async () => {
          const token = await tokenWith(kind, scope);
          for (const route of routes()) {
            // A refused cell is answered by the scope gate before the route looks anything up, so
            // it reuses a request prepared earlier for the row; a cell that passes the gate acts,
            // and gets a fresh one (a branch to delete, a merge request to merge…).
            const key = `${kind} ${route.label}`;
            const passes = passesGate(route.ability, scope);
            const request = (!passes && preparedOnce.get(key)) || (await route.prepare(kind));
            if (!preparedOnce.has(key)) preparedOnce.set(key, request);
            const res = await t.api(request.method, request.path, { token, body: request.body });
            const cell = `${route.label} (${route.ability}) with ${kind} token scope ${scope}`;
            if (passes) {
              assert.equal(res.status, route.ok[kind], `${cell}: ${JSON.stringify(res.body)}`);
            } else {
              assert.equal(res.status, 403, cell);
              assert.deepEqual(res.body, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE, scope: wouldDo(route.ability) }, cell);
            }
          }
          // Self-rotation rotates a project token and is 405 for a personal one. A fresh token, so
          // rotating it away does not disturb the rest.
          const res = await t.api('POST', `/projects/${project.id}/access_tokens/self/rotate`, { token: await tokenWith(kind, scope) });
          const cell = `${SELF_ROTATE} (rotate_own_token) with ${kind} token scope ${scope}`;
          if (passesGate('rotate_own_token', scope)) {
            assert.equal(res.status, kind === 'project' ? 200 : 405, `${cell}: ${JSON.stringify(res.body)}`);
          } else {
            assert.equal(res.status, 403, cell);
            assert.deepEqual(res.body, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE, scope: wouldDo('rotate_own_token') }, cell);
          }
        });
      }
    }
  });
}
