import type { MergeRequestChanges } from '../../../services/merge-requests/read-merge-request-changes.ts';
import { CommitList } from '../components/commit-list.tsx';
import { Diff } from '../components/diff.tsx';
import { Layout } from '../components/layout.tsx';
import { MergeRequestHead, type MergeRequestTab } from '../components/merge-request-parts.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import type { View } from '../web-context.ts';

/** GET …/merge_requests/<iid>/commits and …/diffs: the merge request's commits, or its changes since the merge base. */
export function MergeRequestChangesPage({ view, changes, tab }: { view: View; changes: MergeRequestChanges; tab: Exclude<MergeRequestTab, 'overview'> }) {
  const { context, mergeRequest: mr, diff, commits, author } = changes;
  const counts = { commits: commits.length, changes: diff === null ? null : diff.overflow ? `${diff.files.length}+` : String(diff.files.length) };
  return (
    <Layout view={view} title={`${tab === 'diffs' ? 'Changes' : 'Commits'} · ${mr.title} (!${mr.iid}) · ${context.project.name}`}>
      <ProjectHeader context={context} current="merge_requests" trail={`!${mr.iid}`} />
      <MergeRequestHead context={context} mr={mr} author={author} current={tab} counts={counts} />
      {diff === null ? (
        <p class="muted">The commits of this merge request are no longer in the repository.</p>
      ) : tab === 'commits' ? (
        commits.length === 0 ? (
          <p class="muted">No commits.</p>
        ) : (
          <CommitList project={context} commits={commits.map(({ commit }) => commit)} />
        )
      ) : diff.files.length === 0 ? (
        <p class="muted">No changes.</p>
      ) : (
        <Diff project={context} files={diff.files} overflow={diff.overflow} oldRef={mr.base_sha} newRef={mr.head_sha!} />
      )}
    </Layout>
  );
}
