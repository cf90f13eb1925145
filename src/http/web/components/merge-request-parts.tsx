import type { MergeRequestRow, PipelineRow, UserRow } from '../../../db/schema.ts';
import { isDraftTitle } from '../../../policies/merge-request-merge-policies.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { mergeRequestPath, treePath } from '../paths.ts';
import { TabNav } from './tab-nav.tsx';

/** What a merge request's state reads as (a locked one is being merged: still open to the reader). */
const STATE_LABELS: Record<MergeRequestRow['state'], string> = { opened: 'Open', locked: 'Open', merged: 'Merged', closed: 'Closed' };

export function StateBadge({ state }: { state: MergeRequestRow['state'] }) {
  return <span class={`badge mr-state mr-state-${state === 'locked' ? 'opened' : state}`}>{STATE_LABELS[state]}</span>;
}

export function DraftBadge({ title }: { title: string }) {
  return isDraftTitle(title) ? <span class="badge mr-draft">Draft</span> : null;
}

/** A pipeline's status as GitLab's badge words it. */
export function PipelineBadge({ pipeline }: { pipeline: PipelineRow | null | undefined }) {
  if (!pipeline) return null;
  return (
    <span class={`badge ci-status ci-${pipeline.status}`} title={`Pipeline #${pipeline.id} ${pipeline.status}`}>
      {`Pipeline ${pipeline.status}`}
    </span>
  );
}

/** A user by name, or the Ghost User GitLab shows for one who is gone. */
export function Person({ user }: { user: UserRow | undefined }) {
  if (!user) return <span class="muted">Ghost User</span>;
  return (
    <span class="mr-person" title={`@${user.username}`}>
      {user.name}
    </span>
  );
}

/** `source → target`, each a link to its files when the branch is there to show. */
export function BranchPair({ context, mr }: { context: ProjectContext; mr: MergeRequestRow }) {
  return (
    <span class="mr-branches">
      <a href={treePath(context, mr.source_branch)}>
        <code>{mr.source_branch}</code>
      </a>
      {' → '}
      <a href={treePath(context, mr.target_branch)}>
        <code>{mr.target_branch}</code>
      </a>
    </span>
  );
}

/** Only http and https targets become links (a job's target_url is whatever the CI sent). */
export function safeWebUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export type MergeRequestTab = 'overview' | 'commits' | 'diffs';

/** Title, state, branches and the Overview / Commits / Changes tabs of one merge request's pages. */
export function MergeRequestHead({ context, mr, author, current, counts }: { context: ProjectContext; mr: MergeRequestRow; author: UserRow | undefined; current: MergeRequestTab; counts?: { commits?: number; changes?: string | null } }) {
  const tabs: Array<{ tab: MergeRequestTab; label: string; href: string }> = [
    { tab: 'overview', label: 'Overview', href: mergeRequestPath(context, mr.iid) },
    { tab: 'commits', label: counts?.commits === undefined ? 'Commits' : `Commits ${counts.commits}`, href: mergeRequestPath(context, mr.iid, 'commits') },
    { tab: 'diffs', label: counts?.changes ? `Changes ${counts.changes}` : 'Changes', href: mergeRequestPath(context, mr.iid, 'diffs') },
  ];
  return (
    <>
      <hgroup class="mr-title">
        <h1>
          {mr.title} <small class="muted">{`!${mr.iid}`}</small>
        </h1>
        <p>
          <StateBadge state={mr.state} /> <DraftBadge title={mr.title} /> <Person user={author} /> requested to merge <BranchPair context={context} mr={mr} />
        </p>
      </hgroup>
      <TabNav label="Merge request" class="tabs mr-tabs" tabs={tabs} current={current} />
    </>
  );
}
