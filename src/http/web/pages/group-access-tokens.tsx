import type { GroupContext } from '../../../services/groups/group-context.ts';
import { AccessTokenSections } from '../components/access-token-sections.tsx';
import { GroupHeader } from '../components/group-header.tsx';
import { Layout } from '../components/layout.tsx';
import { groupAccessTokensPath } from '../group-paths.ts';
import type { View } from '../web-context.ts';
import type { TokensPageData } from '../components/access-token-sections.tsx';

/** A group's Settings > Access Tokens (its Owners): the project page's parts, for a token whose bot reaches every project below the group. */
export function GroupAccessTokensPage({ view, context, data }: { view: View; context: GroupContext; data: TokensPageData }) {
  return (
    <Layout view={view} title={`Access Tokens · ${context.group.name}`}>
      <GroupHeader context={context} current="access_tokens" trail="Access Tokens" />
      <hgroup>
        <h1>Group access tokens</h1>
        <p class="lead">
          Generate group access tokens scoped to this group for your applications that need access to the API. You can also use group access tokens
          with Git to authenticate over HTTP(S). Each token gets its own bot user, a member of this group: it reaches every project of the group and its
          subgroups, and nothing else.
        </p>
      </hgroup>
      <AccessTokenSections view={view} base={groupAccessTokensPath(context.group)} noun="group access token" data={data} />
    </Layout>
  );
}
