import { fieldErrors, invalidParam, rejected } from '../../domain/errors.ts';
import { isLocalHost } from '../../domain/ip-address.ts';
import type { WebhookRow } from '../../db/schema.ts';
import { HOOK_TRIGGERS, type HookTrigger } from './queue-hook-event.ts';

export const BRANCH_FILTER_STRATEGIES = ['wildcard', 'regex', 'all_branches'] as const;
export type BranchFilterStrategy = (typeof BRANCH_FILTER_STRATEGIES)[number];

/** What a create or an update may set; absent fields keep their value (or GitLab's default on create). */
export interface HookSettings {
  url?: string;
  /** The secret sent as X-Gitlab-Token; `null` or empty clears it. */
  token?: string | null;
  name?: string | null;
  description?: string | null;
  triggers?: Partial<Record<HookTrigger, boolean>>;
  pushEventsBranchFilter?: string | null;
  branchFilterStrategy?: BranchFilterStrategy;
  enableSslVerification?: boolean;
}

/** GitLab's defaults: push events only, certificates verified. */
export const DEFAULT_TRIGGERS: readonly HookTrigger[] = ['push_events'];

export function triggersOf(hook: Pick<WebhookRow, 'triggers'>): Set<HookTrigger> {
  return new Set((JSON.parse(hook.triggers) as string[]).filter((name): name is HookTrigger => (HOOK_TRIGGERS as readonly string[]).includes(name)));
}

/** The enabled triggers after applying `changes` to `current`, in HOOK_TRIGGERS order, as the row keeps them. */
export function mergeTriggers(current: Iterable<HookTrigger>, changes: HookSettings['triggers'] = {}): string {
  const enabled = new Set(current);
  for (const [trigger, on] of Object.entries(changes) as [HookTrigger, boolean | undefined][]) {
    if (on === true) enabled.add(trigger);
    if (on === false) enabled.delete(trigger);
  }
  return JSON.stringify(HOOK_TRIGGERS.filter((trigger) => enabled.has(trigger)));
}

/**
 * GitLab's hook URL rules: an absolute http(s) URL, and (unless local webhooks are allowed) not
 * to this machine or a private network by its own host. The delivery checks the resolved address
 * again every time. GitLab's API answers any invalid URL with 422 "Invalid url given".
 */
export function checkHookUrl(url: string, allowLocal: boolean): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalidUrl();
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') throw invalidUrl();
  if (!allowLocal && isLocalHost(parsed.hostname)) throw invalidUrl();
  return trimmed;
}

/** Grape's `error!("Invalid url given", 422)`: `{"error": "Invalid url given"}`. */
const invalidUrl = () => rejected('Invalid url given', 422, 'error');

/**
 * The branch filter for a strategy. `wildcard` takes a branch name in which `*` matches anything
 * (GitLab's rule: with `*` replaced it must be a valid branch name); `all_branches` ignores it.
 * `regex` is refused: JavaScript's RegExp on a user's pattern can take exponential time on the
 * push path, and Latchkey has no linear-time engine yet.
 */
export function checkBranchFilter(strategy: BranchFilterStrategy, filter: string | null): string | null {
  if (strategy === 'regex') throw invalidParam('branch_filter_strategy regex is not supported by this server; use wildcard or all_branches');
  if (filter === null || filter === '') return null;
  if (filter.length > 4000 || !validBranchName(filter.replaceAll('*', 'x'))) throw rejected('Invalid branch filter given', 422, 'error');
  return filter;
}

/** git check-ref-format's rules for a branch name, as GitLab's BranchFilterValidator applies them. */
function validBranchName(name: string): boolean {
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false;
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x20\x7f~^:?[\\]/.test(name);
}

/** A field error the form and the API both understand, for a name or description too long. */
export function checkLength(field: string, value: string | null | undefined, max: number): void {
  if (value != null && value.length > max) throw fieldErrors({ [field]: [`is too long (maximum is ${max} characters)`] });
}
