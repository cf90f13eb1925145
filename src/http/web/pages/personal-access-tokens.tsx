import { Layout } from '../components/layout.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { NewToken } from '../components/new-token.tsx';
import { TokenForm } from '../components/token-form.tsx';
import { ActiveTokens, InactiveTokens } from '../components/token-tables.tsx';
import { PERSONAL_TOKENS_PATH } from '../paths.ts';
import type { TokenRow } from '../../../db/schema.ts';
import type { View } from '../web-context.ts';
import type { TokensPageData } from '../components/access-token-sections.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';

const NOUN = 'personal access token';

/** User settings > Personal access tokens: the same pattern as a project's. */
export function PersonalAccessTokensPage({ view, data }: { view: View; data: TokensPageData }) {
  const activity = (token: TokenRow) => `${PERSONAL_TOKENS_PATH}/${token.id}/activity`;
  return (
    <Layout view={view} title="Personal access tokens">
      <Breadcrumb items={[{ label: 'User settings' }, { label: 'Personal access tokens' }]} />
      <hgroup>
        <h1>Personal access tokens</h1>
        <p class="lead">
          You can generate a personal access token for each application you use that needs access to the Latchkey API. It acts as you, on
          every project you can reach.
        </p>
      </hgroup>
      <Notice message={data.notice} />
      <FormError message={data.alert} id="page-error" />
      {data.newToken && <NewToken noun={NOUN} token={data.newToken} />}
      <ActiveTokens
        view={view}
        noun={NOUN}
        tokens={data.active}
        revokePath={(token) => `${PERSONAL_TOKENS_PATH}/${token.id}/revoke`}
        rotatePath={(token) => `${PERSONAL_TOKENS_PATH}/${token.id}/rotate`}
        showRole={false}
        activityPath={activity}
        today={data.today}
      />
      <TokenForm view={view} options={data.form} values={data.values} error={data.error} />
      <InactiveTokens noun={NOUN} tokens={data.inactive} today={data.today} activityPath={activity} />
    </Layout>
  );
}
