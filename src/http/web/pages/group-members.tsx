import type { GroupMemberWithUser } from '../../../db/repositories/group-members.ts';
import type { GroupContext } from '../../../services/groups/group-context.ts';
import { GroupHeader } from '../components/group-header.tsx';
import { Layout } from '../components/layout.tsx';
import { MembersSections, type MembersPageData } from '../components/members-table.tsx';
import { Notice } from '../components/messages.tsx';
import { groupMembersPath, groupPath } from '../group-paths.ts';
import type { View } from '../web-context.ts';

export interface GroupMembersPageData extends MembersPageData<GroupMemberWithUser> {
  /** The full path of each group a listed membership comes from (this group and its ancestors). */
  sources: Map<number, string>;
}

/** A group's Members: direct members and those inherited from its ancestors, each with where the membership comes from. */
export function GroupMembersPage({ view, context, data }: { view: View; context: GroupContext; data: GroupMembersPageData }) {
  const source = ({ member }: GroupMemberWithUser) => {
    if (member.group_id === context.group.id) return 'Direct member';
    const fullPath = data.sources.get(member.group_id) ?? '';
    return (
      <>
        Inherited from <a href={groupPath(fullPath)}>{fullPath}</a>
      </>
    );
  };
  return (
    <Layout view={view} title={`Members · ${context.group.name}`}>
      <GroupHeader context={context} current="members" trail="Members" />
      <hgroup>
        <h1>Group members</h1>
        <p class="lead">
          People with access to this group, its subgroups and every project in them. Members of a parent group are inherited; change them in that group. A
          group access token's bot user is listed here; revoke the token to remove it.
        </p>
      </hgroup>
      <Notice message={data.notice} />
      <MembersSections view={view} base={groupMembersPath(context.group)} data={data} noun="group" source={source} />
    </Layout>
  );
}
