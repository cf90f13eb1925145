import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { canReadProjectAccessTokens } from '../../../policies/token-policies.ts';
import { canDownloadCode } from '../../../policies/project-policies.ts';
import { canReadMergeRequests } from '../../../policies/merge-request-policies.ts';
import { canManageHooks } from '../../../policies/webhook-policies.ts';
import { Breadcrumb } from './breadcrumb.tsx';
import { groupChainCrumbs } from './group-crumbs.ts';
import { TabNav } from './tab-nav.tsx';
import { activityPath, branchesPath, commitsPath, hooksPath, mergeRequestsPath, projectAccessTokensPath, projectMembersPath, projectPath, releasesPath, tagsPath, treePath } from '../paths.ts';

export type ProjectTab = 'overview' | 'files' | 'commits' | 'branches' | 'tags' | 'releases' | 'merge_requests' | 'activity' | 'members' | 'access_tokens' | 'hooks';

/**
 * Breadcrumb and tabs of every project page. The code tabs show when the viewer may read the
 * code (the role may download code); Access Tokens for Maintainers and up.
 */
export function ProjectHeader({ context, current, trail }: { context: ProjectContext; current: ProjectTab; trail?: string }) {
  const base = projectPath(context);
  const branch = context.project.default_branch;
  const code: Array<{ tab: ProjectTab; href: string; label: string }> = canDownloadCode(context.facts)
    ? [
        { tab: 'files', href: treePath(context, branch), label: 'Files' },
        { tab: 'commits', href: commitsPath(context, branch), label: 'Commits' },
        { tab: 'branches', href: branchesPath(context), label: 'Branches' },
        { tab: 'tags', href: tagsPath(context), label: 'Tags' },
        { tab: 'releases', href: releasesPath(context), label: 'Releases' },
      ]
    : [];
  const tabs: Array<{ tab: ProjectTab; href: string; label: string }> = [
    { tab: 'overview', href: base, label: 'Overview' },
    ...code,
    ...(canReadMergeRequests(context.facts) ? [{ tab: 'merge_requests' as const, href: mergeRequestsPath(context), label: 'Merge requests' }] : []),
    { tab: 'activity', href: activityPath(context), label: 'Activity' },
    { tab: 'members', href: projectMembersPath(context), label: 'Members' },
    ...(canReadProjectAccessTokens(context.facts)
      ? [{ tab: 'access_tokens' as const, href: projectAccessTokensPath(context), label: 'Settings › Access Tokens' }]
      : []),
    // hooks-api
    ...(canManageHooks(context.facts) ? [{ tab: 'hooks' as const, href: hooksPath(context), label: 'Settings › Webhooks' }] : []),
  ];
  return (
    <>
      <Breadcrumb
        items={[
          { label: 'Projects', href: '/' },
          // A project in a group shows its whole group chain, each group linked.
          ...(context.namespace.kind === 'group' ? groupChainCrumbs(context.namespace.path) : [{ label: context.namespace.path }]),
          { label: context.project.name, href: base },
          ...(trail ? [{ label: trail }] : []),
        ]}
      />
      <TabNav label="Project" tabs={tabs} current={current} />
    </>
  );
}
