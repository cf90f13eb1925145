import type { GitCommit } from '../../git/branches.ts';
import type { BranchView } from '../../services/repository/read-repository-branches.ts';

export function presentCommit(commit: GitCommit, projectWebUrl: string) {
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    title: commit.title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.committerName,
    committer_email: commit.committerEmail,
    committed_date: commit.committedDate,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl}/-/commit/${commit.id}`,
  };
}

/** GitLab's branch entity, with what the project's protection rules say of this branch for this caller. */
export function presentBranch(view: BranchView, baseUrl: string) {
  const projectWebUrl = `${baseUrl}/${view.projectPath}`;
  return {
    name: view.branch.name,
    commit: presentCommit(view.branch.commit, projectWebUrl),
    merged: view.merged,
    protected: view.protected,
    developers_can_push: view.developersCanPush,
    developers_can_merge: view.developersCanMerge,
    can_push: view.canPush,
    default: view.isDefault,
    web_url: `${projectWebUrl}/-/tree/${view.branch.name.split('/').map(encodeURIComponent).join('/')}`,
  };
}
