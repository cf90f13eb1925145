import { unauthorized } from '../domain/errors.ts';
import type { Principal, UserPrincipal } from '../domain/principal.ts';

/** Every use case that needs someone signed in: anonymous callers are `unauthorized`. */
export function requireUser(actor: Principal): UserPrincipal {
  if (actor.kind !== 'user') throw unauthorized();
  return actor;
}
