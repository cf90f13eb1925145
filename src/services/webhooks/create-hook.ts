import type { Principal } from '../../domain/principal.ts';
import { sealSecret } from '../../domain/secrets.ts';
import { insertHook } from '../../db/repositories/webhooks.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { hookHolder, type HookScope } from './hook-context.ts';
import { checkBranchFilter, checkHookUrl, checkLength, DEFAULT_TRIGGERS, type HookSettings, mergeTriggers } from './hook-rules.ts';

/** Adds a webhook to a project (Maintainer+) or a group (Owner). The token is sealed under the instance secret and never comes back. */
export async function createHook(deps: Deps, actor: Principal, input: HookScope & { settings: HookSettings & { url: string } }): Promise<WebhookRow> {
  const { owner } = await hookHolder(deps, actor, input);
  const { settings } = input;
  const url = checkHookUrl(settings.url, deps.config.allowLocalWebhooks);
  const strategy = settings.branchFilterStrategy ?? 'wildcard';
  const filter = strategy === 'all_branches' ? null : checkBranchFilter(strategy, settings.pushEventsBranchFilter ?? null);
  checkLength('name', settings.name, 255);
  checkLength('description', settings.description, 2048);
  const now = deps.clock.now().toISOString();
  return insertHook(deps.db, {
    project_id: owner.kind === 'project' ? owner.id : null,
    group_id: owner.kind === 'group' ? owner.id : null,
    url,
    token_encrypted: settings.token ? sealSecret(deps.secret, settings.token) : null,
    name: settings.name || null,
    description: settings.description || null,
    triggers: mergeTriggers(DEFAULT_TRIGGERS, settings.triggers),
    push_events_branch_filter: filter,
    branch_filter_strategy: strategy,
    enable_ssl_verification: settings.enableSslVerification === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  });
}
