import type { RegistryAccess } from '../../policies/registry-policies.ts';
import { parseRegistryScope } from '../../registry/registry-scope.ts';

/**
 * A registry token request as a token's activity: per requested repository, what was granted
 * (`registry pull,push group/project/image`, 200) and what was asked but not granted (403). A
 * request naming no scope is a sign-in (`docker login`): `registry login`.
 */
export function registryActivity(requested: readonly string[], granted: readonly RegistryAccess[]): { action: string; status: number }[] {
  const scopes = requested
    .flatMap((value) => value.split(/\s+/))
    .map((value) => parseRegistryScope(value))
    .filter((scope) => scope !== null);
  if (scopes.length === 0) return [{ action: 'registry login', status: 200 }];
  return scopes.flatMap((scope) => {
    const grant = granted.find((access) => access.type === scope.type && access.name === scope.name);
    const allowed = scope.actions.filter((action) => grant?.actions.includes(action) || grant?.actions.includes('*'));
    const refused = scope.actions.filter((action) => !allowed.includes(action));
    const name = scope.type === 'repository' ? scope.name : `${scope.type}:${scope.name}`;
    return [
      ...(allowed.length > 0 ? [{ action: `registry ${allowed.join(',')} ${name}`, status: 200 }] : []),
      ...(refused.length > 0 ? [{ action: `registry ${refused.join(',')} ${name}`, status: 403 }] : []),
    ];
  });
}
