import type { Principal } from '../../domain/principal.ts';
import { sealSecret } from '../../domain/secrets.ts';
import { updateHook as updateHookRow, type WebhookChanges } from '../../db/repositories/webhooks.ts';
import type { WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findHookOf, hookHolder, type HookScope } from './hook-context.ts';
import { checkBranchFilter, checkHookUrl, checkLength, type HookSettings, mergeTriggers, triggersOf } from './hook-rules.ts';

/**
 * Changes a hook (a project's Maintainers, a group's Owners); absent fields keep their value. As GitLab's, a new URL host drops
 * the stored token unless a token comes with it, so a secret is never sent to a host it was not
 * given for.
 */
export async function updateHook(
  deps: Deps,
  actor: Principal,
  input: HookScope & { hookId: number; settings: HookSettings },
): Promise<WebhookRow> {
  const { owner } = await hookHolder(deps, actor, input);
  const hook = await findHookOf(deps, owner, input.hookId);
  const { settings } = input;
  const changes: WebhookChanges = { updated_at: deps.clock.now().toISOString() };
  if (settings.url !== undefined) {
    changes.url = checkHookUrl(settings.url, deps.config.allowLocalWebhooks);
    if (new URL(changes.url).host !== new URL(hook.url).host && settings.token === undefined) changes.token_encrypted = null;
  }
  if (settings.token !== undefined) changes.token_encrypted = settings.token ? sealSecret(deps.secret, settings.token) : null;
  if (settings.name !== undefined) {
    checkLength('name', settings.name, 255);
    changes.name = settings.name || null;
  }
  if (settings.description !== undefined) {
    checkLength('description', settings.description, 2048);
    changes.description = settings.description || null;
  }
  if (settings.triggers !== undefined) changes.triggers = mergeTriggers(triggersOf(hook), settings.triggers);
  if (settings.branchFilterStrategy !== undefined || settings.pushEventsBranchFilter !== undefined) {
    const strategy = settings.branchFilterStrategy ?? hook.branch_filter_strategy;
    const filter = settings.pushEventsBranchFilter !== undefined ? settings.pushEventsBranchFilter : hook.push_events_branch_filter;
    changes.branch_filter_strategy = strategy;
    changes.push_events_branch_filter = strategy === 'all_branches' ? null : checkBranchFilter(strategy, filter);
  }
  if (settings.enableSslVerification !== undefined) changes.enable_ssl_verification = settings.enableSslVerification ? 1 : 0;
  return updateHookRow(deps.db, hook.id, changes);
}
