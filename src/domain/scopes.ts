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

export type Ability =
  | 'read_project'
  | 'download_code'
  | 'push_code'
  | 'read_container_image'
  | 'create_container_image'
  | 'admin_container_image';

const ABILITIES: Record<Scope, readonly Ability[]> = {
  api: [
    'read_project',
    'download_code',
    'push_code',
    'read_container_image',
    'create_container_image',
    'admin_container_image',
  ],
  read_api: ['read_project', 'download_code', 'read_container_image'],
  read_repository: ['download_code'],
  write_repository: ['download_code', 'push_code'],
  read_registry: ['read_container_image'],
  write_registry: ['create_container_image'],
  self_rotate: [],
  read_user: [],
};

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

/** The scopes that would grant an ability, for the `scope` field of an insufficient_scope error. */
export function scopesGranting(ability: Ability): Scope[] {
  return PROJECT_TOKEN_SCOPES.filter((scope) => ABILITIES[scope].includes(ability));
}
