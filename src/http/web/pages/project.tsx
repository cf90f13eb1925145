import { accessLevelName } from '../../../domain/access-levels.ts';
import { fullPathOf } from '../../../domain/project-ref.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import type { RepositoryOverview } from '../../../services/repository/browse-repository-overview.ts';
import { EmptyRepository } from '../components/empty-repository.tsx';
import { LatestCommit } from '../components/repository-location.tsx';
import { ReadmeView, TreeListing } from '../components/tree-listing.tsx';
import { branchesPath } from '../paths.ts';
import { CopyField } from '../components/copy-field.tsx';
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/messages.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import type { View } from '../web-context.ts';

export interface ProjectUrls {
  httpUrl: string;
  sshUrl: string;
  /** The container registry path, when the project entity has one. */
  registryImagePrefix: string | null;
}

/** The repository part of the overview: the default branch's files and README, or how to push the first commit. */
function RepositorySummary({ repository, urls, context }: { repository: RepositoryOverview; urls: ProjectUrls; context: ProjectContext }) {
  switch (repository.state) {
    case 'no_code_access':
      return null;
    case 'empty':
      return <EmptyRepository httpUrl={urls.httpUrl} sshUrl={urls.sshUrl} branch={context.project.default_branch} directory={context.project.path} />;
    case 'no_default_branch':
      return (
        <p class="muted">
          The default branch <code>{context.project.default_branch}</code> does not exist. <a href={branchesPath(context)}>See the branches</a>.
        </p>
      );
    case 'ready':
      return (
        <section aria-label="Files">
          <LatestCommit project={context} commit={repository.tree.latest} />
          <TreeListing tree={repository.tree} />
          {repository.tree.readme && <ReadmeView tree={repository.tree} readme={repository.tree.readme} />}
        </section>
      );
    default: {
      const unknown: never = repository;
      throw new Error(`no overview for ${String(unknown)}`);
    }
  }
}

export function ProjectPage({
  view,
  context,
  urls,
  repository,
  notice,
}: {
  view: View;
  context: ProjectContext;
  urls: ProjectUrls;
  repository: RepositoryOverview;
  notice: string | null;
}) {
  const { project, facts } = context;
  return (
    <Layout view={view} title={project.name}>
      <ProjectHeader context={context} current="overview" />
      <Notice message={notice} />
      <div class="page-head">
        <hgroup>
          <h1>{project.name}</h1>
          <p class="lead">
            {fullPathOf(context)} <span class="badge">{project.visibility}</span>
            {facts.level > 0 && (
              <>
                {' '}
                <span class="badge">{`Your role: ${accessLevelName(facts.level)}`}</span>
              </>
            )}
          </p>
        </hgroup>
      </div>
      {project.description && <p>{project.description}</p>}
      <article aria-labelledby="clone-heading">
        <h2 id="clone-heading">Clone</h2>
        <CopyField id="clone-http" label="Clone with HTTP" value={urls.httpUrl} />
        <CopyField id="clone-ssh" label="Clone with SSH" value={urls.sshUrl} />
        {urls.registryImagePrefix && <CopyField id="registry-path" label="Container registry" value={urls.registryImagePrefix} />}
        <small class="muted">
          Default branch <code>{project.default_branch}</code>. A project access token works as the password over HTTP.
        </small>
      </article>
      <RepositorySummary repository={repository} urls={urls} context={context} />
      <dl class="facts">
        <dt>Created</dt>
        <dd>
          <Timestamp at={project.created_at} />
        </dd>
        <dt>Last activity</dt>
        <dd>
          <Timestamp at={project.last_activity_at} />
        </dd>
      </dl>
    </Layout>
  );
}
