/** Token scopes and what each grants (docs/GITLAB-COMPATIBILITY.md, "Scopes and abilities"). */
export const PROJECT_TOKEN_SCOPES = [
  'api',
  'read_api',
  'read_repository',
  'write_repository',
  'read_registry',
  'write_registry',
  'self_rotate',
] as const;

export const PERSONAL_TOKEN_SCOPES = [...PROJECT_TOKEN_SCOPES, 'read_user'] as const;

export type Scope = (typeof PERSONAL_TOKEN_SCOPES)[number];

/**
 * What a credential may do, before its role is asked. Every gate asks for one: each API route
 * declares the ability it needs, git asks for download_code or push_code, the registry for the
 * container image abilities.
 */
export type Ability =
  | 'read_api' // any read (GET/HEAD) route of the API
  | 'write_api' // any route of the API that changes something
  | 'read_user' // the caller's own user: GET /user, GET /user/keys[/:key_id]
  | 'rotate_own_token' // POST /projects/:id/access_tokens/self/rotate
  | 'read_own_token' // GET /personal_access_tokens/self
  | 'revoke_own_token' // DELETE /personal_access_tokens/self
  | 'read_version' // GET /version
  | 'report_leaked_token' // POST /tokens/revoke: anyone, with or without a credential
  | 'download_code'
  | 'push_code'
  | 'read_container_image'
  | 'create_container_image'
  | 'admin_container_image';

/** Whatever its scopes, a token may read the instance's version, read or revoke itself, and report a leaked token. */
const EVERY_TOKEN: readonly Ability[] = ['read_version', 'read_own_token', 'revoke_own_token', 'report_leaked_token'];

/** Reading everything the API, git and the registry show. */
const READ: readonly Ability[] = ['read_api', 'read_user', 'download_code', 'read_container_image'];

/** The one scope → abilities table: every gate reads it, and so do the tests. */
const ABILITIES: Record<Scope, readonly Ability[]> = {
  api: [...READ, 'write_api', 'rotate_own_token', 'push_code', 'create_container_image', 'admin_container_image', ...EVERY_TOKEN],
  read_api: [...READ, ...EVERY_TOKEN],
  read_repository: ['download_code', ...EVERY_TOKEN],
  write_repository: ['download_code', 'push_code', ...EVERY_TOKEN],
  read_registry: ['read_container_image', ...EVERY_TOKEN],
  write_registry: ['create_container_image', ...EVERY_TOKEN],
  self_rotate: ['rotate_own_token', ...EVERY_TOKEN],
  read_user: ['read_user', ...EVERY_TOKEN],
};

/** No credential at all: reading what is public (the role gate then asks whether it is), and reporting a leaked token. */
const ANONYMOUS_ABILITIES: readonly Ability[] = ['read_api', 'download_code', 'read_container_image', 'report_leaked_token'];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (PERSONAL_TOKEN_SCOPES as readonly string[]).includes(value);
}

/** A token's stored `scopes` (a JSON array); anything unknown is dropped. */
export function parseScopes(stored: string): Scope[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter(isScope) : [];
}

export function scopesGrant(scopes: readonly Scope[], ability: Ability): boolean {
  return scopes.some((scope) => ABILITIES[scope].includes(ability));
}

export function anonymousMay(ability: Ability): boolean {
  return ANONYMOUS_ABILITIES.includes(ability);
}

/** The scopes that would grant an ability, for the `scope` field of an insufficient_scope error. */
export function scopesGranting(ability: Ability): Scope[] {
  return PERSONAL_TOKEN_SCOPES.filter((scope) => ABILITIES[scope].includes(ability));
}
