import { invalidParam } from '../../../domain/errors.ts';
import type { Params } from '../../params.ts';
import type { TokenLimitsInput } from '../../../services/tokens/token-limit-rules.ts';

/**
 * `allowed_ips` and `allowed_refs` as a JSON array, `allowed_ips[]=` form or query fields, or a
 * comma-separated string; an empty list lifts the limit, an absent field leaves it alone.
 */
export function tokenLimitParams(params: Params): TokenLimitsInput {
  return {
    allowedIps: params.stringArray('allowed_ips'),
    allowedRefs: params.stringArray('allowed_refs'),
  };
}

/** The limits of PUT /projects/:id/access_tokens/:token_id and its group twin: at least one is required. */
export function tokenLimitUpdateParams(params: Params): TokenLimitsInput {
  const limits = tokenLimitParams(params);
  if (limits.allowedIps === undefined && limits.allowedRefs === undefined) {
    throw invalidParam('allowed_ips, allowed_refs are missing, at least one parameter must be provided');
  }
  return limits;
}
