import type { UserPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { hasSessionSecretShape, sessionDigest } from '../domain/session-id.ts';
import { deleteSession, findSessionWithUser } from '../db/repositories/sessions.ts';
import { toActor } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';

export interface WebSession {
  principal: UserPrincipal;
  /** The session's CSRF token, put in every form and checked on every state-changing request. */
  csrfToken: string;
  expiresAt: string;
}

/**
 * A web session cookie becomes a Principal (via 'session'). The session lives in the database, so
 * every node sees it; an expired session is removed on sight. Only active humans hold sessions.
 * Null means "not signed in": a web page then offers the sign-in form instead of an error.
 */
export async function authenticateSession(deps: Deps, sessionId: string | undefined): Promise<WebSession | null> {
  if (sessionId === undefined || !hasSessionSecretShape(sessionId)) return null;
  const digest = sessionDigest(deps.secret, sessionId);
  const found = await findSessionWithUser(deps.db, digest);
  if (!found) return null;
  const { session, user } = found;
  if (session.expires_at <= deps.clock.now().toISOString()) {
    await deleteSession(deps.db, digest);
    return null;
  }
  if (!maySignIn(user, 'session')) return null;
  return {
    principal: { kind: 'user', user: toActor(user), via: 'session' },
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
  };
}
