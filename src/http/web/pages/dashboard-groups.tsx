import type { Paged } from '../../../db/pagination.ts';
import type { NamespaceRow } from '../../../db/schema.ts';
import { groupVisibility } from '../../../services/groups/group-context.ts';
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/messages.tsx';
import { Pager } from '../components/pager.tsx';
import { DASHBOARD_GROUPS_PATH, NEW_GROUP_PATH, groupPath } from '../group-paths.ts';
import type { View } from '../web-context.ts';

/** Your groups: the groups (and subgroups) you are a member of, as `GET /groups` lists them. */
export function DashboardGroupsPage({ view, groups, fullNames, notice }: { view: View; groups: Paged<NamespaceRow>; fullNames: Map<number, string>; notice: string | null }) {
  return (
    <Layout view={view} title="Groups">
      <div class="page-head">
        <hgroup>
          <h1>Groups</h1>
          <p class="lead">Groups you are a member of.</p>
        </hgroup>
        <a href={NEW_GROUP_PATH} class="button-link">
          New group
        </a>
      </div>
      <Notice message={notice} />
      {groups.items.length === 0 ? (
        <article>
          <p>You are not a member of any group yet.</p>
          <a href={NEW_GROUP_PATH}>Create your first group</a>
        </article>
      ) : (
        <div class="overflow-auto">
          <table class="striped" id="groups">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Visibility</th>
              </tr>
            </thead>
            <tbody>
              {groups.items.map((group) => (
                <tr>
                  <td>
                    <a href={groupPath(group)}>
                      <strong>{fullNames.get(group.id) ?? group.name}</strong>
                    </a>
                    <br />
                    <small>{group.path}</small>
                    {group.description && (
                      <>
                        <br />
                        <small>{group.description}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <span class="badge">{groupVisibility(group)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={groups} path={DASHBOARD_GROUPS_PATH} label="Group pages" />
    </Layout>
  );
}
