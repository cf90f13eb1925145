import type { UserPrincipal } from '../../domain/principal.ts';
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import type { Deps } from '../../deps.ts';
import { buildPushHookPayload, PUSH_HOOKS_LIMIT } from '../webhooks/push-hook-payload.ts';
import { queueHookEvent } from '../webhooks/queue-hook-event.ts';
import { commitTitle, countNewCommits, readRefs, type RefChange } from '../../git/refs.ts';

/** GitLab's cap: a push of more refs records only this many events. */
const MAX_EVENTS_PER_PUSH = 100;
const TITLE_LENGTH = 70;

function truncateTitle(title: string | null): string | null {
  if (title === null || title.length <= TITLE_LENGTH) return title;
  return `${title.slice(0, TITLE_LENGTH - 3)}...`;
}

async function pushData(repositoryDir: string, change: RefChange, excludedForNewRefs: string[]) {
  const tag = change.ref.startsWith('refs/tags/');
  const action = change.before === null ? 'created' : change.after === null ? 'removed' : 'pushed';
  // The count and the title are two independent git processes: run side by side, as the push's
  // reply waits for them.
  const excluded = change.before !== null ? [change.before] : excludedForNewRefs;
  const [commitCount, title] = await Promise.all([
    !tag && change.after !== null ? countNewCommits(repositoryDir, change.after, excluded) : 0,
    change.after === null ? null : commitTitle(repositoryDir, change.after),
  ]);
  return {
    commit_count: commitCount,
    action,
    ref_type: tag ? 'tag' : 'branch',
    commit_from: change.before,
    commit_to: change.after,
    ref: change.ref.replace(/^refs\/(heads|tags)\//, ''),
    commit_title: truncateTitle(title),
    ref_count: null,
  };
}

/**
 * One `pushed` event per branch or tag that changed, authored by the pusher: "pushed new" for a
 * new ref, "pushed to" for an update, "deleted" for a removal, with GitLab's push_data. A new
 * branch counts the commits no ref held before (the refs now, less the ones that changed, plus
 * what those held).
 */
export async function recordRefUpdates(
  deps: Deps,
  actor: UserPrincipal,
  input: { projectId: number; repositoryDir: string; changes: RefChange[] },
): Promise<number> {
  const changes = input.changes.filter((change) => change.before !== change.after).slice(0, MAX_EVENTS_PER_PUSH);
  if (changes.length === 0) return 0;
  // Only a new branch counts commits against the other refs: an update or a tag reads no refs.
  const createsBranch = changes.some((change) => change.before === null && change.after !== null && !change.ref.startsWith('refs/tags/'));
  let excludedForNewRefs: string[] = [];
  if (createsBranch) {
    const changed = new Set(changes.map((change) => change.ref));
    const now = await readRefs(input.repositoryDir);
    excludedForNewRefs = [...[...now].filter(([ref]) => !changed.has(ref)).map(([, sha]) => sha), ...changes.flatMap((change) => (change.before ? [change.before] : []))];
  }
  const rows: { change: RefChange; data: Awaited<ReturnType<typeof pushData>> }[] = [];
  for (const change of changes) rows.push({ change, data: await pushData(input.repositoryDir, change, excludedForNewRefs) });
  const now = deps.clock.now().toISOString();
  // GitLab's push_event_hooks_limit: a push of more refs fires no push hooks.
  const fireHooks = changes.length <= PUSH_HOOKS_LIMIT;
  await deps.db.transaction().execute(async (trx) => {
    for (const { change, data } of rows) {
      await insertEvent(trx, {
        project_id: input.projectId,
        author_id: actor.user.id,
        action_name: change.before === null ? 'pushed new' : change.after === null ? 'deleted' : 'pushed to',
        target_type: null,
        target_id: null,
        target_iid: null,
        target_title: null,
        data: JSON.stringify(data),
        created_at: now,
      });
      // Queued with the push event: a crash after the ref moved still delivers the hook.
      if (fireHooks) await queuePushHook(trx, deps, actor, input, change, data.commit_count, excludedForNewRefs);
    }
  });
  return rows.length;
}

async function queuePushHook(
  trx: Db,
  deps: Deps,
  actor: UserPrincipal,
  input: { projectId: number; repositoryDir: string },
  change: RefChange,
  totalCommits: number,
  excludedForNewRefs: string[],
): Promise<void> {
  const tag = change.ref.startsWith('refs/tags/');
  if (!tag && !change.ref.startsWith('refs/heads/')) return;
  await queueHookEvent(trx, deps, {
    projectId: input.projectId,
    trigger: tag ? 'tag_push_events' : 'push_events',
    event: tag ? 'Tag Push Hook' : 'Push Hook',
    ...(!tag && { branch: change.ref.slice('refs/heads/'.length) }),
    body: () =>
      buildPushHookPayload(trx, deps, {
        projectId: input.projectId,
        repositoryDir: input.repositoryDir,
        pusher: actor.user,
        change,
        totalCommits,
        excludedForNewRefs,
      }),
  });
}
