import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { insertWebhookDelivery } from '../../db/repositories/webhook-deliveries.ts';
import { findWebhookById, setWebhookFailureState } from '../../db/repositories/webhooks.ts';
import type { OutboxRow, WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { openSealedSecret } from '../../domain/secrets.ts';
import { GITLAB_VERSION } from '../../domain/version.ts';
import { afterHookFailure, disabledUntil, ENABLED_HOOK_STATE, isPermanentlyDisabled } from '../../domain/webhook-auto-disabling.ts';
import type { OutboxOutcome } from '../outbox/deliver-due-messages.ts';
import { postWebhook, type WebhookResponse } from './post-webhook.ts';
import type { HookTrigger, WebhookPayload } from './queue-hook-event.ts';

/** The wait before sending a failed event again: 1 minute, doubling per attempt, at most an hour. */
export function eventRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
/** An event not delivered within this long after it happened is given up (its attempts stay in the log). */
export const MAX_EVENT_AGE_MS = 3 * 24 * 3_600_000;

/** What one delivery attempt got, as the hook's test endpoint reports it. */
export interface WebhookDeliveryResult {
  /** The receiver answered 2xx. */
  ok: boolean;
  /** The HTTP status, or null when no response came. */
  status: number | null;
  /** Why no response came (SSRF refusal, DNS, connection, TLS, timeout), or null. */
  error: string | null;
  responseBody: string;
}

/** The delivery log's name for each subscription (GitLab's `trigger` of web_hook_logs). */
const LOG_TRIGGER: Record<HookTrigger, string> = {
  push_events: 'push_hooks',
  tag_push_events: 'tag_push_hooks',
  issues_events: 'issue_hooks',
  confidential_issues_events: 'confidential_issue_hooks',
  note_events: 'note_hooks',
  confidential_note_events: 'confidential_note_hooks',
  merge_requests_events: 'merge_request_hooks',
  job_events: 'job_hooks',
  pipeline_events: 'pipeline_hooks',
  wiki_page_events: 'wiki_page_hooks',
  deployment_events: 'deployment_hooks',
  releases_events: 'release_hooks',
  feature_flag_events: 'feature_flag_hooks',
  emoji_events: 'emoji_hooks',
  resource_access_token_events: 'resource_access_token_hooks',
  repository_update_events: 'repository_update_hooks',
};

/**
 * The outbox sender for kind `webhook`: one queued event to one hook. A deleted hook's event is
 * dropped, a permanently disabled hook's too (GitLab does not send to it); a temporarily disabled
 * hook's event waits until the hook may be sent to again. A failed send is retried with backoff
 * (never before the hook's own backoff ends) until the event is MAX_EVENT_AGE_MS old.
 */
export async function deliverWebhook(deps: Deps, message: OutboxRow): Promise<OutboxOutcome> {
  const hook = message.hook_id === null ? undefined : await findWebhookById(deps.db, message.hook_id);
  if (!hook) return { outcome: 'drop', error: 'the hook no longer exists' };
  if (isPermanentlyDisabled(hook)) return { outcome: 'drop', error: 'the hook is disabled' };
  const now = deps.clock.now();
  const tooOld = now.getTime() - Date.parse(message.created_at) > MAX_EVENT_AGE_MS;
  const waitUntil = disabledUntil(hook, now);
  if (waitUntil) {
    return tooOld ? { outcome: 'drop', error: 'not delivered in time: the hook stayed disabled' } : { outcome: 'retry', at: waitUntil, error: 'the hook is temporarily disabled' };
  }
  const payload = JSON.parse(message.payload) as WebhookPayload;
  const { result, hook: after } = await attempt(deps, hook, payload, message.uuid);
  if (result.ok) return { outcome: 'done' };
  const error = result.error ?? `HTTP ${result.status}`;
  if (tooOld || isPermanentlyDisabled(after)) return { outcome: 'drop', error: `given up: ${error}` };
  const retryAt = Math.max(deps.clock.now().getTime() + eventRetryDelayMs(message.attempts), Date.parse(after.disabled_until ?? '') || 0);
  return { outcome: 'retry', at: new Date(retryAt), error };
}

/**
 * Sends `payload` to `hook` now, whatever its auto-disabling state (the hook's test trigger): logged
 * like any delivery, and a success re-enables a disabled hook, as GitLab's test does.
 */
export async function sendWebhookNow(deps: Deps, hook: WebhookRow, payload: WebhookPayload): Promise<WebhookDeliveryResult> {
  return (await attempt(deps, hook, payload, randomUUID())).result;
}

async function attempt(deps: Deps, hook: WebhookRow, payload: WebhookPayload, eventUuid: string): Promise<{ result: WebhookDeliveryResult; hook: WebhookRow }> {
  const token = hook.token_encrypted ? openSealedSecret(deps.secret, hook.token_encrypted) : null;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': `GitLab/${GITLAB_VERSION}`,
    'Idempotency-Key': idempotencyKey(eventUuid, hook.id),
    'X-Gitlab-Event': payload.event,
    'X-Gitlab-Webhook-UUID': randomUUID(),
    'X-Gitlab-Instance': deps.config.externalUrl,
    'X-Gitlab-Event-UUID': eventUuid,
  };
  const body = JSON.stringify(payload.body);
  const started = performance.now();
  let response: WebhookResponse | null = null;
  let error: string | null = null;
  try {
    response = await postWebhook({
      url: hook.url,
      headers: token === null ? headers : { ...headers, 'X-Gitlab-Token': token },
      body,
      allowLocal: deps.config.allowLocalWebhooks,
      verifyTls: hook.enable_ssl_verification === 1,
    });
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  const duration = (performance.now() - started) / 1000;
  const now = deps.clock.now();
  await insertWebhookDelivery(deps.db, {
    hook_id: hook.id,
    uuid: eventUuid,
    trigger: LOG_TRIGGER[payload.trigger] ?? payload.trigger,
    url: hook.url,
    request_headers: JSON.stringify(token === null ? headers : { ...headers, 'X-Gitlab-Token': '[REDACTED]' }),
    request_data: body,
    response_status: response ? String(response.status) : 'internal error',
    response_headers: JSON.stringify(response?.headers ?? {}),
    response_body: response?.body ?? '',
    execution_duration: duration,
    internal_error_message: error,
    created_at: now.toISOString(),
  });
  const ok = response !== null && response.status >= 200 && response.status < 300;
  deps.metrics.webhookDelivery(ok ? 'success' : response ? 'http_error' : 'no_response');
  const after = await recordOutcome(deps, hook, ok, now);
  return { result: { ok, status: response?.status ?? null, error, responseBody: response?.body ?? '' }, hook: after };
}

/**
 * Counts the attempt in the hook's auto-disabling state. Deliveries to one hook run side by side
 * (on this node and others), so the change is made only if the state is still the one it was
 * computed from, and recomputed from the fresh state otherwise: each failure counts once.
 */
async function recordOutcome(deps: Deps, hook: WebhookRow, ok: boolean, now: Date): Promise<WebhookRow> {
  let current: WebhookRow | undefined = hook;
  for (let tries = 0; current && tries < 10; tries++) {
    const next = ok ? ENABLED_HOOK_STATE : afterHookFailure(current, now);
    const unchanged =
      !next ||
      (next.recent_failures === current.recent_failures && next.disabled_until === current.disabled_until && next.permanently_disabled === current.permanently_disabled);
    if (unchanged) return current;
    if (await setWebhookFailureState(deps.db, current.id, current, next, now.toISOString())) {
      deps.log.info({ hookId: current.id, action: ok ? 'enable' : 'backoff', ...next }, 'webhook auto-disabling state changed');
      return { ...current, ...next };
    }
    current = await findWebhookById(deps.db, hook.id);
  }
  return current ?? hook;
}

/** GitLab's Idempotency-Key: the same for every attempt of one event to one hook. */
function idempotencyKey(eventUuid: string, hookId: number): string {
  const hex = createHash('sha256').update(`${eventUuid}:${hookId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
