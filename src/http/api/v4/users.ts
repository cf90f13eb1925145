import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createUser } from '../../../services/users/create-user.ts';
import { deleteUser } from '../../../services/users/delete-user.ts';
import { canSeeWholeUserDirectory } from '../../../policies/user-policies.ts';
import { USER_ORDERS } from '../../../db/repositories/users.ts';
import { getCurrentUser, getUser, listUsers } from '../../../services/users/read-users.ts';
import { readPage } from '../../pagination.ts';
import { presentUser, presentUserBasic, presentUserPublic, presentUserWithAdmin } from '../../presenters/users.ts';
import { idParam, paramsOf, sendPage } from './route-kit.ts';

export function userRoutes(deps: Deps) {
  const base = deps.config.externalUrl;

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/user', { config: { ability: 'read_user' } }, async (request) => {
      const user = await getCurrentUser(deps, request.principal);
      return canSeeWholeUserDirectory(request.principal) ? presentUserWithAdmin(user, base) : presentUserPublic(user, base);
    });

    app.get('/users', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      params.boolean('exclude_external'); // checked only: no Latchkey user is external, so it filters nothing
      const page = await listUsers(deps, request.principal, {
        filter: {
          username: params.string('username', { max: 255 }),
          search: params.string('search', { max: 255 }),
          humans: params.boolean('humans'),
          excludeInternal: params.boolean('exclude_internal'),
          withoutProjectBots: params.boolean('without_project_bots'),
          external: params.boolean('external'),
          active: params.boolean('active'),
          blocked: params.boolean('blocked'),
          admins: params.boolean('admins'),
          createdAfter: params.datetime('created_after'),
          createdBefore: params.datetime('created_before'),
        },
        order: { by: params.oneOf('order_by', USER_ORDERS) ?? 'id', direction: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc' },
        page: readPage(params),
      });
      const asAdmin = canSeeWholeUserDirectory(request.principal);
      return sendPage(request, reply, base, page, (user) => (asAdmin ? presentUserWithAdmin(user, base) : presentUserBasic(user, base)));
    });

    app.get('/users/:user_id', { config: { ability: 'read_api' } }, async (request) => {
      const user = await getUser(deps, request.principal, { userId: idParam(request, 'user_id', 'User') });
      return canSeeWholeUserDirectory(request.principal) ? presentUserWithAdmin(user, base) : presentUser(user, base);
    });

    app.post('/users', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const email = params.string('email', { required: true, max: 255 });
      const username = params.string('username', { required: true, max: 255 });
      const name = params.string('name', { required: true, max: 255 });
      const random = params.boolean('force_random_password') || params.boolean('reset_password');
      const password = random ? params.string('password', { max: 1024 }) : params.string('password', { required: true, max: 1024 });
      const created = await createUser(deps, request.principal, {
        email,
        username,
        name,
        password: password ?? null,
        admin: params.boolean('admin') ?? false,
      });
      // Read back as the admin sees it (with the new personal namespace).
      const user = await getUser(deps, request.principal, { userId: created.id });
      reply.code(201);
      return presentUserWithAdmin(user, base);
    });

    app.delete('/users/:user_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteUser(deps, request.principal, { userId: idParam(request, 'user_id', 'User') });
      reply.code(204);
    });
  };
}
