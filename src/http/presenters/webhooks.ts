import { disabledUntil, hookAlertStatus } from '../../domain/webhook-auto-disabling.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { HookTrigger } from '../../services/webhooks/queue-hook-event.ts';
import { triggersOf } from '../../services/webhooks/hook-rules.ts';

/**
 * GitLab's ProjectHook entity, or its GroupHook entity for a group's hook (`group_id` instead of
 * `project_id`, and the group-only events, which Latchkey never sends). The token is write-only:
 * it is never part of any answer.
 */
export function presentHook(hook: WebhookRow, now: Date) {
  const triggers = triggersOf(hook);
  const on = (trigger: HookTrigger) => triggers.has(trigger);
  return {
    id: hook.id,
    url: hook.url,
    name: hook.name,
    description: hook.description,
    created_at: hook.created_at,
    push_events: on('push_events'),
    tag_push_events: on('tag_push_events'),
    merge_requests_events: on('merge_requests_events'),
    repository_update_events: on('repository_update_events'),
    enable_ssl_verification: hook.enable_ssl_verification === 1,
    alert_status: hookAlertStatus(hook, now),
    disabled_until: disabledUntil(hook, now)?.toISOString() ?? null,
    url_variables: [] as { key: string }[],
    push_events_branch_filter: hook.push_events_branch_filter,
    branch_filter_strategy: hook.branch_filter_strategy,
    // Custom templates and headers are not supported: GitLab's answer for a hook without them.
    custom_webhook_template: null,
    custom_headers: [] as { key: string }[],
    ...(hook.group_id === null
      ? { project_id: hook.project_id }
      : { group_id: hook.group_id, subgroup_events: false, member_events: false, project_events: false }),
    issues_events: on('issues_events'),
    confidential_issues_events: on('confidential_issues_events'),
    note_events: on('note_events'),
    confidential_note_events: on('confidential_note_events'),
    pipeline_events: on('pipeline_events'),
    wiki_page_events: on('wiki_page_events'),
    deployment_events: on('deployment_events'),
    feature_flag_events: on('feature_flag_events'),
    job_events: on('job_events'),
    releases_events: on('releases_events'),
    emoji_events: on('emoji_events'),
    resource_access_token_events: on('resource_access_token_events'),
  };
}
