import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseId } from '../../../domain/ids.ts';
import type { Deps } from '../../../deps.ts';
import { createHook } from '../../../services/webhooks/create-hook.ts';
import { deleteHook } from '../../../services/webhooks/delete-hook.ts';
import { hookNotFound, type HookScope } from '../../../services/webhooks/hook-context.ts';
import { BRANCH_FILTER_STRATEGIES, type HookSettings } from '../../../services/webhooks/hook-rules.ts';
import { TESTABLE_TRIGGERS } from '../../../services/webhooks/hook-samples.ts';
import { HOOK_TRIGGERS, type HookTrigger } from '../../../services/webhooks/queue-hook-event.ts';
import { getHook, listHooks } from '../../../services/webhooks/read-hooks.ts';
import { testHook } from '../../../services/webhooks/test-hook.ts';
import { updateHook } from '../../../services/webhooks/update-hook.ts';
import { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentHook } from '../../presenters/webhooks.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

/** `:hook_id`: digits, else GitLab's 404 for a hook it cannot find. */
function hookId(request: FastifyRequest): number {
  const id = parseId(pathParam(request, 'hook_id'));
  if (id === null) throw hookNotFound();
  return id;
}

/** The fields of GitLab's project hook parameters; absent ones stay undefined. */
export function hookSettingsOf(params: Params): HookSettings {
  const triggers: Partial<Record<HookTrigger, boolean>> = {};
  for (const trigger of HOOK_TRIGGERS) {
    const value = params.boolean(trigger);
    if (value !== undefined) triggers[trigger] = value;
  }
  return {
    url: params.string('url', { max: 2048 }),
    token: params.has('token') ? (params.string('token', { max: 2048 }) ?? null) : undefined,
    name: params.has('name') ? (params.string('name') ?? null) : undefined,
    description: params.has('description') ? (params.string('description') ?? null) : undefined,
    triggers,
    pushEventsBranchFilter: params.has('push_events_branch_filter') ? (params.string('push_events_branch_filter') ?? null) : undefined,
    branchFilterStrategy: params.oneOf('branch_filter_strategy', BRANCH_FILTER_STRATEGIES),
    enableSslVerification: params.boolean('enable_ssl_verification'),
  };
}

/** How a route names whose hooks it manages, from its request. */
type ScopeOf = (request: FastifyRequest) => HookScope;

/** GitLab's project hooks API: Maintainer+ (admin_project), reads with read_api, changes with api. */
export function hookRoutes(deps: Deps) {
  return hookRoutesUnder(deps, '/projects/:id', (request) => ({ project: projectRef(request) }));
}

/**
 * The hooks routes under `prefix` (`/projects/:id`, and `/groups/:id` for GitLab's group webhooks
 * API): the same fields, rules and answers, whoever holds the hooks.
 */
export function hookRoutesUnder(deps: Deps, prefix: string, scopeOf: ScopeOf) {
  const now = () => deps.clock.now();
  return async (app: FastifyInstance): Promise<void> => {
    app.get(`${prefix}/hooks`, { config: { ability: 'read_api' } }, async (request, reply) => {
      const page = await listHooks(deps, request.principal, { ...scopeOf(request), page: readPage(paramsOf(request)) });
      return sendPage(request, reply, deps.config.externalUrl, page, (hook) => presentHook(hook, now()));
    });

    app.get(`${prefix}/hooks/:hook_id`, { config: { ability: 'read_api' } }, async (request) => {
      const hook = await getHook(deps, request.principal, { ...scopeOf(request), hookId: hookId(request) });
      return presentHook(hook, now());
    });

    app.post(`${prefix}/hooks`, { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const url = params.string('url', { required: true, max: 2048 });
      const hook = await createHook(deps, request.principal, { ...scopeOf(request), settings: { ...hookSettingsOf(params), url } });
      reply.code(201);
      return presentHook(hook, now());
    });

    app.put(`${prefix}/hooks/:hook_id`, { config: { ability: 'write_api' } }, async (request) => {
      const id = hookId(request);
      const hook = await updateHook(deps, request.principal, { ...scopeOf(request), hookId: id, settings: hookSettingsOf(paramsOf(request)) });
      return presentHook(hook, now());
    });

    app.delete(`${prefix}/hooks/:hook_id`, { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteHook(deps, request.principal, { ...scopeOf(request), hookId: hookId(request) });
      reply.code(204);
    });

    app.post(`${prefix}/hooks/:hook_id/test/:trigger`, { config: { ability: 'write_api' } }, async (request, reply) => {
      const id = hookId(request);
      const trigger = new Params(request.params).oneOf('trigger', TESTABLE_TRIGGERS, { required: true })!;
      await testHook(deps, request.principal, { ...scopeOf(request), hookId: id, trigger });
      reply.code(201);
      return { message: '201 Created' };
    });
  };
}
