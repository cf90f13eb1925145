import type { FastifyRequest } from 'fastify';
import type { WebSession } from '../../auth/authenticate-session.ts';
import { ANONYMOUS, type Actor, type Principal } from '../../domain/principal.ts';

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
}

/** What every page needs to draw the layout and its forms. */
export interface View {
  /** The signed-in user; null when signed out; undefined when not known (the bare 404 page). */
  user: Actor | null | undefined;
  csrfToken: string;
  /** The request path, for "current page" marks in the navigation. */
  path: string;
}

export function viewOf(request: FastifyRequest): View {
  const session = request.web?.session ?? null;
  return { user: session?.principal.user ?? null, csrfToken: session?.csrfToken ?? '', path: request.url.split('?')[0]! };
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
