import type { AuthContext, AuthTransport } from '../domain/auth-transport.ts';
import { AppError } from '../domain/errors.ts';
import { hasValidTokenShape } from '../domain/token-format.ts';
import { ANONYMOUS, type Principal, type TokenPrincipal, type UserPrincipal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { authenticateBasic, passwordLogin } from './authenticate-basic.ts';
import { authenticatePassword } from './authenticate-password.ts';
import { authenticateRegistryNotification } from './authenticate-registry-notification.ts';
import { authenticateSession, type WebSession } from './authenticate-session.ts';
import { authenticateSshKey, type SshKeySignature } from './authenticate-ssh-key.ts';
import { authenticateToken, revokedTokenIdOf } from './authenticate-token.ts';
import { failedAuthOutcome } from './authentication-outcome.ts';
import { assertNotBanned, withFailedAuthBan } from './failed-auth-ban.ts';
import { reconfirmPrincipal } from './reconfirm-principal.ts';

/** What a request or connection presented, as its transport found it. */
export type Credential =
  /** Nothing: anonymous. */
  | { kind: 'none' }
  /** Something that names no credential (HTTP Basic without a password): fails like a wrong password. */
  | { kind: 'unusable' }
  /** An API token (PRIVATE-TOKEN, Authorization: Bearer, ?private_token=). */
  | { kind: 'token'; token: string }
  /** HTTP Basic or an SSH password: a token (any username will do) or a human's own password. */
  | { kind: 'basic'; username: string; password: string }
  /** Web sign-in: a human's username or email and password. */
  | { kind: 'password'; login: string; password: string }
  /** An SSH public key; without a signature, the client's probe asking whether it would do. */
  | { kind: 'ssh_key'; blob: Buffer; signature?: SshKeySignature }
  /** A web session cookie (undefined when the browser sent none). */
  | { kind: 'session'; sessionId: string | undefined }
  /** What this SSH connection authenticated as, asked again before each of its commands. */
  | { kind: 'established'; principal: UserPrincipal }
  /** The container registry's notification, which carries the shared secret. */
  | { kind: 'registry_notification'; authorization: string | undefined };

interface Outcomes {
  none: Principal;
  unusable: never;
  token: TokenPrincipal;
  basic: UserPrincipal;
  password: UserPrincipal;
  /** Null for the probe: the key would do, nobody is signed in yet. */
  ssh_key: UserPrincipal | null;
  /** Null: not signed in (the page offers the sign-in form). */
  session: WebSession | null;
  established: UserPrincipal;
  registry_notification: 'registry';
}

export type Authenticated<C extends Credential> = Outcomes[C['kind']];

/**
 * What to do when a revoked token is presented, before the request fails as revoked: the adapter
 * passes services/tokens/detect-token-reuse.ts (a rotated-away token revokes its whole rotation chain).
 * Passed in, because auth/ imports no service.
 */
export type RevokedTokenCheck = (deps: Deps, tokenId: number, context: AuthContext) => Promise<void>;

/** Transports whose logins the failed-authentication ban guards (GitLab's: git, the registry, sign-in; not the API). */
const BANNED_ON: Record<AuthTransport, boolean> = { api: false, git_http: true, ssh: true, registry: true, web: true };

/**
 * How the ban treats a credential: `attempt` counts a failure (and a human's success forgets the
 * failures against their login), `check` only refuses a banned address (anonymous, the key probe:
 * never a failed login), `none` lets it through (sessions, re-checks, the registry's secret).
 */
function banTreatment(credential: Credential, transport: AuthTransport): { kind: 'attempt'; login: string | null } | { kind: 'check' | 'none' } {
  if (!BANNED_ON[transport]) return { kind: 'none' };
  switch (credential.kind) {
    case 'basic':
      return { kind: 'attempt', login: passwordLogin(credential.username, credential.password) };
    case 'password':
      return { kind: 'attempt', login: credential.login };
    case 'unusable':
      return { kind: 'attempt', login: null };
    case 'ssh_key':
      return credential.signature ? { kind: 'attempt', login: null } : { kind: 'check' };
    case 'none':
      return { kind: 'check' };
    case 'token':
    case 'session':
    case 'established':
    case 'registry_notification':
      return { kind: 'none' };
  }
}

function verify(deps: Deps, credential: Credential, context: AuthContext): Promise<unknown> {
  switch (credential.kind) {
    case 'none':
      return Promise.resolve(ANONYMOUS);
    case 'unusable':
      return Promise.reject(new AppError('unauthorized', 'Unauthorized'));
    case 'token':
      return authenticateToken(deps, credential.token, context);
    case 'basic':
      return authenticateBasic(deps, credential.username, credential.password, context);
    case 'password':
      return authenticatePassword(deps, credential.login, credential.password);
    case 'ssh_key':
      return authenticateSshKey(deps, credential);
    case 'session':
      return authenticateSession(deps, credential.sessionId);
    case 'established':
      return reconfirmPrincipal(deps, credential.principal, context);
    case 'registry_notification':
      return Promise.resolve(authenticateRegistryNotification(deps, credential.authorization));
  }
}

/**
 * THE entry of auth/, for every transport: the adapter calls it once per request (once per git
 * command on an SSH connection) with what the request presented. It refreshes the read cache
 * first, so this request and whatever it reads next see every change committed before it
 * arrived, on any node; then it verifies the credential under the failed-authentication ban.
 */
export async function authenticate<C extends Credential>(
  deps: Deps,
  credential: C,
  context: AuthContext,
  onRevokedToken: RevokedTokenCheck,
): Promise<Authenticated<C>> {
  // Counted once per authentication: not an SSH command's re-check, not the signature-less key probe.
  const counted = credential.kind !== 'established' && !(credential.kind === 'ssh_key' && !credential.signature);
  // A token of the wrong shape is refused before anything is read, the epochs included, and
  // without a `throw`: V8 works out where each thrown value came from (in optimized code, by
  // decoding the frame's deoptimization data), which cost this refusal several µs.
  if (credential.kind === 'token' && !hasValidTokenShape(credential.token)) {
    const refused = new AppError('unauthorized', 'Unauthorized');
    if (counted) deps.metrics.authentication(context.transport, failedAuthOutcome(refused));
    return Promise.reject(refused);
  }
  try {
    await deps.cachedReads.refresh();
    const ban = banTreatment(credential, context.transport);
    if (ban.kind === 'check') await assertNotBanned(deps, context.ip);
    const attempt = async () => {
      try {
        return (await verify(deps, credential, context)) as Authenticated<C>;
      } catch (error) {
        const revokedTokenId = revokedTokenIdOf(error);
        if (revokedTokenId !== null) await onRevokedToken(deps, revokedTokenId, context);
        throw error;
      }
    };
    const result = await (ban.kind === 'attempt' ? withFailedAuthBan(deps, context.ip, attempt, ban.login) : attempt());
    if (counted) deps.metrics.authentication(context.transport, credential.kind === 'none' || result === null ? 'anonymous' : 'success');
    return result;
  } catch (error) {
    if (counted) deps.metrics.authentication(context.transport, failedAuthOutcome(error));
    throw error;
  }
}
