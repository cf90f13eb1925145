/**
 * GitLab's status rules for external pipelines, with no I/O: which state a job may move to from
 * which (its state machine), and the status of a pipeline composed from its latest jobs
 * (Gitlab::Ci::Status::Composite).
 */

/** The states a caller may post (POST /projects/:id/statuses/:sha). */
export const POSTABLE_STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const;
export type PostableState = (typeof POSTABLE_STATES)[number];

/** Every status a job or pipeline can have here (the `status` filter of the pipelines list). */
export const PIPELINE_STATUSES = ['created', 'pending', 'running', 'success', 'failed', 'canceled', 'skipped', 'manual'] as const;
export type CommitStatusState = (typeof PIPELINE_STATUSES)[number];

const FINISHED: readonly CommitStatusState[] = ['success', 'failed', 'canceled'];
export const isFinished = (state: CommitStatusState): boolean => FINISHED.includes(state);
export const isActive = (state: CommitStatusState): boolean => state === 'pending' || state === 'running';

/** The event GitLab fires for each posted state, and the states it leaves from. */
const EVENTS: Record<PostableState, { event: string; from: readonly CommitStatusState[] }> = {
  pending: { event: 'enqueue', from: ['created', 'skipped', 'manual'] },
  running: { event: 'run', from: ['pending'] },
  success: { event: 'success', from: ['created', 'pending', 'running'] },
  failed: { event: 'drop', from: ['created', 'pending', 'running', 'manual'] },
  canceled: { event: 'cancel', from: ['created', 'pending', 'running', 'manual'] },
  skipped: { event: 'skip', from: ['created', 'pending'] },
};

/**
 * The state a job of state `from` takes when `to` is posted, or GitLab's refusal, word for word
 * ("Cannot transition status via :run from :running ..."). `running` enqueues a new job first,
 * as GitLab does, so created → running passes through pending.
 */
export function transitionJob(from: CommitStatusState, to: PostableState): { ok: true } | { ok: false; message: string } {
  const start = to === 'running' && EVENTS.pending.from.includes(from) ? 'pending' : from;
  const { event, from: allowed } = EVENTS[to];
  if (allowed.includes(start)) return { ok: true };
  return { ok: false, message: `Cannot transition status via :${event} from :${start} (Reason(s): Status cannot transition via "${event}")` };
}

/** GitLab's composite status of a pipeline from its latest jobs; null when it has none. */
export function compositeStatus(jobs: readonly { status: CommitStatusState; allowFailure: boolean }[]): CommitStatusState | null {
  type Kind = CommitStatusState | 'success_with_warnings' | 'ignored';
  const kinds = new Set<Kind>(
    jobs.map(({ status, allowFailure }) =>
      allowFailure && (status === 'failed' || status === 'canceled') ? 'success_with_warnings' : allowFailure && status === 'manual' ? 'ignored' : status,
    ),
  );
  if (kinds.size === 0) return null;
  const onlyOf = (...names: Kind[]) => [...kinds].every((kind) => names.includes(kind));
  const anyOf = (...names: Kind[]) => names.some((name) => kinds.has(name));
  if (onlyOf('skipped', 'ignored')) return 'skipped';
  if (onlyOf('success', 'skipped', 'success_with_warnings', 'ignored')) return 'success';
  if (onlyOf('created', 'success_with_warnings', 'ignored')) return 'created';
  if (onlyOf('canceled', 'success', 'skipped', 'success_with_warnings', 'ignored')) return 'canceled';
  if (onlyOf('pending', 'created', 'skipped', 'success_with_warnings', 'ignored')) return 'pending';
  if (anyOf('running', 'pending')) return 'running';
  if (anyOf('manual')) return 'manual';
  if (anyOf('created')) return 'running';
  return 'failed';
}
