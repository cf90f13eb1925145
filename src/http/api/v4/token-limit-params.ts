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
