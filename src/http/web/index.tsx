import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../../domain/secrets.ts';
import type { Deps } from '../../deps.ts';
import { authenticateRequest } from '../request-principal.ts';
import { assetRoutes } from './assets.ts';
import { CSRF_FIELD } from './components/csrf-field.tsx';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, clearCookie } from './cookies.ts';
import { signInRedirect, webErrorHandler } from './error-handler.tsx';
import { formBody } from './form.ts';
import { StatusPage } from './pages/status-page.tsx';
import { sendPage } from './render.ts';
import { activityRoutes } from './routes/activity.tsx';
import { adminRoutes } from './routes/admin-users.tsx';
import { dashboardRoutes } from './routes/dashboard.tsx';
import { groupRoutes } from './routes/groups.tsx';
import { mergeRequestRoutes } from './routes/merge-requests.tsx';
import { memberRoutes } from './routes/project-members.tsx';
import { personalTokenRoutes } from './routes/personal-access-tokens.tsx';
import { projectTokenRoutes } from './routes/project-access-tokens.tsx';
import { webhookRoutes } from './routes/webhooks.tsx';
import { projectRoutes } from './routes/project.tsx';
import { releaseRoutes } from './routes/releases.tsx';
import { repositoryHistoryRoutes } from './routes/repository-history.tsx';
import { repositoryFileRoutes } from './routes/repository-files.tsx';
import { repositoryRefRoutes } from './routes/repository-refs.tsx';
import { sessionRoutes } from './routes/session.tsx';
import { projectTokenAlerts } from './token-alerts.ts';
import { viewOf } from './web-context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function submittedCsrfToken(request: FastifyRequest): string {
  const value = formBody(request.body)[CSRF_FIELD];
  return typeof value === 'string' ? value : '';
}

function refuseForgedForm(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.info({ url: request.url.split('?')[0] }, 'web form refused: missing or wrong CSRF token');
  return sendPage(
    reply,
    <StatusPage view={viewOf(request)} status={403} title="The form could not be accepted">
      <p>This form has expired or did not come from Latchkey. Go back, reload the page and try again.</p>
    </StatusPage>,
    403,
  );
}

/**
 * The web UI: session from a cookie (auth/ turns it into a Principal), sign-in required unless a
 * route says otherwise, a CSRF token checked on every state-changing request, HTML errors.
 */
function pages(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.decorateRequest('web', null as never);
    app.addHook('preHandler', async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const session = await authenticateRequest(deps, request, { kind: 'session', sessionId: cookie }, 'web');
      request.web = { session };
      if (cookie !== undefined && session === null) clearCookie(reply, deps.config, SESSION_COOKIE);
      const config = request.routeOptions.config;
      if ((config.auth ?? 'required') === 'required' && session === null) return signInRedirect(request, reply);
      if (!SAFE_METHODS.has(request.method)) {
        const expected = config.csrf === 'pre_session' ? request.cookies[PRE_SESSION_COOKIE] : session?.csrfToken;
        const submitted = submittedCsrfToken(request);
        if (!expected || !submitted || !sameSecret(submitted, expected)) return refuseForgedForm(request, reply);
      }
      // notices: the project pages' banner about access tokens near their expiry (Maintainers and up).
      if (session && request.method === 'GET') request.web.tokenAlerts = await projectTokenAlerts(deps, request, session.principal);
    });
    app.setErrorHandler(webErrorHandler);
    await app.register(sessionRoutes(deps));
    await app.register(dashboardRoutes(deps));
    await app.register(personalTokenRoutes(deps));
    await app.register(adminRoutes(deps));
    await app.register(projectRoutes(deps));
    await app.register(repositoryFileRoutes(deps));
    await app.register(projectTokenRoutes(deps));
    // hooks-api
    await app.register(webhookRoutes(deps));
    await app.register(memberRoutes(deps));
    await app.register(repositoryHistoryRoutes(deps));
    await app.register(repositoryRefRoutes(deps));
    await app.register(releaseRoutes(deps));
    await app.register(activityRoutes(deps));
    await app.register(mergeRequestRoutes(deps));
    // Group pages (/groups/new, /<group>, /groups/<full path>/-/group_members, /-/settings/access_tokens, /dashboard/groups)
    await app.register(groupRoutes(deps));
  };
}

export function webRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyCookie);
    await app.register(assetRoutes);
    await app.register(pages(deps));
  };
}
