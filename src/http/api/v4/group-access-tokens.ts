import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import {
  createGroupAccessToken,
  getGroupAccessToken,
  listGroupAccessTokens,
  revokeGroupAccessToken,
  rotateGroupAccessToken,
} from '../../../services/tokens/group-access-tokens.ts';
import { rotateOwnGroupToken } from '../../../services/tokens/rotate-own-token.ts';
import { updateGroupAccessToken } from '../../../services/tokens/update-project-access-token.ts';
import { readPage } from '../../pagination.ts';
import { presentNewToken, presentToken } from '../../presenters/tokens.ts';
import { clientIp } from '../../request-principal.ts';
import { groupRef } from './groups.ts';
import { newBotTokenParams } from './project-access-tokens.ts';
import { rotationParams } from './rotation-params.ts';
import { idParam, paramsOf, sendPage } from './route-kit.ts';
import { tokenListFilters } from './token-filters.ts';
import { tokenLimitUpdateParams } from './token-limit-params.ts';

const tokenNotFound = (request: { params: unknown }) =>
  `Could not find group access token with token_id: ${String((request.params as Record<string, string>).token_id)}`;

/** GitLab's group access tokens API: the project access tokens' routes, under /groups/:id. */
export function groupAccessTokenRoutes(deps: Deps) {
  const now = () => deps.clock.now();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/groups/:id/access_tokens', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listGroupAccessTokens(deps, request.principal, { group: groupRef(request), ...tokenListFilters(params), page: readPage(params) });
      return sendPage(request, reply, deps.config.externalUrl, page, (token) => presentToken(token, now()));
    });

    app.get('/groups/:id/access_tokens/:token_id', { config: { ability: 'read_api' } }, async (request) => {
      const token = await getGroupAccessToken(deps, request.principal, { group: groupRef(request), tokenId: idParam(request, 'token_id', tokenNotFound(request)) });
      return presentToken(token, now());
    });

    app.post('/groups/:id/access_tokens', { config: { ability: 'write_api' } }, async (request, reply) => {
      const { token, plain } = await createGroupAccessToken(deps, request.principal, { group: groupRef(request), ...newBotTokenParams(request) });
      reply.code(201);
      return presentNewToken(token, plain, now());
    });

    // Latchkey's own, as PUT /projects/:id/access_tokens/:token_id.
    app.put('/groups/:id/access_tokens/:token_id', { config: { ability: 'write_api' } }, async (request) => {
      const limits = tokenLimitUpdateParams(paramsOf(request));
      const token = await updateGroupAccessToken(deps, request.principal, {
        group: groupRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        limits,
        ip: clientIp(request),
      });
      return presentToken(token, now());
    });

    app.delete('/groups/:id/access_tokens/:token_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await revokeGroupAccessToken(deps, request.principal, {
        group: groupRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        ip: clientIp(request),
      });
      reply.code(204);
    });

    app.post('/groups/:id/access_tokens/self/rotate', { config: { ability: 'rotate_own_token' } }, async (request) => {
      const { token, plain } = await rotateOwnGroupToken(deps, request.principal, { group: groupRef(request), ...rotationParams(paramsOf(request)), ip: clientIp(request) });
      return presentNewToken(token, plain, now());
    });

    app.post('/groups/:id/access_tokens/:token_id/rotate', { config: { ability: 'write_api' } }, async (request) => {
      const { token, plain } = await rotateGroupAccessToken(deps, request.principal, {
        group: groupRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        ...rotationParams(paramsOf(request)),
        ip: clientIp(request),
      });
      return presentNewToken(token, plain, now());
    });
  };
}
