import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Scope } from '../domain/scopes.ts';

/**
 * The API route gate: `api` opens every route, `read_api` every GET/HEAD route; some routes also
 * accept other scopes (e.g. `read_user` for GET /user, `self_rotate` for self-rotation).
 */
export function requireApiScope(principal: Principal, method: string, alsoAccepted: readonly Scope[] = []): void {
  if (principal.kind === 'anonymous' || principal.via !== 'token') return;
  const scopes = principal.token.scopes;
  const reading = method === 'GET' || method === 'HEAD';
  if (scopes.includes('api')) return;
  if (reading && scopes.includes('read_api')) return;
  if (alsoAccepted.some((scope) => scopes.includes(scope))) return;
  const wouldDo: Scope[] = reading ? ['api', 'read_api'] : ['api'];
  throw new AppError('insufficient_scope', 'Insufficient scope', {
    scopes: [...wouldDo, ...alsoAccepted.filter((s) => !wouldDo.includes(s))],
  });
}
