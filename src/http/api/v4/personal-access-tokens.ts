import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import { parseId } from '../../../domain/ids.ts';
import { isScope } from '../../../domain/scopes.ts';
import type { Deps } from '../../../deps.ts';
import { createPersonalAccessToken } from '../../../services/tokens/create-personal-access-token.ts';
import { getOwnToken, getPersonalAccessToken, listPersonalAccessTokens } from '../../../services/tokens/read-personal-access-tokens.ts';
import { revokeOwnToken, revokePersonalAccessToken } from '../../../services/tokens/revoke-personal-access-token.ts';
import { rotateOwnPersonalAccessToken } from '../../../services/tokens/rotate-own-personal-access-token.ts';
import { rotatePersonalAccessToken } from '../../../services/tokens/rotate-personal-access-token.ts';
import { readPage } from '../../pagination.ts';
import { presentNewToken, presentToken, presentTokenWithIps } from '../../presenters/tokens.ts';
import { clientIp } from '../../request-principal.ts';
import { rotationParams } from './rotation-params.ts';
import { tokenLimitParams } from './token-limit-params.ts';
import { idParam, paramsOf, pathParam, sendPage } from './route-kit.ts';
import { tokenListFilters } from './token-filters.ts';

/** `:token_id`; anything but a storable id is an id no token has (the services answer as GitLab does for one). */
function tokenIdParam(request: FastifyRequest): number {
  return parseId(pathParam(request, 'token_id')) ?? -1;
}

export function personalAccessTokenRoutes(deps: Deps) {
  const now = () => deps.clock.now();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/personal_access_tokens/self', { config: { ability: 'read_own_token' } }, async (request) =>
      presentTokenWithIps(await getOwnToken(deps, request.principal), now()),
    );

    app.delete('/personal_access_tokens/self', { config: { ability: 'revoke_own_token' } }, async (request, reply) => {
      await revokeOwnToken(deps, request.principal, { ip: clientIp(request) });
      reply.code(204);
    });

    app.get('/personal_access_tokens', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listPersonalAccessTokens(deps, request.principal, {
        // Given but blank is not the same as not given (GitLab: 404 for an admin).
        userId: params.has('user_id') ? (params.integer('user_id') ?? null) : undefined,
        ...tokenListFilters(params),
        page: readPage(params),
      });
      return sendPage(request, reply, deps.config.externalUrl, page, (token) => presentToken(token, now()));
    });

    app.get('/personal_access_tokens/:token_id', { config: { ability: 'read_api' } }, async (request) =>
      presentTokenWithIps(await getPersonalAccessToken(deps, request.principal, { tokenId: tokenIdParam(request) }), now()),
    );

    app.delete('/personal_access_tokens/:token_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await revokePersonalAccessToken(deps, request.principal, { tokenId: tokenIdParam(request), ip: clientIp(request) });
      reply.code(204);
    });

    // GitLab answers both rotations 200, with the create response's entity and the new token.
    app.post('/personal_access_tokens/self/rotate', { config: { ability: 'rotate_own_token' } }, async (request) => {
      const params = paramsOf(request);
      const { token, plain } = await rotateOwnPersonalAccessToken(deps, request.principal, {
        ...rotationParams(params),
        ip: clientIp(request),
      });
      return presentNewToken(token, plain, now());
    });

    app.post('/personal_access_tokens/:token_id/rotate', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const { token, plain } = await rotatePersonalAccessToken(deps, request.principal, {
        tokenId: tokenIdParam(request),
        ...rotationParams(params),
        ip: clientIp(request),
      });
      return presentNewToken(token, plain, now());
    });

    app.post('/users/:user_id/personal_access_tokens', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const name = params.string('name', { required: true, max: 255 });
      const scopes = params.stringArray('scopes', { required: true })!;
      if (!scopes.every(isScope)) throw invalidParam('scopes does not have a valid value');
      const { token, plain } = await createPersonalAccessToken(deps, request.principal, {
        userId: idParam(request, 'user_id', 'User'),
        name,
        description: params.string('description', { max: 1000 }) ?? null,
        scopes: scopes.filter(isScope),
        expiresAt: params.date('expires_at') ?? null,
        limits: tokenLimitParams(params),
      });
      reply.code(201);
      return presentNewToken(token, plain, now());
    });
  };
}
