import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { listHooksReachingGroup, listHooksReachingProject } from '../../db/repositories/webhooks.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { refPatternMatches } from '../../policies/protection-policies.ts';

/** The events a hook subscribes to, named as GitLab's hook fields. */
export const HOOK_TRIGGERS = [
  'push_events',
  'tag_push_events',
  'issues_events',
  'confidential_issues_events',
  'note_events',
  'confidential_note_events',
  'merge_requests_events',
  'job_events',
  'pipeline_events',
  'wiki_page_events',
  'deployment_events',
  'releases_events',
  'feature_flag_events',
  'emoji_events',
  'resource_access_token_events',
  'repository_update_events',
] as const;
export type HookTrigger = (typeof HOOK_TRIGGERS)[number];

/** What the outbox keeps for one webhook delivery; the sender adds the headers. */
export interface WebhookPayload {
  /** X-Gitlab-Event: `Push Hook`, `Tag Push Hook`, `Issue Hook`, `Note Hook`, `Merge Request Hook`, `Release Hook`, `Resource Access Token Hook`. */
  event: string;
  /** The subscription that fired it, as the delivery log names it (`push_hooks`, `issue_hooks`…). */
  trigger: HookTrigger;
  body: unknown;
}

/**
 * Where an event happened: in a project (its hooks and those of its group and the group's ancestors
 * receive it) or, for a group's own events (its access tokens), in a group (its hooks and its ancestors').
 */
export type HookEventSource = { projectId: number; groupId?: undefined } | { groupId: number; projectId?: undefined };

export type HookEvent = HookEventSource & {
  trigger: HookTrigger;
  event: WebhookPayload['event'];
  /**
   * The payload, or how to build it: a builder runs only when some hook subscribes, so a project
   * without hooks pays the one indexed read of its hooks and nothing more.
   */
  body: unknown | (() => Promise<unknown>);
  /** For push events: the branch pushed to, matched against each hook's branch filter. */
  branch?: string;
  /** The subscribed hooks when the caller read them already (subscribedHooks), to read what a payload needs only then. */
  hooks?: WebhookRow[];
};

/**
 * Queues one event for every hook that subscribes to it (the project's and its groups' hooks), in the caller's
 * transaction (so the event exists exactly when the change does); the outbox delivers it. One
 * X-Gitlab-Event-UUID per event, shared by its hooks. Returns how many deliveries it queued.
 */
export async function queueHookEvent(trx: Db, deps: Deps, event: HookEvent): Promise<number> {
  const hooks = event.hooks ?? (await subscribedHooks(trx, event));
  if (hooks.length === 0) return 0;
  const uuid = randomUUID();
  const body = typeof event.body === 'function' ? await (event.body as () => Promise<unknown>)() : event.body;
  const payload: WebhookPayload = { event: event.event, trigger: event.trigger, body };
  await enqueueOutbox(
    trx,
    hooks.map((hook) => ({ kind: 'webhook' as const, hookId: hook.id, uuid, payload })),
    deps.clock.now().toISOString(),
  );
  return hooks.length;
}

/**
 * The hooks that would receive this event, as the project sits now (a project moved out of a group
 * no longer reaches its hooks): one read. Each hook once, so an event reaches each hook exactly once.
 */
export async function subscribedHooks(trx: Db, event: HookEventSource & Pick<HookEvent, 'trigger' | 'branch'>): Promise<WebhookRow[]> {
  const hooks = event.projectId !== undefined ? await listHooksReachingProject(trx, event.projectId) : await listHooksReachingGroup(trx, event.groupId);
  return hooks.filter((hook) => subscribes(hook, event));
}

function subscribes(hook: WebhookRow, event: Pick<HookEvent, 'trigger' | 'branch'>): boolean {
  if (hook.permanently_disabled) return false;
  if (!(JSON.parse(hook.triggers) as string[]).includes(event.trigger)) return false;
  return event.branch === undefined || matchesBranchFilter(hook, event.branch);
}

/** GitLab's push_events_branch_filter: empty or `all_branches` matches every branch; `wildcard` is the protected-branch matcher. */
export function matchesBranchFilter(hook: Pick<WebhookRow, 'push_events_branch_filter' | 'branch_filter_strategy'>, branch: string): boolean {
  const filter = hook.push_events_branch_filter;
  if (hook.branch_filter_strategy === 'all_branches' || filter === null || filter === '') return true;
  if (hook.branch_filter_strategy === 'wildcard') return refPatternMatches(filter, branch);
  throw new Error(`branch filter strategy ${hook.branch_filter_strategy} has no matcher yet`);
}
