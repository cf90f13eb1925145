import type { ProjectTokenAlerts } from '../web-context.ts';

function when(daysLeft: number): string {
  if (daysLeft <= 0) return daysLeft === 0 ? 'expired today' : `expired ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  return daysLeft === 1 ? 'expires tomorrow' : `expires in ${daysLeft} days`;
}

/** The banner on a project's pages, for its Maintainers and up: access tokens about to expire or just expired. */
export function TokenExpiryBanner({ alerts }: { alerts: ProjectTokenAlerts | undefined }) {
  if (!alerts) return null;
  return (
    <section class="token-expiry-banner" role="alert" aria-label="Access tokens near their expiry">
      <p>
        <strong>{alerts.tokens.length === 1 ? 'A project access token needs attention:' : `${alerts.tokens.length} project access tokens need attention:`}</strong>
      </p>
      <ul>
        {alerts.tokens.map((token) => (
          <li data-token-id={String(token.id)}>
            <strong>{token.name}</strong> {when(token.daysLeft)} ({token.expiresAt})
          </li>
        ))}
      </ul>
      <p>
        <a href={alerts.accessTokensHref}>Rotate or replace them in Settings › Access Tokens</a>
      </p>
    </section>
  );
}
