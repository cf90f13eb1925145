import ssh2 from 'ssh2';
import { AppError } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { fingerprintOf } from '../domain/ssh-public-key.ts';
import { findSshKeyByFingerprint } from '../db/repositories/ssh-keys.ts';
import { findUserById, toActor } from '../db/repositories/users.ts';
import type { SshKeyRow, UserRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

export interface SshKeySignature {
  signature: Buffer;
  signedData: Buffer;
  hashAlgo?: string;
}

export interface SshKeyAttempt {
  /** The wire-format public key the client offers. */
  blob: Buffer;
  /** Absent for the client's probe ("would you accept this key?"). */
  signature?: SshKeySignature;
}

/** A registered key that may sign in now: not a signing-only key, not expired. */
export function keyAuthenticates(row: SshKeyRow | undefined, now: Date): row is SshKeyRow {
  return row !== undefined && row.usage_type !== 'signing' && (row.expires_at === null || row.expires_at > now.toISOString());
}

async function ownerOf(deps: Deps, blob: Buffer): Promise<{ user: UserRow; key: SshKeyRow }> {
  const row = await findSshKeyByFingerprint(deps.db, fingerprintOf(blob));
  if (!keyAuthenticates(row, deps.clock.now())) throw new AppError('unauthorized', 'Unauthorized');
  const user = await findUserById(deps.db, row.user_id);
  if (!maySignIn(user, 'ssh_key')) throw new AppError('unauthorized', 'Unauthorized');
  return { user, key: row };
}

/**
 * SSH public-key authentication: a human's registered, unexpired key. The probe (no signature)
 * only learns whether the key would do and yields no principal; a signed attempt is verified.
 */
export async function authenticateSshKey(deps: Deps, attempt: SshKeyAttempt): Promise<UserPrincipal | null> {
  const { user, key } = await ownerOf(deps, attempt.blob);
  if (!attempt.signature) return null;
  const parsed = ssh2.utils.parseKey(key.key);
  if (parsed instanceof Error || !parsed.getPublicSSH().equals(attempt.blob)) throw new AppError('unauthorized', 'Unauthorized');
  const { signature, signedData, hashAlgo } = attempt.signature;
  if (parsed.verify(signedData, signature, hashAlgo) !== true) throw new AppError('unauthorized', 'Unauthorized');
  return { kind: 'user', user: toActor(user), via: 'ssh_key', keyId: key.id };
}
