import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findHookDelivery, listRecentDeliveries } from '../../db/repositories/webhook-deliveries.ts';
import { pageOwnedHooks } from '../../db/repositories/webhooks.ts';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findHookOf, hookHolder, hookNotFound, type HookScope } from './hook-context.ts';

export async function listHooks(deps: Deps, actor: Principal, input: HookScope & { page: Page }): Promise<Paged<WebhookRow>> {
  const { owner } = await hookHolder(deps, actor, input);
  return pageOwnedHooks(deps.db, owner, input.page);
}

export async function getHook(deps: Deps, actor: Principal, input: HookScope & { hookId: number }): Promise<WebhookRow> {
  const { owner } = await hookHolder(deps, actor, input);
  return findHookOf(deps, owner, input.hookId);
}

/** How far back a hook's page shows its deliveries, as GitLab's "Recent events". */
export const RECENT_DELIVERY_DAYS = 7;
const RECENT_DELIVERY_LIMIT = 100;

/** A hook with its deliveries of the last seven days, newest first. */
export async function getHookWithRecentDeliveries(
  deps: Deps,
  actor: Principal,
  input: HookScope & { hookId: number },
): Promise<{ hook: WebhookRow; deliveries: WebhookDeliveryRow[] }> {
  const hook = await getHook(deps, actor, input);
  const since = new Date(deps.clock.now().getTime() - RECENT_DELIVERY_DAYS * 86_400_000).toISOString();
  return { hook, deliveries: await listRecentDeliveries(deps.db, hook.id, since, RECENT_DELIVERY_LIMIT) };
}

/** One delivery of a hook, with what was sent and what came back. */
export async function getHookDelivery(
  deps: Deps,
  actor: Principal,
  input: HookScope & { hookId: number; deliveryId: number },
): Promise<{ hook: WebhookRow; delivery: WebhookDeliveryRow }> {
  const hook = await getHook(deps, actor, input);
  const delivery = await findHookDelivery(deps.db, hook.id, input.deliveryId);
  if (!delivery) throw hookNotFound();
  return { hook, delivery };
}
