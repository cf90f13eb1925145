import type { TokenRow } from '../../../db/schema.ts';
import { parseTokenLimit } from '../../../domain/token-limits.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';

/** A stored limit as a textarea shows it: one entry a line. */
export const limitLines = (stored: string | null): string => (parseTokenLimit(stored) ?? []).join('\n');

/** The two textareas of a token's limits (the create form and each token's edit form). */
export function TokenLimitFields({ idPrefix, allowedIps, allowedRefs }: { idPrefix: string; allowedIps: string; allowedRefs: string }) {
  return (
    <div class="grid-2">
      <div>
        <label for={`${idPrefix}-allowed-ips`}>
          Allowed IP addresses <span class="muted">(optional)</span>
        </label>
        <textarea id={`${idPrefix}-allowed-ips`} name="allowed_ips" rows={3} aria-describedby={`${idPrefix}-allowed-ips-help`} placeholder="203.0.113.7&#10;10.0.0.0/8">
          {allowedIps}
        </textarea>
        <small id={`${idPrefix}-allowed-ips-help`}>One IPv4 or IPv6 address or CIDR range a line, at most 32. Empty: usable from anywhere.</small>
      </div>
      <div>
        <label for={`${idPrefix}-allowed-refs`}>
          Allowed refs <span class="muted">(optional)</span>
        </label>
        <textarea id={`${idPrefix}-allowed-refs`} name="allowed_refs" rows={3} aria-describedby={`${idPrefix}-allowed-refs-help`} placeholder="refs/heads/renovate/*&#10;refs/tags/v*">
          {allowedRefs}
        </textarea>
        <small id={`${idPrefix}-allowed-refs-help`}>One full ref pattern a line (`*` matches anything), at most 32. Empty: may update any ref protection allows.</small>
      </div>
    </div>
  );
}

function LimitList({ stored, none }: { stored: string | null; none: string }) {
  const list = parseTokenLimit(stored);
  return list === null ? (
    <span class="muted">{none}</span>
  ) : (
    <span class="scope-list">
      {list.map((entry) => (
        <code>{entry}</code>
      ))}
    </span>
  );
}

/** A token's limits in its row, with a form to change them (posted through the same service as the API's PUT). */
export function TokenLimitsCell({ view, token, action }: { view: View; token: TokenRow; action: string }) {
  return (
    <td class="token-limits">
      <small>IPs:</small> <LimitList stored={token.allowed_ips} none="any" />
      <br />
      <small>Refs:</small> <LimitList stored={token.allowed_refs} none="any" />
      <details>
        <summary>Edit limits</summary>
        <form method="post" action={action}>
          <CsrfField view={view} />
          <TokenLimitFields idPrefix={`token-${token.id}`} allowedIps={limitLines(token.allowed_ips)} allowedRefs={limitLines(token.allowed_refs)} />
          <button type="submit" aria-label={`Save limits of ${token.name}`}>
            Save limits
          </button>
        </form>
      </details>
    </td>
  );
}
