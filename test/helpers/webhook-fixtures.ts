import type { WebhookRow } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { sealSecret } from '../../src/domain/secrets.ts';
import { deliverDueMessages } from '../../src/services/outbox/deliver-due-messages.ts';
import { mailSender } from '../../src/services/notices/send-mail.ts';
import { deliverWebhook } from '../../src/services/webhooks/deliver-webhook.ts';
import { queueHookEvent, type HookEvent, type HookTrigger } from '../../src/services/webhooks/queue-hook-event.ts';

// Hooks and events straight into the database, for the delivery tests (the hooks API and the
// events that queue deliveries are tested through their routes elsewhere).

export const SENDERS = { webhook: deliverWebhook, email: mailSender(null) };

/** A hook on `projectId`, subscribed to `triggers`, with a sealed token when given. */
export async function insertHook(
  deps: Deps,
  projectId: number,
  url: string,
  options: { token?: string; triggers?: HookTrigger[]; enableSslVerification?: boolean } = {},
): Promise<WebhookRow> {
  const now = deps.clock.now().toISOString();
  return deps.db
    .insertInto('webhooks')
    .values({
      project_id: projectId,
      url,
      token_encrypted: options.token === undefined ? null : sealSecret(deps.secret, options.token),
      name: null,
      description: null,
      triggers: JSON.stringify(options.triggers ?? ['issues_events']),
      push_events_branch_filter: null,
      branch_filter_strategy: 'wildcard',
      enable_ssl_verification: options.enableSslVerification === false ? 0 : 1,
      recent_failures: 0,
      backoff_count: 0,
      disabled_until: null,
      permanently_disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Queues an Issue Hook event (or the given one) for the project's hooks, in its own transaction. */
export async function queueEvent(deps: Deps, projectId: number, event: Partial<Omit<HookEvent, 'projectId' | 'groupId'>> = {}): Promise<number> {
  return deps.db.transaction().execute((trx) =>
    queueHookEvent(trx, deps, {
      projectId,
      trigger: 'issues_events',
      event: 'Issue Hook',
      body: { object_kind: 'issue', object_attributes: { title: 'A webhook test' } },
      ...event,
    }),
  );
}

/** One pass of the outbox on this node, as the delivery loop makes it. */
export async function deliverNow(deps: Deps): Promise<number> {
  return deliverDueMessages(deps, SENDERS, { node: 'test-node', limit: 50, concurrency: 4 });
}
