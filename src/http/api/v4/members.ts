import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS } from '../../../domain/access-levels.ts';
import type { Deps } from '../../../deps.ts';
import { addProjectMember } from '../../../services/members/add-project-member.ts';
import { findMemberCreators } from '../../../services/members/find-member-creators.ts';
import { getProjectMember, listProjectMembers } from '../../../services/members/read-project-members.ts';
import { getProjectMemberOfAll, listAllProjectMembers, type AnyMember } from '../../../services/members/read-group-members.ts';
import type { Paged } from '../../../db/pagination.ts';
import { removeProjectMember } from '../../../services/members/remove-project-member.ts';
import { updateProjectMember } from '../../../services/members/update-project-member.ts';
import { readPage } from '../../pagination.ts';
import { presentMember } from '../../presenters/members.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

export function memberRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  /** One member's entity, with who added them. */
  const present = async (member: AnyMember) => presentMember(member, base, await findMemberCreators(deps, { members: [member] }));

  return async (app: FastifyInstance): Promise<void> => {
    /** A page of members, each with who added them. */
    const sendMembers = async (request: FastifyRequest, reply: FastifyReply, page: Paged<AnyMember>) => {
      const creators = await findMemberCreators(deps, { members: page.items });
      return sendPage(request, reply, base, page, (member) => presentMember(member, base, creators));
    };
    const filterOf = (request: FastifyRequest) => {
      const params = paramsOf(request);
      return { project: projectRef(request), query: params.string('query', { max: 255 }), userIds: params.integerArray('user_ids'), page: readPage(params) };
    };
    const list = async (request: FastifyRequest, reply: FastifyReply) => sendMembers(request, reply, await listProjectMembers(deps, request.principal, filterOf(request)));
    app.get('/projects/:id/members', { config: { auth: 'optional', ability: 'read_api' } }, list);
    // With the members of the project's group and its ancestors, each user once at their highest level.
    app.get('/projects/:id/members/all', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) =>
      sendMembers(request, reply, await listAllProjectMembers(deps, request.principal, filterOf(request))),
    );

    const getOne = async (request: FastifyRequest) => {
      const member = await getProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, 'user_id', 'Member'),
      });
      return present(member);
    };
    app.get('/projects/:id/members/:user_id', { config: { auth: 'optional', ability: 'read_api' } }, getOne);
    app.get('/projects/:id/members/all/:user_id', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      return present(await getProjectMemberOfAll(deps, request.principal, { project: projectRef(request), userId: idParam(request, 'user_id', 'Member') }));
    });

    app.post('/projects/:id/members', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const userId = params.integer('user_id', { required: true, min: 1 });
      const accessLevel = params.oneOf('access_level', ACCESS_LEVELS, { required: true })!;
      const member = await addProjectMember(deps, request.principal, {
        project: projectRef(request),
        user: { id: userId },
        accessLevel,
        expiresAt: params.date('expires_at') ?? null,
      });
      reply.code(201);
      return present(member);
    });

    app.put('/projects/:id/members/:user_id', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const member = await updateProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, 'user_id', 'Member'),
        accessLevel: params.oneOf('access_level', ACCESS_LEVELS, { required: true })!,
        expiresAt: params.date('expires_at'),
      });
      return present(member);
    });

    app.delete('/projects/:id/members/:user_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await removeProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, 'user_id', 'Member'),
      });
      reply.code(204);
    });
  };
}
