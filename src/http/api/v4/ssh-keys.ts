import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createSshKey } from '../../../services/users/create-ssh-key.ts';
import { deleteSshKey } from '../../../services/users/delete-ssh-key.ts';
import { getOwnSshKey, listOwnSshKeys, listUserSshKeys } from '../../../services/users/read-ssh-keys.ts';
import { readPage } from '../../pagination.ts';
import { presentSshKey } from '../../presenters/ssh-keys.ts';
import { idParam, paramsOf, pathParam, sendPage } from './route-kit.ts';

export function sshKeyRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/user/keys', { config: { ability: 'read_user' } }, async (request, reply) => {
      const page = await listOwnSshKeys(deps, request.principal, { page: readPage(paramsOf(request)) });
      return sendPage(request, reply, base, page, presentSshKey);
    });

    app.get('/user/keys/:key_id', { config: { ability: 'read_user' } }, async (request) => {
      return presentSshKey(await getOwnSshKey(deps, request.principal, { keyId: idParam(request, 'key_id', 'Key') }));
    });

    app.post('/user/keys', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const key = await createSshKey(deps, request.principal, {
        title: params.string('title', { required: true, max: 255 }),
        key: params.string('key', { required: true, max: 16_384 }),
        expiresAt: params.datetime('expires_at') ?? null,
        usageType: params.oneOf('usage_type', ['auth', 'signing', 'auth_and_signing'] as const) ?? 'auth_and_signing',
      });
      reply.code(201);
      return presentSshKey(key);
    });

    app.delete('/user/keys/:key_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteSshKey(deps, request.principal, { keyId: idParam(request, 'key_id', 'Key') });
      reply.code(204);
    });

    app.get('/users/:user_id/keys', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listUserSshKeys(deps, request.principal, { user: pathParam(request, 'user_id'), page: readPage(params) });
      return sendPage(request, reply, base, page, presentSshKey);
    });
  };
}
