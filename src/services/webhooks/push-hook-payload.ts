import type { Db } from '../../db/database.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import type { GitCommit } from '../../git/branches.ts';
import { changedPathsOf } from '../../git/changed-paths.ts';
import { logCommits } from '../../git/log.ts';
import type { RefChange } from '../../git/refs.ts';
import { readTag } from '../../git/tags.ts';
import { refPatternMatches } from '../../policies/protection-policies.ts';
import { hookCommitAttrs, hookProjectAttrs, hookPushRepositoryAttrs, loadHookProject, REDACTED_EMAIL, type HookUser } from './hook-parts.ts';

/** GitLab's push_event_hooks_limit (default 3): a push of more refs fires no push or tag push hooks. */
export const PUSH_HOOKS_LIMIT = 3;
/** GitLab's push hooks carry at most this many commits, the newest, oldest first. */
export const PUSH_HOOK_COMMITS = 20;
const BLANK_SHA = '0000000000000000000000000000000000000000';

export interface PushHookInput {
  projectId: number;
  repositoryDir: string;
  pusher: HookUser;
  change: RefChange;
  /** The commits this change brought (the push event's commit_count). */
  totalCommits: number;
  /** What a new branch's commits are counted against (the other refs, as the push event counts). */
  excludedForNewRefs: string[];
}

/**
 * GitLab's Push Hook or Tag Push Hook body for one ref of a push (Gitlab::DataBuilder::Push).
 * Reads at most PUSH_HOOK_COMMITS commits and their paths from git: two bounded git processes.
 */
export async function buildPushHookPayload(trx: Db, deps: Deps, input: PushHookInput): Promise<unknown> {
  const { change, repositoryDir } = input;
  const tag = change.ref.startsWith('refs/tags/');
  const name = change.ref.replace(/^refs\/(heads|tags)\//, '');
  const [project, rules] = await Promise.all([loadHookProject(trx, deps.config, input.projectId), findProtectionRules(trx, input.projectId)]);
  const patterns = tag ? rules.tags.map((rule) => rule.name) : rules.branches.map((rule) => rule.name);

  let checkoutSha: string | null = change.after;
  let message: string | null = null;
  let newestLast: GitCommit[] = [];
  let total = input.totalCommits;
  if (tag && change.after !== null) {
    // GitLab's tag push carries the tagged commit and the tag's message.
    const found = await readTag(repositoryDir, name);
    checkoutSha = found?.commit?.id ?? change.after;
    message = found?.message || null;
    newestLast = found?.commit ? [found.commit] : [];
    total = newestLast.length;
  } else if (change.after !== null) {
    const excluded = change.before !== null ? [change.before] : input.excludedForNewRefs;
    const logged = await logCommits(repositoryDir, { revisions: [change.after, ...[...new Set(excluded)].map((sha) => `^${sha}`)], limit: PUSH_HOOK_COMMITS });
    newestLast = logged.map((entry) => entry.commit).reverse();
  }
  const paths = await changedPathsOf(repositoryDir, newestLast.map((commit) => commit.id));
  const commits = newestLast.map((commit) => ({ ...hookCommitAttrs(project, commit), ...paths.get(commit.id)! }));
  const projectAttrs = hookProjectAttrs(project);
  return {
    object_kind: tag ? 'tag_push' : 'push',
    event_name: tag ? 'tag_push' : 'push',
    before: change.before ?? BLANK_SHA,
    after: change.after ?? BLANK_SHA,
    ref: change.ref,
    ref_protected: patterns.some((pattern) => refPatternMatches(pattern, name)),
    checkout_sha: checkoutSha,
    message,
    user_id: input.pusher.id,
    user_name: input.pusher.name,
    user_username: input.pusher.username,
    user_email: REDACTED_EMAIL,
    user_avatar: null,
    project_id: input.projectId,
    project: projectAttrs,
    commits,
    total_commits_count: change.after === null ? 0 : total,
    push_options: {},
    repository: hookPushRepositoryAttrs(projectAttrs),
  };
}
