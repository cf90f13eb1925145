import type { AuthContext } from 'ssh2';
import { authenticateBasic, passwordLogin } from '../auth/authenticate-basic.ts';
import { authenticateSshKey } from '../auth/authenticate-ssh-key.ts';
import { assertNotBanned, withFailedAuthBan } from '../auth/failed-auth-ban.ts';
import { AppError } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';

export type SshAuthOutcome = { kind: 'principal'; principal: UserPrincipal } | { kind: 'key_acceptable' } | { kind: 'rejected' };

const REJECTED: SshAuthOutcome = { kind: 'rejected' };

function refusal(error: unknown): SshAuthOutcome {
  if (error instanceof AppError) return REJECTED;
  throw error;
}

/**
 * One SSH authentication request through auth/ and the failed-auth ban: a password is a token (or
 * a human's own password, as for HTTP Basic); a public key is a human's registered key. The
 * signature-less probe and the initial `none` request never count as failed logins.
 */
export async function authenticateSshRequest(deps: Deps, ip: string, ctx: AuthContext): Promise<SshAuthOutcome> {
  try {
    if (ctx.method === 'password') {
      const { username, password } = ctx;
      const attempt = () => authenticateBasic(deps, username, password, { ip, transport: 'ssh' });
      const principal = await withFailedAuthBan(deps, ip, attempt, passwordLogin(username, password));
      return { kind: 'principal', principal };
    }
    if (ctx.method === 'publickey') {
      const blob = ctx.key.data;
      if (!ctx.signature || !ctx.blob) {
        await assertNotBanned(deps, ip);
        await authenticateSshKey(deps, { blob });
        return { kind: 'key_acceptable' };
      }
      const signature = { signature: ctx.signature, signedData: ctx.blob, hashAlgo: ctx.hashAlgo };
      const principal = await withFailedAuthBan(deps, ip, () => authenticateSshKey(deps, { blob, signature }));
      return principal ? { kind: 'principal', principal } : REJECTED;
    }
    await assertNotBanned(deps, ip);
    return REJECTED;
  } catch (error) {
    return refusal(error);
  }
}
