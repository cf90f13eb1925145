import { accessLevelName } from '../../../domain/access-levels.ts';
import { parseScopes } from '../../../domain/scopes.ts';
import type { Paged } from '../../../db/pagination.ts';
import type { TokenRow } from '../../../db/schema.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';
import { TokenLimitsCell } from './token-limit-fields.tsx';
import { DateOnly, Timestamp } from './time.tsx';

function Scopes({ token }: { token: TokenRow }) {
  return (
    <span class="scope-list">
      {parseScopes(token.scopes).map((scope) => (
        <code>{scope}</code>
      ))}
    </span>
  );
}

function TokenName({ token }: { token: TokenRow }) {
  return (
    <>
      <strong>{token.name}</strong>
      {token.description && (
        <>
          <br />
          <small>{token.description}</small>
        </>
      )}
    </>
  );
}

/** The cells both tables start a row with. */
function NameAndScopesCells({ token }: { token: TokenRow }) {
  return (
    <>
      <td>
        <TokenName token={token} />
      </td>
      <td>
        <Scopes token={token} />
      </td>
    </>
  );
}

function CreatedAndLastUsedCells({ token }: { token: TokenRow }) {
  return (
    <>
      <td>
        <Timestamp at={token.created_at} dateOnly />
      </td>
      <td>
        <Timestamp at={token.last_used_at} dateOnly />
      </td>
    </>
  );
}

function More({ page }: { page: Paged<TokenRow> }) {
  const hidden = page.total - page.items.length;
  return hidden > 0 ? <p class="muted">{`…and ${hidden} more, not shown here (the API lists them all).`}</p> : null;
}

/** Active tokens with a Revoke button each (confirmed by the script when it runs). */
export function ActiveTokens({
  view,
  noun,
  tokens,
  revokePath,
  showRole,
  limitsPath,
}: {
  view: View;
  noun: string;
  tokens: Paged<TokenRow>;
  revokePath: (token: TokenRow) => string;
  showRole: boolean;
  /** token-limits: where each token's limits form posts; no column without it. */
  limitsPath?: (token: TokenRow) => string;
}) {
  const heading = `Active ${noun}s (${tokens.total})`;
  return (
    <section aria-labelledby="active-tokens-heading">
      <h2 id="active-tokens-heading">{heading}</h2>
      {tokens.items.length === 0 ? (
        <p class="empty">No active {noun}s.</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped" id="active-tokens">
            <thead>
              <tr>
                <th scope="col">Token name</th>
                <th scope="col">Scopes</th>
                {showRole && <th scope="col">Role</th>}
                {limitsPath && <th scope="col">Limits</th>}
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.items.map((token) => (
                <tr data-token-id={String(token.id)}>
                  <NameAndScopesCells token={token} />
                  {showRole && <td>{accessLevelName(token.access_level ?? 0)}</td>}
                  {limitsPath && <TokenLimitsCell view={view} token={token} action={limitsPath(token)} />}
                  <CreatedAndLastUsedCells token={token} />
                  <td>
                    <DateOnly date={token.expires_at} />
                  </td>
                  <td>
                    <form
                      method="post"
                      action={revokePath(token)}
                      data-confirm={`Are you sure you want to revoke the ${noun} "${token.name}"? This action cannot be undone. Any tools that rely on this access token will stop working.`}
                    >
                      <CsrfField view={view} />
                      <button type="submit" class="secondary outline" aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <More page={tokens} />
    </section>
  );
}

/** Revoked and expired tokens, for the record. */
export function InactiveTokens({ noun, tokens, today }: { noun: string; tokens: Paged<TokenRow>; today: string }) {
  const heading = `Inactive ${noun}s (${tokens.total})`;
  return (
    <section aria-labelledby="inactive-tokens-heading">
      <h2 id="inactive-tokens-heading">{heading}</h2>
      {tokens.items.length === 0 ? (
        <p class="empty">No revoked or expired {noun}s.</p>
      ) : (
        <div class="overflow-auto">
          <table id="inactive-tokens">
            <thead>
              <tr>
                <th scope="col">Token name</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.items.map((token) => (
                <tr data-token-id={String(token.id)}>
                  <NameAndScopesCells token={token} />
                  <CreatedAndLastUsedCells token={token} />
                  <td>
                    {token.revoked ? (
                      <span class="badge">Revoked</span>
                    ) : (
                      <>
                        <span class="badge">Expired</span> <DateOnly date={token.expires_at ?? today} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <More page={tokens} />
    </section>
  );
}
