import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS, AccessLevel } from '../../../domain/access-levels.ts';
import { notFound } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { createProjectAccessToken } from '../../../services/tokens/create-project-access-token.ts';
import { findVisibleProject, type ProjectContext } from '../../../services/projects/project-context.ts';
import { holdsLevel } from '../../../policies/token-policies.ts';
import { getProjectAccessToken, listProjectAccessTokens } from '../../../services/tokens/read-project-access-tokens.ts';
import { listProjectTokenActivity } from '../../../services/tokens/read-token-activity.ts';
import { activityTransportOf } from '../activity-transport.ts';
import { TokenActivityPage } from '../pages/token-activity.tsx';
import { pageNumber } from '../form.ts';
import { revokeProjectAccessToken } from '../../../services/tokens/revoke-project-access-token.ts';
import { rotateProjectAccessToken } from '../../../services/tokens/rotate-project-access-token.ts';
import { updateProjectAccessToken } from '../../../services/tokens/update-project-access-token.ts';
import { clientIp } from '../../request-principal.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody } from '../form.ts';
import { graceMinutesField } from '../grace-period-field.ts';
import { ProjectAccessTokensPage } from '../pages/project-access-tokens.tsx';
import { idOf, projectAccessTokensPath, projectRefOf } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { PROJECT_SCOPE_DESCRIPTIONS } from '../scope-descriptions.ts';
import { botTokenFormInput, limitEntries, postedTokenValues, tokensPageData, type TokenPageOutcome } from '../token-form-options.ts';
import { signedIn, viewOf } from '../web-context.ts';

export function projectTokenRoutes(deps: Deps) {
  /** Roles up to the user's own (admins count as Owner): what a token of theirs may hold. */
  const rolesFor = (context: ProjectContext) => ACCESS_LEVELS.filter((level) => holdsLevel(context.facts, level));

  async function render(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, outcome: TokenPageOutcome) {
    const { principal } = signedIn(request);
    const project = context.project.id;
    const roles = rolesFor(context);
    const data = await tokensPageData(deps, request, {
      // The listing service also decides who may see this page (Maintainer+).
      list: (filter, page) => listProjectAccessTokens(deps, principal, { project, filter, sort: 'created_desc', page }),
      form: { action: projectAccessTokensPath(context), noun: 'project access token', scopes: PROJECT_SCOPE_DESCRIPTIONS, roles },
      defaultLevel: roles.includes(AccessLevel.Maintainer) ? AccessLevel.Maintainer : (roles.at(-1) ?? null),
      outcome,
    });
    return sendPage(reply, <ProjectAccessTokensPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  const contextOf = (request: FastifyRequest) => findVisibleProject(deps, signedIn(request).principal, projectRefOf(request.params));

  return async (app: FastifyInstance): Promise<void> => {
    const path = '/:namespace/:project/-/settings/access_tokens';

    app.get(path, async (request, reply) => render(request, reply, await contextOf(request), {}));

    app.post(path, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const values = postedTokenValues(formBody(request.body));
      const result = await tryForm(() => createProjectAccessToken(deps, principal, { project: context.project.id, ...botTokenFormInput(values), ip: clientIp(request) }));
      if (!result.ok) {
        return render(request, reply, context, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      request.log.info({ projectId: context.project.id, tokenId: result.value.token.id }, 'project access token created in the web UI');
      return render(request, reply, context, { newToken: result.value.plain });
    });

    // activity: a token's uses (the same services as GET .../access_tokens/:token_id/activity, Maintainer+).
    app.get(`${path}/:token_id/activity`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      const transport = activityTransportOf(request.query);
      const project = context.project.id;
      const token = await getProjectAccessToken(deps, principal, { project, tokenId });
      const activity = await listProjectTokenActivity(deps, principal, {
        project,
        tokenId,
        filter: { transport },
        page: { page: pageNumber(request.query), perPage: 50 },
      });
      return sendPage(reply, <TokenActivityPage view={viewOf(request)} context={context} data={{ token, activity, transport }} />);
    });

    // token-limits: a token's allowed IP addresses and refs, through the service of PUT /projects/:id/access_tokens/:token_id.
    app.post(`${path}/:token_id/limits`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      const body = formBody(request.body);
      const limits = { allowedIps: limitEntries(field(body, 'allowed_ips')), allowedRefs: limitEntries(field(body, 'allowed_refs')) };
      const result = await tryForm(() => updateProjectAccessToken(deps, principal, { project: context.project.id, tokenId, limits, ip: clientIp(request) }));
      if (!result.ok) {
        return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      return redirectAfterPost(reply, `${projectAccessTokensPath(context)}?notice=token_limits_updated`);
    });

    app.post(`${path}/:token_id/revoke`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      const result = await tryForm(() => revokeProjectAccessToken(deps, principal, { project: context.project.id, tokenId, ip: clientIp(request) }));
      if (!result.ok) {
        return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      return redirectAfterPost(reply, `${projectAccessTokensPath(context)}?notice=token_revoked`);
    });

    app.post(`${path}/:token_id/rotate`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      const result = await tryForm(() =>
        rotateProjectAccessToken(deps, principal, {
          project: context.project.id,
          tokenId,
          expiresAt: null,
          graceMinutes: graceMinutesField(formBody(request.body)),
          ip: clientIp(request),
        }),
      );
      if (!result.ok) {
        return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      return render(request, reply, context, { newToken: result.value.plain });
    });
  };
}
