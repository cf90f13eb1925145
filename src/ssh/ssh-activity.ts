import type { ErrorCode } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import { activityText } from '../domain/token-activity.ts';
import type { Deps } from '../deps.ts';

/** Who is at the other end of an SSH connection, for a token's activity. */
export interface SshClient {
  ip: string;
  /** The client's identification string (`SSH-2.0-OpenSSH_9.2p1 …`), its user agent. */
  ident: string | null;
}

/** An SSH git command's outcome as the HTTP status a row records: 200 when git ended well. */
export const SSH_ACTIVITY_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  token_expired: 401,
  token_revoked: 401,
  banned: 403,
  insufficient_scope: 403,
  not_permitted: 403,
  not_found: 404,
  validation: 400,
  bad_request: 400,
  field_errors: 400,
  conflict: 409,
  unavailable: 503,
};
/** git ended with an error (a refused push ref, the client gone mid-transfer). */
export const SSH_GIT_FAILED = 500;
/** Not a git command Latchkey runs. */
export const SSH_NOT_GIT = 400;

/** Records one SSH command of a token's connection (no-op for keys). */
export function recordSshTokenUse(deps: Deps, principal: UserPrincipal, client: SshClient, action: string, status: number): void {
  if (principal.via !== 'token') return;
  deps.tokenActivity.record({
    tokenId: principal.token.id,
    at: deps.clock.now().toISOString(),
    transport: 'ssh',
    action: activityText(action) ?? '',
    status,
    ip: client.ip,
    userAgent: activityText(client.ident),
  });
}
