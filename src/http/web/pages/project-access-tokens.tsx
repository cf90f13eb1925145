import type { Paged } from '../../../db/pagination.ts';
import type { TokenRow } from '../../../db/schema.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { AccessTokenSections } from '../components/access-token-sections.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import type { TokenFormOptions, TokenFormValues } from '../components/token-form.tsx';
import { projectAccessTokensPath } from '../paths.ts';
import type { View } from '../web-context.ts';

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
      <AccessTokenSections view={view} base={projectAccessTokensPath(context)} noun="project access token" data={data} activity limits />
    </Layout>
  );
}
