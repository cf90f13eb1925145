import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { AccessTokenSections, type TokensPageData } from '../components/access-token-sections.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { projectAccessTokensPath } from '../paths.ts';
import type { View } from '../web-context.ts';

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
