import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createHook } from '../../../services/webhooks/create-hook.ts';
import { deleteHook } from '../../../services/webhooks/delete-hook.ts';
import { TESTABLE_TRIGGERS } from '../../../services/webhooks/hook-samples.ts';
import { getHook, listHooks } from '../../../services/webhooks/read-hooks.ts';
import { testHook } from '../../../services/webhooks/test-hook.ts';
import { updateHook } from '../../../services/webhooks/update-hook.ts';
import { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentHook } from '../../presenters/webhooks.ts';
import { groupRef } from './groups.ts';
import { hookId, hookSettingsOf } from './hooks.ts';
import { paramsOf, sendPage } from './route-kit.ts';

/**
 * GitLab's group webhooks API: the project hooks' fields and rules under /groups/:id, managed by
 * the group's Owners (admin_group); reads with read_api, changes with api. A group's hook receives
 * the events of every project of the group and its subgroups, and the group's access token events.
 */
export function groupHookRoutes(deps: Deps) {
  const now = () => deps.clock.now();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/groups/:id/hooks', { config: { ability: 'read_api' } }, async (request, reply) => {
      const page = await listHooks(deps, request.principal, { group: groupRef(request), page: readPage(paramsOf(request)) });
      return sendPage(request, reply, deps.config.externalUrl, page, (hook) => presentHook(hook, now()));
    });

    app.get('/groups/:id/hooks/:hook_id', { config: { ability: 'read_api' } }, async (request) => {
      return presentHook(await getHook(deps, request.principal, { group: groupRef(request), hookId: hookId(request) }), now());
    });

    app.post('/groups/:id/hooks', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const url = params.string('url', { required: true, max: 2048 });
      const hook = await createHook(deps, request.principal, { group: groupRef(request), settings: { ...hookSettingsOf(params), url } });
      reply.code(201);
      return presentHook(hook, now());
    });

    app.put('/groups/:id/hooks/:hook_id', { config: { ability: 'write_api' } }, async (request) => {
      const id = hookId(request);
      const hook = await updateHook(deps, request.principal, { group: groupRef(request), hookId: id, settings: hookSettingsOf(paramsOf(request)) });
      return presentHook(hook, now());
    });

    app.delete('/groups/:id/hooks/:hook_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteHook(deps, request.principal, { group: groupRef(request), hookId: hookId(request) });
      reply.code(204);
    });

    app.post('/groups/:id/hooks/:hook_id/test/:trigger', { config: { ability: 'write_api' } }, async (request, reply) => {
      const id = hookId(request);
      const trigger = new Params(request.params).oneOf('trigger', TESTABLE_TRIGGERS, { required: true })!;
      await testHook(deps, request.principal, { group: groupRef(request), hookId: id, trigger });
      reply.code(201);
      return { message: '201 Created' };
    });
  };
}
