import type { FastifyRequest } from 'fastify';
import type { WebSession } from '../../auth/authenticate-session.ts';
import { ANONYMOUS, type Actor, type Principal } from '../../domain/principal.ts';
import type { TokenExpiryAlert } from '../../services/notices/read-token-expiry-alerts.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the web plugin's preHandler: the signed-in session, if any. */
    web: WebState;
  }
  interface FastifyContextConfig {
    /** Web routes: how a state-changing request proves it came from our own form (default: session). */
    csrf?: 'session' | 'pre_session';
  }
}

export interface WebState {
  session: WebSession | null;
  /** On a project's pages, for its Maintainers and up: its access tokens near their expiry. */
  tokenAlerts?: ProjectTokenAlerts;
}

export interface ProjectTokenAlerts {
  accessTokensHref: string;
  tokens: TokenExpiryAlert[];
}

/** What every page needs to draw the layout and its forms. */
export interface View {
  /** The signed-in user; null when signed out; undefined when not known (the bare 404 page). */
  user: Actor | null | undefined;
  csrfToken: string;
  /** The request path, for "current page" marks in the navigation. */
  path: string;
  /** The banner of a project's pages about its access tokens near their expiry (Maintainers and up). */
  tokenAlerts?: ProjectTokenAlerts;
}

export function viewOf(request: FastifyRequest): View {
  const session = request.web?.session ?? null;
  return {
    user: session?.principal.user ?? null,
    csrfToken: session?.csrfToken ?? '',
    path: request.url.split('?')[0]!,
    ...(request.web?.tokenAlerts && { tokenAlerts: request.web.tokenAlerts }),
  };
}

export function principalOf(request: FastifyRequest): Principal {
  return request.web?.session?.principal ?? ANONYMOUS;
}

/** The signed-in user of a route that requires sign-in (the preHandler has redirected everyone else). */
export function signedIn(request: FastifyRequest): { principal: Principal; user: Actor } {
  const session = request.web.session;
  if (!session) throw new Error('signedIn() called on a route that does not require sign-in');
  return { principal: session.principal, user: session.principal.user };
}
