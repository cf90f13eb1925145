import type { Paged } from '../../../db/pagination.ts';
import type { TokenActivityRow, TokenRow } from '../../../db/schema.ts';
import { ACTIVITY_TRANSPORTS, type ActivityTransport } from '../../../domain/token-activity.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { PERSONAL_TOKENS_PATH, projectAccessTokensPath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface TokenActivityPageData {
  token: TokenRow;
  activity: Paged<TokenActivityRow>;
  transport: ActivityTransport | undefined;
}

const TRANSPORT_NAMES: Record<ActivityTransport, string> = { api: 'API', git_http: 'Git over HTTP', ssh: 'SSH', registry: 'Registry' };

/**
 * Settings > Access Tokens > a token's Activity (or, with no project, User settings > Personal
 * access tokens > a token's Activity): each use, newest first, filtered by transport.
 */
export function TokenActivityPage({ view, context, data }: { view: View; context: ProjectContext | null; data: TokenActivityPageData }) {
  const tokensPath = context ? projectAccessTokensPath(context) : PERSONAL_TOKENS_PATH;
  const path = `${tokensPath}/${data.token.id}/activity`;
  const query: Record<string, string> = data.transport ? { transport: data.transport } : {};
  return (
    <Layout view={view} title={`Activity of ${data.token.name} · ${context ? context.project.name : 'Personal access tokens'}`}>
      {context ? (
        <ProjectHeader context={context} current="access_tokens" trail="Access Tokens" />
      ) : (
        <Breadcrumb items={[{ label: 'User settings' }, { label: 'Personal access tokens', href: PERSONAL_TOKENS_PATH }, { label: 'Activity' }]} />
      )}
      <hgroup>
        <h1>Activity of {data.token.name}</h1>
        <p class="lead">Every use of this token, newest first: what it asked for, over which transport, the answer, and from where.</p>
      </hgroup>
      <nav aria-label="Transport">
        <ul>
          <li>{data.transport === undefined ? <strong>All</strong> : <a href={path}>All</a>}</li>
          {ACTIVITY_TRANSPORTS.map((transport) => (
            <li>{data.transport === transport ? <strong>{TRANSPORT_NAMES[transport]}</strong> : <a href={`${path}?transport=${transport}`}>{TRANSPORT_NAMES[transport]}</a>}</li>
          ))}
        </ul>
      </nav>
      {data.activity.items.length === 0 ? (
        <p class="empty">No activity recorded.</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped" id="token-activity">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Transport</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Address</th>
                <th scope="col">User agent</th>
              </tr>
            </thead>
            <tbody>
              {data.activity.items.map((row) => (
                <tr data-activity-id={String(row.id)}>
                  <td>
                    <Timestamp at={row.at} />
                  </td>
                  <td>{TRANSPORT_NAMES[row.transport as ActivityTransport] ?? row.transport}</td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>{String(row.status)}</td>
                  <td>{row.ip ?? ''}</td>
                  <td>
                    <small>{row.user_agent ?? ''}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={data.activity} path={path} label="Activity pages" query={query} />
      <p>
        <a href={tokensPath}>← Access tokens</a>
      </p>
    </Layout>
  );
}
