import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidParam, notFound } from '../../../domain/errors.ts';
import { isScope } from '../../../domain/scopes.ts';
import type { Deps } from '../../../deps.ts';
import { createPersonalAccessToken } from '../../../services/tokens/create-personal-access-token.ts';
import { getPersonalAccessToken, listPersonalAccessTokens } from '../../../services/tokens/read-personal-access-tokens.ts';
import { listPersonalTokenActivity } from '../../../services/tokens/read-token-activity.ts';
import { activityTransportOf } from '../activity-transport.ts';
import { TokenActivityPage } from '../pages/token-activity.tsx';
import { revokePersonalAccessToken } from '../../../services/tokens/revoke-personal-access-token.ts';
import { rotatePersonalAccessToken } from '../../../services/tokens/rotate-personal-access-token.ts';
import { clientIp } from '../../request-principal.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { formBody, pageNumber } from '../form.ts';
import { graceMinutesField } from '../grace-period-field.ts';
import { PersonalAccessTokensPage } from '../pages/personal-access-tokens.tsx';
import { PERSONAL_TOKENS_PATH, idOf } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { PERSONAL_SCOPE_DESCRIPTIONS } from '../scope-descriptions.ts';
import { postedTokenValues, tokenInput, tokensPageData, type TokenPageOutcome } from '../token-form-options.ts';
import { signedIn, viewOf } from '../web-context.ts';

export function personalTokenRoutes(deps: Deps) {
  async function render(request: FastifyRequest, reply: FastifyReply, outcome: TokenPageOutcome) {
    const { principal, user } = signedIn(request);
    const data = await tokensPageData(deps, request, {
      list: (filter, page) => listPersonalAccessTokens(deps, principal, { userId: user.id, filter, sort: 'created_desc', page }),
      form: { action: PERSONAL_TOKENS_PATH, noun: 'personal access token', scopes: PERSONAL_SCOPE_DESCRIPTIONS, roles: null },
      defaultLevel: null,
      outcome,
    });
    return sendPage(reply, <PersonalAccessTokensPage view={viewOf(request)} data={data} />, outcome.status ?? 200);
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get(PERSONAL_TOKENS_PATH, async (request, reply) => render(request, reply, {}));

    app.post(PERSONAL_TOKENS_PATH, async (request, reply) => {
      const { principal, user } = signedIn(request);
      const values = postedTokenValues(formBody(request.body));
      const result = await tryForm(async () => {
        const input = tokenInput(values);
        const scopes = input.scopes.filter(isScope);
        if (scopes.length !== input.scopes.length) throw invalidParam('scopes does not have a valid value');
        return createPersonalAccessToken(deps, principal, { userId: user.id, ...input, scopes });
      });
      if (!result.ok) return render(request, reply, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      request.log.info({ tokenId: result.value.token.id }, 'personal access token created in the web UI');
      return render(request, reply, { newToken: result.value.plain });
    });

    app.post(`${PERSONAL_TOKENS_PATH}/:token_id/revoke`, async (request, reply) => {
      const { principal } = signedIn(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      // The same rule as DELETE /personal_access_tokens/:id: one's own token (an admin's reach is the API's).
      const result = await tryForm(() => revokePersonalAccessToken(deps, principal, { tokenId, ip: clientIp(request) }));
      if (!result.ok) return render(request, reply, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${PERSONAL_TOKENS_PATH}?notice=token_revoked`);
    });

    // A token's uses: the same services as GET /personal_access_tokens/:id/activity (the owner; an admin's reach is the API's).
    app.get(`${PERSONAL_TOKENS_PATH}/:token_id/activity`, async (request, reply) => {
      const { principal } = signedIn(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      const transport = activityTransportOf(request.query);
      const token = await getPersonalAccessToken(deps, principal, { tokenId });
      const activity = await listPersonalTokenActivity(deps, principal, {
        tokenId,
        filter: { transport },
        page: { page: pageNumber(request.query), perPage: 50 },
      });
      return sendPage(reply, <TokenActivityPage view={viewOf(request)} context={null} data={{ token, activity, transport }} />);
    });

    app.post(`${PERSONAL_TOKENS_PATH}/:token_id/rotate`, async (request, reply) => {
      const { principal } = signedIn(request);
      const tokenId = idOf(request.params, 'token_id');
      if (tokenId === null) throw notFound('Token');
      // The same rule as POST /personal_access_tokens/:id/rotate, with the project page's grace field.
      const result = await tryForm(() =>
        rotatePersonalAccessToken(deps, principal, {
          tokenId,
          expiresAt: null,
          graceMinutes: graceMinutesField(formBody(request.body)),
          ip: clientIp(request),
        }),
      );
      if (!result.ok) return render(request, reply, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return render(request, reply, { newToken: result.value.plain });
    });
  };
}
