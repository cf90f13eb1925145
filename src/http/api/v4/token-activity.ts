import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseId } from '../../../domain/ids.ts';
import { ACTIVITY_TRANSPORTS } from '../../../domain/token-activity.ts';
import type { Deps } from '../../../deps.ts';
import type { TokenActivityFilter } from '../../../db/repositories/token-activity.ts';
import { listGroupTokenActivity, listPersonalTokenActivity, listProjectTokenActivity } from '../../../services/tokens/read-token-activity.ts';
import { readPage } from '../../pagination.ts';
import type { Params } from '../../params.ts';
import { presentTokenActivity } from '../../presenters/token-activity.ts';
import { groupRef } from './groups.ts';
import { idParam, paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** `since` (ISO 8601) and `transport`: 400 for anything else. */
function activityFilter(params: Params): Omit<TokenActivityFilter, 'tokenId'> {
  return { since: params.datetime('since'), transport: params.oneOf('transport', ACTIVITY_TRANSPORTS) };
}

/** A project's or group's `:token_id` (GitLab's 404 naming it when it is no id), the filter and the page. */
function heldTokenQuery(request: FastifyRequest, kind: 'project' | 'group') {
  const params = paramsOf(request);
  const tokenId = String((request.params as Record<string, string>).token_id);
  return {
    tokenId: idParam(request, 'token_id', `Could not find ${kind} access token with token_id: ${tokenId}`),
    filter: activityFilter(params),
    page: readPage(params),
  };
}

/** `:token_id` of a personal token; anything but an id is one no token has. */
function personalTokenId(request: FastifyRequest): number {
  return parseId(pathParam(request, 'token_id')) ?? -1;
}

/** Each token's uses (every authenticated request, git command, registry grant), newest first. */
export function tokenActivityRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/access_tokens/:token_id/activity', { config: { ability: 'read_api' } }, async (request, reply) => {
      const page = await listProjectTokenActivity(deps, request.principal, { project: projectRef(request), ...heldTokenQuery(request, 'project') });
      return sendPage(request, reply, deps.config.externalUrl, page, presentTokenActivity);
    });

    app.get('/groups/:id/access_tokens/:token_id/activity', { config: { ability: 'read_api' } }, async (request, reply) => {
      const page = await listGroupTokenActivity(deps, request.principal, { group: groupRef(request), ...heldTokenQuery(request, 'group') });
      return sendPage(request, reply, deps.config.externalUrl, page, presentTokenActivity);
    });

    app.get('/personal_access_tokens/:token_id/activity', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listPersonalTokenActivity(deps, request.principal, {
        tokenId: personalTokenId(request),
        filter: activityFilter(params),
        page: readPage(params),
      });
      return sendPage(request, reply, deps.config.externalUrl, page, presentTokenActivity);
    });
  };
}
