import type { Paged } from '../../../db/pagination.ts';
import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import type { NamespaceRow } from '../../../db/schema.ts';
import { groupPathOf, groupVisibility, type GroupContext } from '../../../services/groups/group-context.ts';
import { GroupHeader } from '../components/group-header.tsx';
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/messages.tsx';
import { groupPath, newProjectInGroupPath, newSubgroupPath } from '../group-paths.ts';
import { projectPath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface GroupPageData {
  subgroups: Paged<NamespaceRow>;
  projects: Paged<ProjectWithNamespace>;
  /** Whether the viewer may create a subgroup / a project here (group-policies.ts). */
  mayCreateSubgroup: boolean;
  mayCreateProject: boolean;
  notice: string | null;
}

/** A group's overview: what it is, its subgroups and its projects, as the viewer may see them. */
export function GroupPage({ view, context, data }: { view: View; context: GroupContext; data: GroupPageData }) {
  const { group } = context;
  return (
    <Layout view={view} title={group.name}>
      <GroupHeader context={context} current="overview" />
      <div class="page-head">
        <hgroup>
          <h1>
            {group.name} <span class="badge">{groupVisibility(group)}</span>
          </h1>
          <p class="lead">
            <code>{group.path}</code>
            {group.description && (
              <>
                <br />
                {group.description}
              </>
            )}
          </p>
        </hgroup>
        <div>
          {data.mayCreateSubgroup && (
            <a href={newSubgroupPath(group)} class="button-link secondary">
              New subgroup
            </a>
          )}{' '}
          {data.mayCreateProject && (
            <a href={newProjectInGroupPath(group)} class="button-link">
              New project
            </a>
          )}
        </div>
      </div>
      <Notice message={data.notice} />
      <section aria-labelledby="subgroups-heading">
        <h2 id="subgroups-heading">{`Subgroups (${data.subgroups.total})`}</h2>
        {data.subgroups.items.length === 0 ? (
          <p class="muted">No subgroups.</p>
        ) : (
          <ul id="subgroups">
            {data.subgroups.items.map((subgroup) => (
              <li>
                <a href={groupPath(subgroup)}>
                  <strong>{subgroup.name}</strong>
                </a>{' '}
                <small>{groupPathOf(subgroup)}</small> <span class="badge">{groupVisibility(subgroup)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="projects-heading">
        <h2 id="projects-heading">{`Projects (${data.projects.total})`}</h2>
        {data.projects.items.length === 0 ? (
          <p class="muted">No projects.</p>
        ) : (
          <ul id="projects">
            {data.projects.items.map((item) => (
              <li>
                <a href={projectPath(item)}>
                  <strong>{item.project.name}</strong>
                </a>{' '}
                <small>{item.project.path}</small> <span class="badge">{item.project.visibility}</span>
                {item.project.description && (
                  <>
                    <br />
                    <small>{item.project.description}</small>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
