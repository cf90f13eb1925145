import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { findVisibleProject, type ProjectContext } from '../../../services/projects/project-context.ts';
import { createHook } from '../../../services/webhooks/create-hook.ts';
import { deleteHook } from '../../../services/webhooks/delete-hook.ts';
import type { HookSettings } from '../../../services/webhooks/hook-rules.ts';
import { TESTABLE_TRIGGERS, type TestableTrigger } from '../../../services/webhooks/hook-samples.ts';
import type { HookTrigger } from '../../../services/webhooks/queue-hook-event.ts';
import { getHookDelivery, getHookWithRecentDeliveries, listHooks } from '../../../services/webhooks/read-hooks.ts';
import { testHook } from '../../../services/webhooks/test-hook.ts';
import { updateHook } from '../../../services/webhooks/update-hook.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, fields, formBody, type FormBody } from '../form.ts';
import { noticeOf } from '../notices.ts';
import { HOOK_EVENT_LABELS, HookEditPage, hookFormValues, HookLogPage, HooksPage, NEW_HOOK_VALUES, type HookFormValues } from '../pages/webhooks.tsx';
import { hookPath, hooksPath, idOf, projectRefOf } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { signedIn, viewOf } from '../web-context.ts';

/** What the form posted, as shown again when it is refused. */
function postedValues(body: FormBody): HookFormValues {
  const chosen = new Set(fields(body, 'triggers'));
  return {
    url: field(body, 'url').trim(),
    name: field(body, 'name'),
    description: field(body, 'description'),
    triggers: HOOK_EVENT_LABELS.map(([trigger]) => trigger).filter((trigger) => chosen.has(trigger)),
    branchFilterStrategy: field(body, 'branch_filter_strategy') === 'wildcard' ? 'wildcard' : 'all_branches',
    pushEventsBranchFilter: field(body, 'push_events_branch_filter').trim(),
    enableSslVerification: field(body, 'enable_ssl_verification') === '1',
  };
}

/** The form's values as the services' settings: every event box says on or off; an empty token keeps the stored one. */
function settingsOf(values: HookFormValues, token: string): HookSettings {
  const triggers: Partial<Record<HookTrigger, boolean>> = {};
  for (const [trigger] of HOOK_EVENT_LABELS) triggers[trigger] = values.triggers.includes(trigger);
  const wildcard = values.branchFilterStrategy === 'wildcard' && values.pushEventsBranchFilter !== '';
  return {
    url: values.url,
    ...(token !== '' && { token }),
    name: values.name || null,
    description: values.description || null,
    triggers,
    branchFilterStrategy: wildcard ? 'wildcard' : 'all_branches',
    pushEventsBranchFilter: wildcard ? values.pushEventsBranchFilter : null,
    enableSslVerification: values.enableSslVerification,
  };
}

/** Settings › Webhooks, GitLab's /-/hooks pages: Maintainer+, through the same services as the API. */
export function webhookRoutes(deps: Deps) {
  const contextOf = (request: FastifyRequest) => findVisibleProject(deps, signedIn(request).principal, projectRefOf(request.params));
  const hookIdOf = (request: FastifyRequest): number => {
    const id = idOf(request.params, 'hook_id');
    if (id === null) throw notFound('Hook');
    return id;
  };

  async function renderList(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, outcome: { values?: HookFormValues; error?: string; status?: number }) {
    const { principal } = signedIn(request);
    // The listing service also decides who may see this page (Maintainer+).
    const page = await listHooks(deps, principal, { project: context.project.id, page: { page: 1, perPage: 100 } });
    const data = { hooks: page.items, now: deps.clock.now(), values: outcome.values ?? NEW_HOOK_VALUES, error: outcome.error ?? null, notice: noticeOf(request.query) };
    return sendPage(reply, <HooksPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, hookId: number, outcome: { values?: HookFormValues; error?: string; status?: number }) {
    const { principal } = signedIn(request);
    const { hook, deliveries } = await getHookWithRecentDeliveries(deps, principal, { project: context.project.id, hookId });
    const data = { hook, deliveries, now: deps.clock.now(), values: outcome.values ?? hookFormValues(hook), error: outcome.error ?? null, notice: noticeOf(request.query) };
    return sendPage(reply, <HookEditPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  return async (app: FastifyInstance): Promise<void> => {
    const path = '/:namespace/:project/-/hooks';

    app.get(path, async (request, reply) => renderList(request, reply, await contextOf(request), {}));

    app.post(path, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const body = formBody(request.body);
      const values = postedValues(body);
      const result = await tryForm(() => createHook(deps, principal, { project: context.project.id, settings: { ...settingsOf(values, field(body, 'token')), url: values.url } }));
      if (!result.ok) return renderList(request, reply, context, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${hooksPath(context)}?notice=hook_created`);
    });

    app.get(`${path}/:hook_id/edit`, async (request, reply) => renderEdit(request, reply, await contextOf(request), hookIdOf(request), {}));

    app.post(`${path}/:hook_id`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const hookId = hookIdOf(request);
      const body = formBody(request.body);
      const values = postedValues(body);
      const result = await tryForm(() => updateHook(deps, principal, { project: context.project.id, hookId, settings: settingsOf(values, field(body, 'token')) }));
      if (!result.ok) return renderEdit(request, reply, context, hookId, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${hookPath(context, hookId)}/edit?notice=hook_updated`);
    });

    app.post(`${path}/:hook_id/delete`, async (request, reply) => {
      const context = await contextOf(request);
      await deleteHook(deps, signedIn(request).principal, { project: context.project.id, hookId: hookIdOf(request) });
      return redirectAfterPost(reply, `${hooksPath(context)}?notice=hook_deleted`);
    });

    app.post(`${path}/:hook_id/test`, async (request, reply) => {
      const context = await contextOf(request);
      const hookId = hookIdOf(request);
      const posted = field(formBody(request.body), 'trigger');
      const trigger = (TESTABLE_TRIGGERS as readonly string[]).includes(posted) ? (posted as TestableTrigger) : 'push_events';
      const result = await tryForm(() => testHook(deps, signedIn(request).principal, { project: context.project.id, hookId, trigger }));
      if (!result.ok) return renderEdit(request, reply, context, hookId, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${hookPath(context, hookId)}/edit?notice=hook_test_sent`);
    });

    app.get(`${path}/:hook_id/hook_logs/:log_id`, async (request, reply) => {
      const context = await contextOf(request);
      const deliveryId = idOf(request.params, 'log_id');
      if (deliveryId === null) throw notFound('Hook log');
      const { hook, delivery } = await getHookDelivery(deps, signedIn(request).principal, { project: context.project.id, hookId: hookIdOf(request), deliveryId });
      return sendPage(reply, <HookLogPage view={viewOf(request)} context={context} hook={hook} delivery={delivery} />);
    });
  };
}
