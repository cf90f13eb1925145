import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS } from '../../../domain/access-levels.ts';
import { invalidParam } from '../../../domain/errors.ts';
import { isScope } from '../../../domain/scopes.ts';
import type { Deps } from '../../../deps.ts';
import type { BotTokenInput } from '../../../services/tokens/create-bot-token.ts';
import { createProjectAccessToken } from '../../../services/tokens/create-project-access-token.ts';
import { getProjectAccessToken, listProjectAccessTokens } from '../../../services/tokens/read-project-access-tokens.ts';
import { revokeProjectAccessToken } from '../../../services/tokens/revoke-project-access-token.ts';
import { rotateOwnToken } from '../../../services/tokens/rotate-own-token.ts';
import { rotateProjectAccessToken } from '../../../services/tokens/rotate-project-access-token.ts';
import { updateProjectAccessToken } from '../../../services/tokens/update-project-access-token.ts';
import { readPage } from '../../pagination.ts';
import { presentNewToken, presentToken } from '../../presenters/tokens.ts';
import { clientIp } from '../../request-principal.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';
import { rotationParams } from './rotation-params.ts';
import { tokenLimitParams, tokenLimitUpdateParams } from './token-limit-params.ts';
import { tokenListFilters } from './token-filters.ts';

const tokenNotFound = (request: { params: unknown }) =>
  `Could not find project access token with token_id: ${String((request.params as Record<string, string>).token_id)}`;

/** The parameters of POST /projects/:id/access_tokens and /groups/:id/access_tokens. */
export function newBotTokenParams(request: FastifyRequest): BotTokenInput {
  const params = paramsOf(request);
  const name = params.string('name', { required: true, max: 255 });
  const scopes = params.stringArray('scopes', { required: true })!;
  if (!scopes.every(isScope)) throw invalidParam('scopes does not have a valid value');
  return {
    name,
    description: params.string('description', { max: 1000 }) ?? null,
    scopes,
    expiresAt: params.date('expires_at') ?? null,
    accessLevel: params.oneOf('access_level', ACCESS_LEVELS) ?? null,
    ip: clientIp(request),
    limits: tokenLimitParams(params),
  };
}

export function projectAccessTokenRoutes(deps: Deps) {
  const now = () => deps.clock.now();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/access_tokens', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjectAccessTokens(deps, request.principal, {
        project: projectRef(request),
        ...tokenListFilters(params),
        page: readPage(params),
      });
      return sendPage(request, reply, deps.config.externalUrl, page, (token) => presentToken(token, now()));
    });

    app.get('/projects/:id/access_tokens/:token_id', { config: { ability: 'read_api' } }, async (request) => {
      const token = await getProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
      });
      return presentToken(token, now());
    });

    app.post('/projects/:id/access_tokens', { config: { ability: 'write_api' } }, async (request, reply) => {
      const { token, plain } = await createProjectAccessToken(deps, request.principal, { project: projectRef(request), ...newBotTokenParams(request) });
      reply.code(201);
      return presentNewToken(token, plain, now());
    });

    // token-limits: Latchkey's own; GitLab has no update of a project access token.
    app.put('/projects/:id/access_tokens/:token_id', { config: { ability: 'write_api' } }, async (request) => {
      const limits = tokenLimitUpdateParams(paramsOf(request));
      const token = await updateProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        limits,
        ip: clientIp(request),
      });
      return presentToken(token, now());
    });

    app.delete('/projects/:id/access_tokens/:token_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await revokeProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        ip: clientIp(request),
      });
      reply.code(204);
    });

    app.post('/projects/:id/access_tokens/self/rotate', { config: { ability: 'rotate_own_token' } }, async (request) => {
      const params = paramsOf(request);
      const { token, plain } = await rotateOwnToken(deps, request.principal, {
        project: projectRef(request),
        ...rotationParams(params),
        ip: clientIp(request),
      });
      return presentNewToken(token, plain, now());
    });

    app.post('/projects/:id/access_tokens/:token_id/rotate', { config: { ability: 'write_api' } }, async (request) => {
      const { token, plain } = await rotateProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, 'token_id', tokenNotFound(request)),
        ...rotationParams(paramsOf(request)),
        ip: clientIp(request),
      });
      return presentNewToken(token, plain, now());
    });
  };
}

