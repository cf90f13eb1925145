import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS } from '../../../domain/access-levels.ts';
import type { Deps } from '../../../deps.ts';
import { addGroupMember } from '../../../services/members/add-group-member.ts';
import { findMemberCreators } from '../../../services/members/find-member-creators.ts';
import { getGroupMember, listGroupMembers, type AnyMember } from '../../../services/members/read-group-members.ts';
import { removeGroupMember } from '../../../services/members/remove-group-member.ts';
import { updateGroupMember } from '../../../services/members/update-group-member.ts';
import { readPage } from '../../pagination.ts';
import { presentMember } from '../../presenters/members.ts';
import { groupRef } from './groups.ts';
import { idParam, paramsOf, sendPage } from './route-kit.ts';

/** GitLab's group members API: direct members, and with /all those inherited from ancestor groups. */
export function groupMemberRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const present = async (member: AnyMember) => presentMember(member, base, await findMemberCreators(deps, { members: [member] }));

  return async (app: FastifyInstance): Promise<void> => {
    const list = (inherited: boolean) => async (request: FastifyRequest, reply: Parameters<typeof sendPage>[1]) => {
      const params = paramsOf(request);
      const page = await listGroupMembers(deps, request.principal, {
        group: groupRef(request),
        inherited,
        query: params.string('query', { max: 255 }),
        userIds: params.integerArray('user_ids'),
        page: readPage(params),
      });
      const creators = await findMemberCreators(deps, { members: page.items });
      return sendPage(request, reply, base, page, (member) => presentMember(member, base, creators));
    };
    app.get('/groups/:id/members', { config: { auth: 'optional', ability: 'read_api' } }, list(false));
    app.get('/groups/:id/members/all', { config: { auth: 'optional', ability: 'read_api' } }, list(true));

    const getOne = (inherited: boolean) => async (request: FastifyRequest) =>
      present(await getGroupMember(deps, request.principal, { group: groupRef(request), userId: idParam(request, 'user_id', 'Member'), inherited }));
    app.get('/groups/:id/members/:user_id', { config: { auth: 'optional', ability: 'read_api' } }, getOne(false));
    app.get('/groups/:id/members/all/:user_id', { config: { auth: 'optional', ability: 'read_api' } }, getOne(true));

    app.post('/groups/:id/members', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const member = await addGroupMember(deps, request.principal, {
        group: groupRef(request),
        user: { id: params.integer('user_id', { required: true, min: 1 })! },
        accessLevel: params.oneOf('access_level', ACCESS_LEVELS, { required: true })!,
        expiresAt: params.date('expires_at') ?? null,
      });
      reply.code(201);
      return present(member);
    });

    app.put('/groups/:id/members/:user_id', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const member = await updateGroupMember(deps, request.principal, {
        group: groupRef(request),
        userId: idParam(request, 'user_id', 'Member'),
        accessLevel: params.oneOf('access_level', ACCESS_LEVELS, { required: true })!,
        expiresAt: params.date('expires_at'),
      });
      return present(member);
    });

    app.delete('/groups/:id/members/:user_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await removeGroupMember(deps, request.principal, { group: groupRef(request), userId: idParam(request, 'user_id', 'Member') });
      reply.code(204);
    });
  };
}
