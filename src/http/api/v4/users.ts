import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createUser } from '../../../services/create-user.ts';
import { deleteUser } from '../../../services/delete-user.ts';
import { canSeePrivateUserFields } from '../../../policies/user-policies.ts';
import { USER_ORDERS } from '../../../db/repositories/users.ts';
import { getCurrentUser, getUser, listUsers } from '../../../services/read-users.ts';
import { readPage } from '../../pagination.ts';
import { presentUser } from '../../presenters/users.ts';
import { idParam, paramsOf, sendPage } from './route-kit.ts';

export function userRoutes(deps: Deps) {
  const base = deps.config.externalUrl;

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/user', { config: { scopes: ['read_user'] } }, async (request) => {
      const user = await getCurrentUser(deps, request.principal);
      return presentUser(user, base, true);
    });

    app.get('/users', async (request, reply) => {
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
      return sendPage(request, reply, base, page, (user) => presentUser(user, base, canSeePrivateUserFields(request.principal, user.id)));
    });

    app.get('/users/:user_id', async (request) => {
      const user = await getUser(deps, request.principal, { userId: idParam(request, 'user_id', 'User') });
      return presentUser(user, base, canSeePrivateUserFields(request.principal, user.id));
    });

    app.post('/users', async (request, reply) => {
      const params = paramsOf(request);
      const email = params.string('email', { required: true, max: 255 });
      const username = params.string('username', { required: true, max: 255 });
      const name = params.string('name', { required: true, max: 255 });
      const random = params.boolean('force_random_password') || params.boolean('reset_password');
      const password = random ? params.string('password', { max: 1024 }) : params.string('password', { required: true, max: 1024 });
      const user = await createUser(deps, request.principal, {
        email,
        username,
        name,
        password: password ?? null,
        admin: params.boolean('admin') ?? false,
      });
      reply.code(201);
      return presentUser(user, base, true);
    });

    app.delete('/users/:user_id', async (request, reply) => {
      await deleteUser(deps, request.principal, { userId: idParam(request, 'user_id', 'User') });
      reply.code(204);
    });
  };
}
