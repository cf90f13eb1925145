import { type DeniedAction, notPermitted } from '../../domain/errors.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import { isAncestor } from '../../git/ancestry.ts';
import type { RefChange } from '../../git/refs.ts';
import { decideBranchUpdate, decideTagUpdate, matchingRules, type Pusher, type RefKind, type RefRefusal } from '../../policies/protection-policies.ts';
import { refOutsideTokenScope } from '../../policies/token-ref-policies.ts';
import type { WritableRepository } from './repository-access.ts';

/** Where the ref updates come from: the messages differ (git prints GitLab's pre-receive wording). */
export type RefUpdateSource = 'api' | 'git';

/** Why the refs move: a push (or API write), or a merge request accepted into its target. */
export type RefUpdateIntent = 'push' | 'merge';

/**
 * A ref change, with whether it is a force push when the caller already knows (git's pre-receive
 * hook computes it where the pushed objects are visible); otherwise it is asked of the repository.
 */
export interface RefUpdate extends RefChange {
  forced?: boolean;
}

const GIT_MESSAGES: Record<RefRefusal, string> = {
  push_protected_branch: 'You are not allowed to push code to protected branches on this project.',
  create_protected_branch: 'You are not allowed to create protected branches on this project.',
  force_push_protected_branch: 'You are not allowed to force push code to a protected branch on this project.',
  delete_default_branch: 'The default branch of a project cannot be deleted.',
  delete_protected_branch_role:
    'You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.',
  delete_protected_branch_git: 'You can only delete protected branches using the web interface.',
  update_protected_tag: 'Protected tags cannot be updated.',
  delete_protected_tag_role:
    'You are not allowed to delete protected tags from this project. Only a project maintainer or owner can delete a protected tag.',
  delete_protected_tag_git: 'You can only delete protected tags using the web interface.',
  create_protected_tag: 'You are not allowed to create this tag as it is protected.',
};

/** The API's words differ only for a plain push (the files and commits APIs' "push into this branch"). */
const API_MESSAGES: Record<RefRefusal, string> = {
  ...GIT_MESSAGES,
  push_protected_branch: 'You are not allowed to push into this branch',
  create_protected_branch: 'You are not allowed to push into this branch',
};

function actionOf(refusal: RefRefusal): DeniedAction {
  switch (refusal) {
    case 'push_protected_branch':
    case 'create_protected_branch':
    case 'force_push_protected_branch':
      return 'push_protected_branch';
    case 'delete_default_branch':
    case 'delete_protected_branch_role':
    case 'delete_protected_branch_git':
      return 'delete_protected_branch';
    case 'update_protected_tag':
      return 'update_tag';
    case 'delete_protected_tag_role':
    case 'delete_protected_tag_git':
      return 'delete_protected_tag';
    case 'create_protected_tag':
      return 'create_protected_tag';
  }
}

/**
 * git reads a name `a/b` as `refs/a/b` before `refs/tags/a/b` and `refs/heads/a/b`: a ref outside
 * branches, tags and notes (and a note named like a protected branch or tag) would shadow what
 * every API read of that branch or tag sees, so no push may write one.
 */
export const OUTSIDE_REFS = 'You can only push branches, tags and notes.';

function shadowsProtectedRef(rules: { branches: readonly { name: string }[]; tags: readonly { name: string }[] }, ref: string): boolean {
  if (!ref.startsWith('refs/notes/')) return true;
  const name = ref.slice('refs/'.length);
  return matchingRules(rules.branches, name).length > 0 || matchingRules(rules.tags, name).length > 0;
}

const kindOf = (change: RefChange): RefKind => (change.before === null ? 'create' : change.after === null ? 'delete' : 'update');

async function forcedUpdate(repositoryDir: string, change: RefUpdate): Promise<boolean> {
  if (change.forced !== undefined) return change.forced;
  return !(await isAncestor(repositoryDir, change.before!, change.after!));
}

/**
 * The one decision on protected branches and tags, for git over HTTP and SSH and every API write
 * (the caller already holds Developer+ push rights): loads the project's rules once and throws
 * not_permitted (push_protected_branch, delete_protected_branch, create_protected_tag,
 * update_tag, delete_protected_tag) with GitLab's message for the first update it refuses; a ref
 * outside refs/heads, refs/tags and refs/notes is refused (push_code, OUTSIDE_REFS). A token
 * limited to some refs (allowed_refs) is refused first for any other ref, naming it
 * (update_ref_outside_token_scope), so the whole push or write fails before anything moves.
 */
export async function authorizeRefUpdates(
  deps: Deps,
  actor: UserPrincipal,
  repository: WritableRepository,
  changes: RefUpdate[],
  source: RefUpdateSource,
  intent: RefUpdateIntent = 'push',
): Promise<void> {
  const effective = changes.filter((change) => change.before !== change.after);
  if (effective.length === 0) return;
  const outsideScope = actor.via === 'token' ? refOutsideTokenScope(actor.token.allowedRefs, effective.map((change) => change.ref)) : null;
  if (outsideScope !== null) throw notPermitted('update_ref_outside_token_scope', `This token may not update ${outsideScope}`);
  const { project, facts } = repository.context;
  const found = await findProtectionRules(deps.db, project.id);
  // Accepting a merge request moves its target at the branch's merge level, not its push level.
  const rules = intent === 'merge' ? { ...found, branches: found.branches.map((rule) => ({ ...rule, pushAccessLevel: rule.mergeAccessLevel })) } : found;
  const pusher: Pusher = { level: facts.level, isAdmin: actor.user.isAdmin };
  const messages = source === 'git' ? GIT_MESSAGES : API_MESSAGES;
  for (const change of effective) {
    const kind = kindOf(change);
    let refusal: RefRefusal | null = null;
    if (change.ref.startsWith('refs/heads/')) {
      const branch = change.ref.slice('refs/heads/'.length);
      const protectedBranch = matchingRules(rules.branches, branch).length > 0;
      const forced = kind === 'update' && protectedBranch && (await forcedUpdate(repository.repositoryDir, change));
      refusal = decideBranchUpdate({ rules: rules.branches, branch, defaultBranch: project.default_branch, kind, forced, pusher, source });
    } else if (change.ref.startsWith('refs/tags/')) {
      refusal = decideTagUpdate({ rules: rules.tags, tag: change.ref.slice('refs/tags/'.length), kind, pusher, source });
    } else if (shadowsProtectedRef(rules, change.ref)) {
      throw notPermitted('push_code', OUTSIDE_REFS);
    }
    if (refusal !== null) throw notPermitted(actionOf(refusal), messages[refusal]);
  }
}
