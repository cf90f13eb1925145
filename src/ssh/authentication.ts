import type { AuthContext } from 'ssh2';
import { authenticate, type Credential } from '../auth/authenticate.ts';
import { AppError } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { detectTokenReuse } from '../services/tokens/detect-token-reuse.ts';

export type SshAuthOutcome = { kind: 'principal'; principal: UserPrincipal } | { kind: 'key_acceptable' } | { kind: 'rejected' };

const REJECTED: SshAuthOutcome = { kind: 'rejected' };

/** What an SSH authentication request presents: a password is a token or a human's own password, a key a human's registered key. */
function credentialOf(ctx: AuthContext): Extract<Credential, { kind: 'basic' | 'ssh_key' | 'none' }> {
  if (ctx.method === 'password') return { kind: 'basic', username: ctx.username, password: ctx.password };
  if (ctx.method === 'publickey') {
    const blob = ctx.key.data;
    if (!ctx.signature || !ctx.blob) return { kind: 'ssh_key', blob };
    return { kind: 'ssh_key', blob, signature: { signature: ctx.signature, signedData: ctx.blob, hashAlgo: ctx.hashAlgo } };
  }
  return { kind: 'none' };
}

/**
 * One SSH authentication request through auth/ (and its failed-auth ban). The signature-less key
 * probe and the initial `none` request never count as failed logins; anonymous is never let in.
 */
export async function authenticateSshRequest(deps: Deps, ip: string, ctx: AuthContext): Promise<SshAuthOutcome> {
  try {
    const result = await authenticate(deps, credentialOf(ctx), { ip, transport: 'ssh' }, detectTokenReuse);
    if (result === null) return { kind: 'key_acceptable' };
    return result.kind === 'user' ? { kind: 'principal', principal: result } : REJECTED;
  } catch (error) {
    if (error instanceof AppError) return REJECTED;
    throw error;
  }
}

/**
 * Before each git command of a connection that authenticated earlier, perhaps long ago: its
 * credential must still hold, and the read cache catches up with every change committed so far.
 */
export function reauthenticateSshCommand(deps: Deps, principal: UserPrincipal, ip: string): Promise<UserPrincipal> {
  // The address served the ban and token use at sign-in; the re-check needs it for a token's address allowlist.
  return authenticate(deps, { kind: 'established', principal }, { ip, transport: 'ssh' }, detectTokenReuse);
}
