import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RegistryAccess } from '../policies/registry-policies.ts';
import type { RegistrySigningKey } from './signing-key.ts';

/** The `service` Distribution names in its token requests (its `auth.token.service`) and the JWT audience. */
export const REGISTRY_SERVICE = 'container_registry';
/** The JWT issuer; Distribution's `auth.token.issuer` must say the same. */
export const REGISTRY_ISSUER = 'latchkey-issuer';
export const REGISTRY_TOKEN_LIFETIME_SECONDS = 5 * 60;

/**
 * A registry bearer token as GitLab issues it: RS256, the libtrust `kid`, `aud` a single string,
 * `nbf` five seconds before `iat` (clock skew), five minutes of life.
 */
export function signRegistryToken(
  key: RegistrySigningKey,
  claims: { subject: string | null; access: readonly RegistryAccess[]; now: Date },
): Promise<string> {
  const iat = Math.floor(claims.now.getTime() / 1000);
  const jwt = new SignJWT({ access: claims.access.map((a) => ({ type: a.type, name: a.name, actions: [...a.actions] })) })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(REGISTRY_ISSUER)
    .setAudience(REGISTRY_SERVICE)
    .setIssuedAt(iat)
    .setNotBefore(iat - 5)
    .setExpirationTime(iat + REGISTRY_TOKEN_LIFETIME_SECONDS)
    .setJti(randomUUID());
  if (claims.subject !== null) jwt.setSubject(claims.subject);
  return jwt.sign(key.privateKey);
}
