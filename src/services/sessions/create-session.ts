import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { SESSION_LIFETIME_MS, generateSessionSecret, hasSessionSecretShape, sessionDigest } from '../../domain/session-id.ts';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../db/repositories/sessions.ts';
import type { Deps } from '../../deps.ts';

export interface NewSession {
  /** The cookie value; only its digest is stored. */
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Signs a human in after auth/ checked their password: a fresh session id every time (the one the
 * browser held before, if any, is ended), so an id planted before sign-in is worth nothing after.
 */
export async function createSession(deps: Deps, actor: Principal, input: { replacing: string | null }): Promise<NewSession> {
  if (actor.kind !== 'user' || actor.via !== 'password' || actor.user.userType !== 'human') {
    throw new AppError('unauthorized', 'Invalid login or password');
  }
  const now = deps.clock.now();
  const session: NewSession = {
    sessionId: generateSessionSecret(),
    csrfToken: generateSessionSecret(),
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    if (input.replacing !== null && hasSessionSecretShape(input.replacing)) {
      await deleteSession(trx, sessionDigest(deps.secret, input.replacing));
    }
    await deleteExpiredSessions(trx, now.toISOString());
    await insertSession(trx, {
      id_digest: sessionDigest(deps.secret, session.sessionId),
      user_id: actor.user.id,
      csrf_token: session.csrfToken,
      created_at: now.toISOString(),
      expires_at: session.expiresAt,
    });
  });
  return session;
}
