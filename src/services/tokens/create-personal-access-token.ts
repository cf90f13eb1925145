import { badRequest, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Scope } from '../../domain/scopes.ts';
import { insertToken } from '../../db/repositories/tokens.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canCreatePersonalAccessToken } from '../../policies/token-policies.ts';
import { checkedTokenLimits, type TokenLimitsInput } from './token-limit-rules.ts';
import { mintToken, resolveExpiry, tokenNameProblem } from './token-rules.ts';

export interface CreatePersonalAccessTokenInput {
  userId: number;
  name: string;
  description: string | null;
  scopes: Scope[];
  expiresAt: string | null;
  /** Addresses and CIDR ranges, ref patterns (token-limit-rules.ts); absent or empty: unrestricted. */
  limits?: TokenLimitsInput;
}

/**
 * A human's own token. Admins may create one for any human (the API), and so may the system (the
 * CLI, the test harness); a human for themself (web UI, or a session/password credential, never a
 * token minting tokens).
 */
export async function createPersonalAccessToken(
  deps: Deps,
  actor: Principal | 'system',
  input: CreatePersonalAccessTokenInput,
): Promise<{ token: TokenRow; plain: string }> {
  if (actor !== 'system' && !canCreatePersonalAccessToken(requireUser(actor), input.userId)) throw notPermitted('create_personal_access_token');
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === 'ghost') throw notFound('User');
  if (user.user_type !== 'human') throw badRequest('Personal access tokens are for humans; bots get project access tokens');
  const problem = tokenNameProblem(input.name, input.description);
  if (problem) throw badRequest(problem);
  if (input.scopes.length === 0) throw badRequest('Scopes can only contain available scopes');
  const expiresAt = resolveExpiry(deps, input.expiresAt);
  const limits = checkedTokenLimits(input.limits ?? {});
  const { plain, digest } = mintToken(deps);
  const token = await insertToken(deps.db, {
    user_id: user.id,
    project_id: null,
    name: input.name,
    description: input.description,
    digest,
    scopes: JSON.stringify([...new Set(input.scopes)]),
    access_level: null,
    expires_at: expiresAt,
    created_at: deps.clock.now().toISOString(),
    previous_personal_access_token_id: null,
    ...limits,
  });
  return { token, plain };
}
