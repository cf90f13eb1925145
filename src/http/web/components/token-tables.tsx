import { accessLevelName } from '../../../domain/access-levels.ts';
import { MAX_GRACE_PERIOD_MINUTES } from '../../../domain/active-token.ts';
import { parseScopes } from '../../../domain/scopes.ts';
import { expiryBadge } from '../../../domain/token-expiry.ts';
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

/** The cells both tables start a row with (a link to the token's activity where it has a page). */
function NameAndScopesCells({ token, activityPath }: { token: TokenRow; activityPath?: ((token: TokenRow) => string) | undefined }) {
  return (
    <>
      <td>
        <TokenName token={token} />
        {activityPath && (
          <>
            <br />
            <small>
              <a href={activityPath(token)} aria-label={`Activity of ${token.name}`}>
                Activity
              </a>
            </small>
          </>
        )}
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

/**
 * A Rotate button with the old token's grace period (0: revoked at once); a token a rotation
 * already superseded says until when it works instead.
 */
function RotateForm({ view, token, action }: { view: View; token: TokenRow; action: string }) {
  if (token.active_until !== null) {
    return (
      <small class="grace">
        Works until <Timestamp at={token.active_until} />
      </small>
    );
  }
  return (
    <form method="post" action={action} class="rotate-token">
      <CsrfField view={view} />
      <label for={`token-${token.id}-grace`}>
        <small>Old token works for (minutes)</small>
      </label>
      <input
        id={`token-${token.id}-grace`}
        type="number"
        name="grace_period_minutes"
        min="0"
        max={String(MAX_GRACE_PERIOD_MINUTES)}
        step="1"
        value="0"
        aria-label={`Grace period for ${token.name}, in minutes`}
      />
      <button type="submit" class="secondary outline" aria-label={`Rotate ${token.name}`}>
        Rotate
      </button>
    </form>
  );
}

/** `Expires in 3 days` beside a token that expires within a week. */
function ExpiryBadge({ expiresAt, today }: { expiresAt: string | null; today: string }) {
  const badge = expiryBadge(expiresAt, today);
  return badge ? (
    <>
      {' '}
      <span class="badge expiry">{badge}</span>
    </>
  ) : null;
}

/** Active tokens with a Revoke button each (confirmed by the script when it runs), and Rotate where given. */
export function ActiveTokens({
  view,
  noun,
  tokens,
  revokePath,
  rotatePath,
  showRole,
  activityPath,
  today,
  limitsPath,
}: {
  view: View;
  noun: string;
  tokens: Paged<TokenRow>;
  revokePath: (token: TokenRow) => string;
  rotatePath?: (token: TokenRow) => string;
  showRole: boolean;
  activityPath?: (token: TokenRow) => string;
  /** The day's date (UTC), for the "Expires in N days" badge. */
  today: string;
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
                  <NameAndScopesCells token={token} activityPath={activityPath} />
                  {showRole && <td>{accessLevelName(token.access_level ?? 0)}</td>}
                  {limitsPath && <TokenLimitsCell view={view} token={token} action={limitsPath(token)} />}
                  <CreatedAndLastUsedCells token={token} />
                  <td>
                    <DateOnly date={token.expires_at} />
                    <ExpiryBadge expiresAt={token.expires_at} today={today} />
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
                    {rotatePath && <RotateForm view={view} token={token} action={rotatePath(token)} />}
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
export function InactiveTokens({
  noun,
  tokens,
  today,
  activityPath,
}: {
  noun: string;
  tokens: Paged<TokenRow>;
  today: string;
  activityPath?: (token: TokenRow) => string;
}) {
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
                  <NameAndScopesCells token={token} activityPath={activityPath} />
                  <CreatedAndLastUsedCells token={token} />
                  <td>
                    {token.revoked ? (
                      <span class="badge">Revoked</span>
                    ) : token.active_until !== null ? (
                      <>
                        <span class="badge">Superseded</span> <Timestamp at={token.active_until} />
                      </>
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
