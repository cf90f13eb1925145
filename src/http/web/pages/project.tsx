import { accessLevelName } from '../../../domain/access-levels.ts';
import { fullPathOf } from '../../../domain/project-ref.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
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

export function ProjectPage({ view, context, urls, notice }: { view: View; context: ProjectContext; urls: ProjectUrls; notice: string | null }) {
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
