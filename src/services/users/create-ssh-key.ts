import { fieldErrors, notPermitted } from '../../domain/errors.ts';
import { nameError } from '../../domain/names.ts';
import type { Principal } from '../../domain/principal.ts';
import { parseSshPublicKey } from '../../domain/ssh-public-key.ts';
import { findSshKeyByFingerprint, insertSshKey } from '../../db/repositories/ssh-keys.ts';
import type { SshKeyRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';

export type SshKeyUsage = 'auth' | 'signing' | 'auth_and_signing';

const TAKEN = { fingerprint_sha256: ['has already been taken'] };

/** POST /user/keys: a human adds a public key (bots and the ghost user cannot). */
export async function createSshKey(
  deps: Deps,
  actor: Principal,
  input: { title: string; key: string; expiresAt: string | null; usageType: SshKeyUsage },
): Promise<SshKeyRow> {
  const { user } = requireUser(actor);
  if (user.userType !== 'human') throw notPermitted('add_ssh_key');
  const errors: Record<string, string[]> = {};
  const titleProblem = nameError(input.title, 'Title');
  if (titleProblem) errors.title = [titleProblem];
  const parsed = parseSshPublicKey(input.key);
  if (!parsed) Object.assign(errors, { key: ['is invalid'], fingerprint_sha256: ['cannot be generated'] });
  const now = deps.clock.now().toISOString();
  if (input.expiresAt !== null && input.expiresAt <= now) errors.expires_at = ['must be in the future'];
  if (Object.keys(errors).length > 0 || !parsed) throw fieldErrors(errors);
  if (await findSshKeyByFingerprint(deps.db, parsed.fingerprint)) throw fieldErrors(TAKEN);
  try {
    return await insertSshKey(deps.db, {
      user_id: user.id,
      title: input.title,
      key: input.key.trim(),
      fingerprint: parsed.fingerprint,
      created_at: now,
      expires_at: input.expiresAt,
      usage_type: input.usageType,
    });
  } catch (error) {
    // A concurrent request added the same key a moment earlier: the unique index refused this one.
    if (await findSshKeyByFingerprint(deps.db, parsed.fingerprint)) throw fieldErrors(TAKEN);
    throw error;
  }
}
