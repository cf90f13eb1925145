import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { createUser } from '../../../services/users/create-user.ts';
import { listUsers } from '../../../services/users/read-users.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, pageNumber } from '../form.ts';
import { noticeOf } from '../notices.ts';
import { AdminNewUserPage, type NewUserValues } from '../pages/admin-new-user.tsx';
import { AdminUsersPage } from '../pages/admin-users.tsx';
import { redirectAfterPost, sendPage } from '../render.ts';
import { signedIn, viewOf } from '../web-context.ts';

/** The admin area is not there for anyone else (404, as GitLab does). */
function requireAdmin(request: FastifyRequest) {
  const signed = signedIn(request);
  if (!signed.user.isAdmin) throw notFound('Page');
  return signed;
}

export function adminRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/admin', async (request, reply) => {
      requireAdmin(request);
      return reply.redirect('/admin/users', 303);
    });

    app.get('/admin/users', async (request, reply) => {
      const { principal } = requireAdmin(request);
      const users = await listUsers(deps, principal, { filter: {}, page: { page: pageNumber(request.query), perPage: 50 } });
      return sendPage(reply, <AdminUsersPage view={viewOf(request)} users={users} notice={noticeOf(request.query)} />);
    });

    app.get('/admin/users/new', async (request, reply) => {
      requireAdmin(request);
      const values: NewUserValues = { name: '', username: '', email: '', admin: false };
      return sendPage(reply, <AdminNewUserPage view={viewOf(request)} values={values} error={null} />);
    });

    app.post('/admin/users', async (request, reply) => {
      const { principal } = requireAdmin(request);
      const body = formBody(request.body);
      const values: NewUserValues = {
        name: field(body, 'name'),
        username: field(body, 'username').trim(),
        email: field(body, 'email').trim(),
        admin: field(body, 'admin') === '1',
      };
      const result = await tryForm(() => createUser(deps, principal, { ...values, password: field(body, 'password') }));
      if (!result.ok) {
        return sendPage(reply, <AdminNewUserPage view={viewOf(request)} values={values} error={formErrorMessage(result.error)} />, formErrorStatus(result.error));
      }
      return redirectAfterPost(reply, '/admin/users?notice=user_created');
    });
  };
}
