import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { diffCommits, type DiffResult } from '../../git/diff.ts';
import { logCommit, type LoggedCommit } from '../../git/log.ts';
import { refsContaining } from '../../git/ref-lists.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

export interface CommitChangesView {
  context: ProjectContext;
  logged: LoggedCommit;
  /** What the commit changed against its first parent (a root commit: against the empty tree), within DIFF_LIMITS. */
  diff: DiffResult;
  /** The branches, then the tags, whose history holds the commit. */
  refs: { type: 'branch' | 'tag'; name: string }[];
}

/** The web's commit page: one commit (`sha` may be a branch or a tag), its whole diff (with overflow) and the refs holding it. */
export async function readCommitChanges(deps: Deps, actor: Principal, input: { project: ProjectRef; sha: string }): Promise<CommitChangesView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const dir = repository.repositoryDir;
  const commitId = await findCommitId(dir, input.sha);
  const logged = await logCommit(dir, commitId);
  if (logged === null) throw notFound('Commit');
  const [diff, refs] = await Promise.all([diffCommits(dir, logged.commit.parentIds[0] ?? null, commitId), refsContaining(dir, commitId, 'all')]);
  return { context: repository.context, logged, diff, refs };
}
