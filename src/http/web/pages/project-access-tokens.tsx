import type { Paged } from '../../../db/pagination.ts';
import type { TokenRow } from '../../../db/schema.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { NewToken } from '../components/new-token.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { TokenForm, type TokenFormOptions, type TokenFormValues } from '../components/token-form.tsx';
import { ActiveTokens, InactiveTokens } from '../components/token-tables.tsx';
import { projectAccessTokensPath } from '../paths.ts';
import type { View } from '../web-context.ts';

const NOUN = 'project access token';

export interface TokensPageData {
  active: Paged<TokenRow>;
  inactive: Paged<TokenRow>;
  today: string;
  form: TokenFormOptions;
  values: TokenFormValues;
  error: string | null;
  /** A refusal that is not the form's (a failed revoke). */
  alert: string | null;
  newToken: string | null;
  notice: string | null;
}

/** Settings > Access Tokens: the new token once, the form, active and inactive tokens. */
export function ProjectAccessTokensPage({ view, context, data }: { view: View; context: ProjectContext; data: TokensPageData }) {
  const base = projectAccessTokensPath(context);
  const activity = (token: TokenRow) => `${base}/${token.id}/activity`;
  return (
    <Layout view={view} title={`Access Tokens · ${context.project.name}`}>
      <ProjectHeader context={context} current="access_tokens" trail="Access Tokens" />
      <hgroup>
        <h1>Project access tokens</h1>
        <p class="lead">
          Generate project access tokens scoped to this project for your applications that need access to the API. You can also use
          project access tokens with Git to authenticate over HTTP(S). Each token gets its own bot user, a member of this project only.
        </p>
      </hgroup>
      <Notice message={data.notice} />
      <FormError message={data.alert} id="page-error" />
      {data.newToken && <NewToken noun={NOUN} token={data.newToken} />}
      <ActiveTokens
        view={view}
        noun={NOUN}
        tokens={data.active}
        revokePath={(token) => `${base}/${token.id}/revoke`}
        rotatePath={(token) => `${base}/${token.id}/rotate`}
        showRole
        activityPath={activity}
        today={data.today}
        limitsPath={(token) => `${base}/${token.id}/limits`}
      />
      <TokenForm view={view} options={data.form} values={data.values} error={data.error} />
      <InactiveTokens noun={NOUN} tokens={data.inactive} today={data.today} activityPath={activity} />
    </Layout>
  );
}
