import type { Principal } from '../../domain/principal.ts';
import { hasSessionSecretShape, sessionDigest } from '../../domain/session-id.ts';
import { deleteSession } from '../../db/repositories/sessions.ts';
import type { Deps } from '../../deps.ts';

/** Sign-out: the session is deleted, on every node at once. */
export async function endSession(deps: Deps, _actor: Principal, input: { sessionId: string | undefined }): Promise<void> {
  if (input.sessionId === undefined || !hasSessionSecretShape(input.sessionId)) return;
  await deleteSession(deps.db, sessionDigest(deps.secret, input.sessionId));
}
