import type { MemberWithUser } from '../../../db/repositories/members.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { MembersSections, type MembersPageData as SharedMembersPageData } from '../components/members-table.tsx';
import { Notice } from '../components/messages.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { projectMembersPath } from '../paths.ts';
import type { View } from '../web-context.ts';

export type MembersPageData = SharedMembersPageData<MemberWithUser>;

/** Settings > Members: everyone with their role; bots are marked and cannot be edited here. */
export function ProjectMembersPage({ view, context, data }: { view: View; context: ProjectContext; data: MembersPageData }) {
  return (
    <Layout view={view} title={`Members · ${context.project.name}`}>
      <ProjectHeader context={context} current="members" trail="Members" />
      <hgroup>
        <h1>Project members</h1>
        <p class="lead">People and bots with access to this project. A project access token's bot user is listed here; revoke the token to remove it.</p>
      </hgroup>
      <Notice message={data.notice} />
      <MembersSections view={view} base={projectMembersPath(context)} data={data} noun="project" />
    </Layout>
  );
}
