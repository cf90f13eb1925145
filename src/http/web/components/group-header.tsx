import type { GroupContext } from '../../../services/groups/group-context.ts';
import { canReadGroupAccessTokens } from '../../../policies/token-policies.ts';
import { DASHBOARD_GROUPS_PATH, groupAccessTokensPath, groupMembersPath, groupPath } from '../group-paths.ts';
import { Breadcrumb } from './breadcrumb.tsx';
import { groupChainCrumbs } from './group-crumbs.ts';
import { TabNav } from './tab-nav.tsx';

export type GroupTab = 'overview' | 'members' | 'access_tokens';

/** Breadcrumb (the group chain) and tabs of every group page; Access Tokens for the group's Owners, as the API decides. */
export function GroupHeader({ context, current, trail }: { context: GroupContext; current: GroupTab; trail?: string }) {
  const { group } = context;
  const tabs: Array<{ tab: GroupTab; href: string; label: string }> = [
    { tab: 'overview', href: groupPath(group), label: 'Overview' },
    { tab: 'members', href: groupMembersPath(group), label: 'Members' },
    ...(canReadGroupAccessTokens(context.facts) ? [{ tab: 'access_tokens' as const, href: groupAccessTokensPath(group), label: 'Settings › Access Tokens' }] : []),
  ];
  return (
    <>
      <Breadcrumb items={[{ label: 'Groups', href: DASHBOARD_GROUPS_PATH }, ...groupChainCrumbs(group.path), ...(trail ? [{ label: trail }] : [])]} />
      <TabNav label="Group" tabs={tabs} current={current} />
    </>
  );
}
