import { fullPathOf } from '../../../domain/project-ref.ts';
import type { Paged } from '../../../db/pagination.ts';
import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/messages.tsx';
import { Pager } from '../components/pager.tsx';
import { Timestamp } from '../components/time.tsx';
import { projectPath } from '../paths.ts';
import type { View } from '../web-context.ts';

export function DashboardPage({ view, projects, notice }: { view: View; projects: Paged<ProjectWithNamespace>; notice: string | null }) {
  return (
    <Layout view={view} title="Projects">
      <div class="page-head">
        <hgroup>
          <h1>Projects</h1>
          <p class="lead">Projects you are a member of.</p>
        </hgroup>
        <a href="/projects/new" class="button-link">
          New project
        </a>
      </div>
      <Notice message={notice} />
      {projects.items.length === 0 ? (
        <article>
          <p>You are not a member of any project yet.</p>
          <a href="/projects/new">Create your first project</a>
        </article>
      ) : (
        <div class="overflow-auto">
          <table class="striped" id="projects">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Visibility</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {projects.items.map((item) => (
                <tr>
                  <td>
                    <a href={projectPath(item)}>
                      <strong>{item.project.name}</strong>
                    </a>
                    <br />
                    <small>{fullPathOf(item)}</small>
                    {item.project.description && (
                      <>
                        <br />
                        <small>{item.project.description}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <span class="badge">{item.project.visibility}</span>
                  </td>
                  <td>
                    <Timestamp at={item.project.last_activity_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={projects} path="/" label="Project pages" />
    </Layout>
  );
}
