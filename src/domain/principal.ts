import type { Scope } from './scopes.ts';

export type UserType = 'human' | 'project_bot' | 'ghost';

export interface Actor {
  id: number;
  username: string;
  name: string;
  userType: UserType;
  isAdmin: boolean;
}

export interface TokenCredential {
  id: number;
  scopes: Scope[];
  /** Set for a project access token: the one project its bot belongs to. */
  projectId: number | null;
  /** Set for a group access token: the one group its bot belongs to. */
  groupId?: number | null;
  /** The addresses and CIDR ranges it may be used from (src/domain/ip-allowlist.ts); null: anywhere. */
  allowedIps: readonly string[] | null;
  /** The ref patterns (`refs/heads/renovate/*`) it may update; null: every ref. */
  allowedRefs: readonly string[] | null;
}

/**
 * Who is asking, as established by auth/ (or, for `cli`, by the latchkey command acting as an
 * admin). A password, session, SSH key or the CLI grants every ability; a token grants what its
 * scopes do.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: Actor; via: 'token'; token: TokenCredential }
  | { kind: 'user'; user: Actor; via: 'password' | 'session' | 'cli' }
  | { kind: 'user'; user: Actor; via: 'ssh_key'; keyId: number };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type TokenPrincipal = Extract<Principal, { via: 'token' }>;

export const ANONYMOUS: Principal = { kind: 'anonymous' };
