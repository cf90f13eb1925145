import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import type { UserPrincipal } from '../../../domain/principal.ts';
import type { Deps } from '../../../deps.ts';
import { createSession } from '../../../services/sessions/create-session.ts';
import { endSession } from '../../../services/sessions/end-session.ts';
import { authenticateRequest } from '../../request-principal.ts';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, clearCookie, preSessionToken, sessionCookieOptions } from '../cookies.ts';
import { field, formBody } from '../form.ts';
import { SignInPage } from '../pages/sign-in.tsx';
import { SIGN_IN_PATH } from '../paths.ts';
import { redirectTarget } from '../redirect-target.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

const INVALID = 'Invalid login or password.';
const BANNED = 'Too many failed sign-in attempts from your address. Try again later.';

export function sessionRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/users/sign_in', { config: { auth: 'none' } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const redirectTo = redirectTarget(query.redirect_to);
      if (request.web.session) return reply.redirect(redirectTo, 303);
      const csrfToken = preSessionToken(request, reply, deps.config);
      const notice = query.signed_out !== undefined ? 'You have been signed out.' : null;
      return sendPage(reply, <SignInPage view={viewOf(request)} csrfToken={csrfToken} login="" redirectTo={redirectTo} error={null} notice={notice} />);
    });

    // Checked against the pre-session cookie: there is no session yet to hold a CSRF token.
    app.post('/users/sign_in', { config: { auth: 'none', csrf: 'pre_session' } }, async (request, reply) => {
      const body = formBody(request.body);
      const login = field(body, 'login').trim();
      const password = field(body, 'password');
      const redirectTo = redirectTarget(body.redirect_to);
      let principal: UserPrincipal;
      try {
        // Bots and the ghost user have no password: auth/ refuses them like a wrong one.
        principal = await authenticateRequest(deps, request, { kind: 'password', login, password }, 'web');
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'unauthorized' && error.code !== 'banned')) throw error;
        const banned = error.code === 'banned';
        request.log.info({ banned }, 'web sign-in refused');
        const csrfToken = preSessionToken(request, reply, deps.config);
        return sendPage(
          reply,
          <SignInPage view={viewOf(request)} csrfToken={csrfToken} login={login} redirectTo={redirectTo} error={banned ? BANNED : INVALID} notice={null} />,
          banned ? 403 : 401,
        );
      }
      // A new session id every sign-in; the one the browser held before (if any) ends now.
      const session = await createSession(deps, principal, { replacing: request.cookies[SESSION_COOKIE] ?? null });
      reply.setCookie(SESSION_COOKIE, session.sessionId, sessionCookieOptions(deps.config));
      clearCookie(reply, deps.config, PRE_SESSION_COOKIE);
      request.log.info({ userId: principal.user.id }, 'signed in to the web UI');
      return redirectAfterPost(reply, redirectTo);
    });

    app.post('/users/sign_out', async (request, reply) => {
      await endSession(deps, principalOf(request), { sessionId: request.cookies[SESSION_COOKIE] });
      clearCookie(reply, deps.config, SESSION_COOKIE);
      return redirectAfterPost(reply, `${SIGN_IN_PATH}?signed_out=1`);
    });
  };
}
