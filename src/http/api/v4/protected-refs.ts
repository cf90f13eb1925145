import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { PROTECTION_LEVELS } from '../../../policies/protection-policies.ts';
import { protectBranch } from '../../../services/protection/protect-branch.ts';
import { protectTag } from '../../../services/protection/protect-tag.ts';
import { getProtectedBranch, listProtectedBranches } from '../../../services/protection/read-protected-branches.ts';
import { getProtectedTag, listProtectedTags } from '../../../services/protection/read-protected-tags.ts';
import { unprotectBranch } from '../../../services/protection/unprotect-branch.ts';
import { unprotectTag } from '../../../services/protection/unprotect-tag.ts';
import { updateProtectedBranch } from '../../../services/protection/update-protected-branch.ts';
import { readPage } from '../../pagination.ts';
import { presentProtectedBranch, presentProtectedTag } from '../../presenters/protected-refs.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

const NAME_MAX = 255;

/** Protected branches and tags: Maintainers read and change them (`read_api` reads, `api` writes). */
export function protectedRefRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/protected_branches', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProtectedBranches(deps, request.principal, {
        project: projectRef(request),
        search: params.string('search', { max: NAME_MAX }),
        page: readPage(params),
      });
      return sendPage(request, reply, base, page, presentProtectedBranch);
    });

    app.get('/projects/:id/protected_branches/:name', { config: { ability: 'read_api' } }, async (request) => {
      const row = await getProtectedBranch(deps, request.principal, { project: projectRef(request), name: pathParam(request, 'name') });
      return presentProtectedBranch(row);
    });

    app.post('/projects/:id/protected_branches', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const row = await protectBranch(deps, request.principal, {
        project: projectRef(request),
        name: params.string('name', { required: true, max: NAME_MAX }),
        pushAccessLevel: params.oneOf('push_access_level', PROTECTION_LEVELS),
        mergeAccessLevel: params.oneOf('merge_access_level', PROTECTION_LEVELS),
        allowForcePush: params.boolean('allow_force_push'),
        codeOwnerApprovalRequired: params.boolean('code_owner_approval_required'),
      });
      reply.code(201);
      return presentProtectedBranch(row);
    });

    app.patch('/projects/:id/protected_branches/:name', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const row = await updateProtectedBranch(deps, request.principal, {
        project: projectRef(request),
        name: pathParam(request, 'name'),
        allowForcePush: params.boolean('allow_force_push'),
        codeOwnerApprovalRequired: params.boolean('code_owner_approval_required'),
      });
      return presentProtectedBranch(row);
    });

    app.delete('/projects/:id/protected_branches/:name', { config: { ability: 'write_api' } }, async (request, reply) => {
      await unprotectBranch(deps, request.principal, { project: projectRef(request), name: pathParam(request, 'name') });
      return reply.code(204).send();
    });

    app.get('/projects/:id/protected_tags', { config: { ability: 'read_api' } }, async (request, reply) => {
      const page = await listProtectedTags(deps, request.principal, { project: projectRef(request), page: readPage(paramsOf(request)) });
      return sendPage(request, reply, base, page, presentProtectedTag);
    });

    app.get('/projects/:id/protected_tags/:name', { config: { ability: 'read_api' } }, async (request) => {
      const row = await getProtectedTag(deps, request.principal, { project: projectRef(request), name: pathParam(request, 'name') });
      return presentProtectedTag(row);
    });

    app.post('/projects/:id/protected_tags', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const row = await protectTag(deps, request.principal, {
        project: projectRef(request),
        name: params.string('name', { required: true, max: NAME_MAX }),
        createAccessLevel: params.oneOf('create_access_level', PROTECTION_LEVELS),
      });
      reply.code(201);
      return presentProtectedTag(row);
    });

    app.delete('/projects/:id/protected_tags/:name', { config: { ability: 'write_api' } }, async (request, reply) => {
      await unprotectTag(deps, request.principal, { project: projectRef(request), name: pathParam(request, 'name') });
      return reply.code(204).send();
    });
  };
}
