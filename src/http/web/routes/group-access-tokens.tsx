import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS, AccessLevel } from '../../../domain/access-levels.ts';
import type { Deps } from '../../../deps.ts';
import { holdsLevel } from '../../../policies/token-policies.ts';
import type { GroupContext } from '../../../services/groups/group-context.ts';
import { createGroupAccessToken, listGroupAccessTokens, revokeGroupAccessToken, rotateGroupAccessToken } from '../../../services/tokens/group-access-tokens.ts';
import { clientIp } from '../../request-principal.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { formBody } from '../form.ts';
import { graceMinutesField } from '../grace-period-field.ts';
import { groupAccessTokensPath } from '../group-paths.ts';
import { GroupAccessTokensPage } from '../pages/group-access-tokens.tsx';
import { redirectAfterPost, sendPage } from '../render.ts';
import { PROJECT_SCOPE_DESCRIPTIONS } from '../scope-descriptions.ts';
import { botTokenFormInput, postedTokenValues, tokensPageData, type TokenPageOutcome } from '../token-form-options.ts';
import { signedIn, viewOf } from '../web-context.ts';
import type { GroupPageRoute } from './group-pages.ts';

/** A group's Settings > Access Tokens, through the services of /groups/:id/access_tokens (Owners and admins, as the API). */
export function groupTokenPages(deps: Deps): GroupPageRoute[] {
  async function render(request: FastifyRequest, reply: FastifyReply, context: GroupContext, outcome: TokenPageOutcome) {
    const { principal } = signedIn(request);
    const group = context.group.id;
    const roles = ACCESS_LEVELS.filter((level) => holdsLevel(context.facts, level));
    const data = await tokensPageData(deps, request, {
      // The listing service also decides who may see this page (the group's Owners).
      list: (filter, page) => listGroupAccessTokens(deps, principal, { group, filter, sort: 'created_desc', page }),
      form: { action: groupAccessTokensPath(context.group), noun: 'group access token', scopes: PROJECT_SCOPE_DESCRIPTIONS, roles },
      defaultLevel: roles.includes(AccessLevel.Maintainer) ? AccessLevel.Maintainer : (roles.at(-1) ?? null),
      outcome,
    });
    return sendPage(reply, <GroupAccessTokensPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  const page = /^settings\/access_tokens$/;
  return [
    { method: 'GET', page, handle: (request, reply, context) => render(request, reply, context, {}) },
    {
      method: 'POST',
      page,
      handle: async (request, reply, context) => {
        const { principal } = signedIn(request);
        const values = postedTokenValues(formBody(request.body));
        const result = await tryForm(() => createGroupAccessToken(deps, principal, { group: context.group.id, ...botTokenFormInput(values), ip: clientIp(request) }));
        if (!result.ok) return render(request, reply, context, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
        request.log.info({ groupId: context.group.id, tokenId: result.value.token.id }, 'group access token created in the web UI');
        return render(request, reply, context, { newToken: result.value.plain });
      },
    },
    {
      method: 'POST',
      page: /^settings\/access_tokens\/(\d+)\/revoke$/,
      handle: async (request, reply, context, [tokenId]) => {
        const { principal } = signedIn(request);
        const result = await tryForm(() => revokeGroupAccessToken(deps, principal, { group: context.group.id, tokenId: tokenId!, ip: clientIp(request) }));
        if (!result.ok) return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
        return redirectAfterPost(reply, `${groupAccessTokensPath(context.group)}?notice=token_revoked`);
      },
    },
    {
      method: 'POST',
      page: /^settings\/access_tokens\/(\d+)\/rotate$/,
      handle: async (request, reply, context, [tokenId]) => {
        const { principal } = signedIn(request);
        const result = await tryForm(() =>
          rotateGroupAccessToken(deps, principal, {
            group: context.group.id,
            tokenId: tokenId!,
            expiresAt: null,
            graceMinutes: graceMinutesField(formBody(request.body)),
            ip: clientIp(request),
          }),
        );
        if (!result.ok) return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
        return render(request, reply, context, { newToken: result.value.plain });
      },
    },
  ];
}
